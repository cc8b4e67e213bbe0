package dev.edgecam.transport.onvif;

import dev.edgecam.camera.Camera;
import dev.edgecam.encode.EncodeSettings;
import dev.edgecam.encode.H264Settings;
import dev.edgecam.frame.Size;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.wire.onvif.Soap;

/**
 * One camera as ONVIF's Media service shows it: a profile (token = the camera id) made of a video source and an
 * H.264 encoder configuration, with the size, rate and bitrate the camera streams at now.
 *
 * @param id the camera id (the profile's token; the RTSP path)
 * @param size the picture's size: the output size asked for, else the source's, else the configured one
 * @param fps the frame rate: the source's own (else the configured one), capped by the live settings' {@code maxFps}
 * @param bitrate the H.264 bitrate in bit/s
 * @param govLength frames between keyframes
 * @param quality the JPEG quality (ONVIF wants a quality for every encoder)
 */
record MediaProfile(String id, Size size, double fps, long bitrate, int govLength, int quality) {

    static MediaProfile of(ServedCamera served) {
        Camera camera = served.camera();
        EncodeSettings settings = camera.settings();
        Size size = settings.outputSize() != null ? settings.outputSize()
                : camera.sourceSize() != null ? camera.sourceSize() : camera.config().size();
        double fps = camera.sourceFps() > 0 ? camera.sourceFps()
                : camera.config().fps() > 0 ? camera.config().fps() : H264Settings.FALLBACK_FPS;
        if (settings.maxFps() > 0 && settings.maxFps() < fps) {
            fps = settings.maxFps();
        }
        H264Settings h264 = camera.h264Settings();
        return new MediaProfile(camera.id(), size, fps, h264.bitrateFor(size, fps), h264.keyframeFrames(fps),
                settings.quality());
    }

    String sourceToken() {
        return "source_" + id;
    }

    String sourceConfigurationToken() {
        return "source_config_" + id;
    }

    String encoderToken() {
        return "h264_" + id;
    }

    /** {@code <trt:Profiles>} (or another element name) with the source and encoder configurations inside. */
    String profile(String element) {
        return "<" + element + " token=\"" + Soap.escape(id) + "\" fixed=\"true\">" + Soap.element("tt:Name", id)
                + sourceConfiguration("tt:VideoSourceConfiguration") + encoderConfiguration("tt:VideoEncoderConfiguration")
                + "</" + element + ">";
    }

    String videoSource(String element) {
        return "<" + element + " token=\"" + Soap.escape(sourceToken()) + "\">" + Soap.element("tt:Framerate", fps)
                + resolution() + "</" + element + ">";
    }

    String sourceConfiguration(String element) {
        return "<" + element + " token=\"" + Soap.escape(sourceConfigurationToken()) + "\">"
                + Soap.element("tt:Name", sourceConfigurationToken()) + Soap.element("tt:UseCount", 1)
                + Soap.element("tt:SourceToken", sourceToken())
                + "<tt:Bounds x=\"0\" y=\"0\" width=\"" + size.width() + "\" height=\"" + size.height() + "\"/>"
                + "</" + element + ">";
    }

    String encoderConfiguration(String element) {
        return "<" + element + " token=\"" + Soap.escape(encoderToken()) + "\">" + Soap.element("tt:Name", encoderToken())
                + Soap.element("tt:UseCount", 1) + Soap.element("tt:Encoding", "H264") + resolution()
                + Soap.element("tt:Quality", quality)
                + "<tt:RateControl>" + Soap.element("tt:FrameRateLimit", Math.max(1, Math.round(fps)))
                + Soap.element("tt:EncodingInterval", 1) + Soap.element("tt:BitrateLimit", Math.max(1, bitrate / 1000))
                + "</tt:RateControl>"
                + "<tt:H264>" + Soap.element("tt:GovLength", govLength) + Soap.element("tt:H264Profile", "Baseline")
                + "</tt:H264>"
                + "<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address></tt:Address>"
                + "<tt:Port>0</tt:Port><tt:TTL>1</tt:TTL><tt:AutoStart>false</tt:AutoStart></tt:Multicast>"
                + Soap.element("tt:SessionTimeout", "PT60S")
                + "</" + element + ">";
    }

    private String resolution() {
        return "<tt:Resolution>" + Soap.element("tt:Width", size.width()) + Soap.element("tt:Height", size.height())
                + "</tt:Resolution>";
    }
}
