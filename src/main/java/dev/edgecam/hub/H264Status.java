package dev.edgecam.hub;

/**
 * What {@code /state} says about a camera's H.264 rendition.
 *
 * @param encoder FFmpeg's name of the encoder in use ({@code libopenh264}, {@code h264_v4l2m2m}, ...), the last one
 *     used when it is closed, or {@code ""} before any was opened
 * @param open true while the encoder is open (somebody watches, or did in the last
 *     {@link H264Publisher#IDLE_CLOSE_NANOS} ns)
 * @param passthrough true when the camera's own H.264 is served as it came (no encoder)
 * @param bitrate bits per second the encoder aims for (0 when none is open or passing through)
 * @param keyframeIntervalSeconds seconds between scheduled keyframes
 * @param encodeMillisPerFrame mean time to encode one picture (0 before any)
 * @param framesEncoded pictures encoded so far
 * @param keyframesForced keyframes forced for viewers that could not start from the cached GOP
 * @param encoderOpens how many times an encoder was opened (once per watching period and size)
 * @param decoderOpens how many times the passed-through H.264 was decoded for JPEG viewers (once per watching period)
 */
public record H264Status(String encoder, boolean open, boolean passthrough, long bitrate,
                         double keyframeIntervalSeconds, double encodeMillisPerFrame, long framesEncoded,
                         long keyframesForced, long encoderOpens, long decoderOpens) {

    H264Status withDecoderOpens(long opens) {
        return new H264Status(encoder, open, passthrough, bitrate, keyframeIntervalSeconds, encodeMillisPerFrame,
                framesEncoded, keyframesForced, encoderOpens, opens);
    }
}
