package dev.edgecam.source;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

/**
 * Puts a passed-through H.264 stream's packets on the wall clock by the stream's own timestamps, so that a camera's
 * B-frames keep their presentation times (RFC 6184 section 5.1: an RTP timestamp is the presentation time).
 *
 * <p>Packets come in decode order. With B-frames a picture is shown later than it is decoded, and not in the order it
 * came: the demuxer's decode timestamp (DTS) and presentation timestamp (PTS) say by how much. Stamping each packet
 * with its arrival time, as before, gave players wrong presentation times: a camera (or GStreamer's RTSP server) sends
 * a P-frame and the B-frames shown before it in one burst, so their arrival says nothing about their spacing. Here:
 *
 * <ul>
 *   <li>the decode time is the packet's DTS mapped to the wall clock: anchored at the first packet's arrival, then
 *       following the stream's own spacing, pulled towards the arrival times by 1/{@value #SLEW_DIVISOR} of the
 *       difference per packet, at most {@value #MAX_SLEW_MICROS} µs (the camera's clock drifts from ours; a network's
 *       delay changes), and anchored afresh
 *       when the stream's time goes back or more than {@value #MAX_DRIFT_MICROS} µs away from ours (a camera that
 *       restarted, FFmpeg switching to RTCP time);</li>
 *   <li>the presentation offset is PTS minus DTS (0 without B-frames), so the presentation time is decode time plus
 *       offset.</li>
 * </ul>
 *
 * A packet without a DTS (FFmpeg knows none for an RTSP camera's first two or three packets, until it has seen the
 * reordering) gets its arrival time and offset 0. Decode times always increase. One per opened stream; used by the
 * capture thread only.
 */
final class PacketTimeline {

    /** A timestamp the stream did not give: FFmpeg's own "no time", so the demuxer's values pass as they are. */
    static final long UNKNOWN = AV_NOPTS_VALUE;
    /** Fraction of the distance to the arrival time the mapping moves per packet. */
    static final int SLEW_DIVISOR = 256;
    /**
     * Most the mapping moves per packet: a picture's spacing changes by at most this (0.25 % at 25 fps), and a clock
     * drifting 2500 ppm (far more than any camera's) is still followed.
     */
    static final long MAX_SLEW_MICROS = 100;
    /** The stream's time this far from the arrival times is a jump, not drift: anchor afresh. */
    static final long MAX_DRIFT_MICROS = 1_000_000;

    /** Where one packet goes on the wall clock. */
    record Stamp(long decodeEpochMicros, long presentationOffsetMicros) {
    }

    private boolean anchored;
    private long anchorStreamMicros;
    private long anchorEpochMicros;
    private long lastStreamDts = UNKNOWN;
    private long lastDecodeEpochMicros = UNKNOWN;
    /** The last positive step between decode timestamps: where a re-anchored stream's next packet goes at the earliest. */
    private long lastStepMicros = 1;

    /**
     * @param ptsMicros the packet's presentation timestamp in microseconds of the stream's clock, or {@link #UNKNOWN}
     * @param dtsMicros its decode timestamp on the same clock, or {@link #UNKNOWN}
     * @param arrivalEpochMicros when it arrived, in epoch microseconds
     */
    Stamp stamp(long ptsMicros, long dtsMicros, long arrivalEpochMicros) {
        if (dtsMicros == UNKNOWN) {
            anchored = false;
            return place(arrivalEpochMicros, 0);
        }
        long offset = ptsMicros == UNKNOWN ? 0
                : Math.min(Math.max(0, ptsMicros - dtsMicros), dev.edgecam.frame.Frame.MAX_PRESENTATION_OFFSET_MICROS);
        long mapped = anchorEpochMicros + (dtsMicros - anchorStreamMicros);
        if (!anchored || dtsMicros <= lastStreamDts || Math.abs(arrivalEpochMicros - mapped) > MAX_DRIFT_MICROS) {
            anchored = true;
            anchorStreamMicros = dtsMicros;
            anchorEpochMicros = lastDecodeEpochMicros == UNKNOWN ? arrivalEpochMicros
                    : Math.max(arrivalEpochMicros, lastDecodeEpochMicros + lastStepMicros);
            mapped = anchorEpochMicros;
        } else {
            lastStepMicros = dtsMicros - lastStreamDts;
            long pull = (arrivalEpochMicros - mapped) / SLEW_DIVISOR;
            anchorEpochMicros += Math.max(-MAX_SLEW_MICROS, Math.min(MAX_SLEW_MICROS, pull));
        }
        lastStreamDts = dtsMicros;
        return place(mapped, offset);
    }

    private Stamp place(long decodeEpochMicros, long offset) {
        long decode = lastDecodeEpochMicros == UNKNOWN ? decodeEpochMicros
                : Math.max(decodeEpochMicros, lastDecodeEpochMicros + 1);
        lastDecodeEpochMicros = decode;
        return new Stamp(decode, offset);
    }
}
