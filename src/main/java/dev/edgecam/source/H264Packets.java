package dev.edgecam.source;

import dev.edgecam.frame.ParameterSets;
import java.io.ByteArrayOutputStream;

/**
 * Turns a source's H.264 packets into what a client can start from: Annex B access units (start codes; a packet in
 * avcC form, length-prefixed as MP4 and Matroska store it, is converted) with SPS and PPS in front of every keyframe
 * (taken from the stream's extradata when the packets do not carry them, as an RTSP camera that sends them only in
 * its SDP). One per opened stream; used by the capture thread.
 */
final class H264Packets {

    private final ParameterSets parameterSets = new ParameterSets();
    /** Bytes of the length prefix of avcC packets (1, 2 or 4), or 0 for Annex B packets. */
    private final int lengthSize;

    /** @param extradata the stream's extradata: avcC (starts with 1) or Annex B parameter sets; may be empty */
    H264Packets(byte[] extradata) {
        if (extradata.length >= 7 && extradata[0] == 1) {
            lengthSize = (extradata[4] & 0x3) + 1;
            parameterSets.seed(avcCParameterSets(extradata));
        } else {
            lengthSize = 0;
            parameterSets.seed(extradata);
        }
    }

    /**
     * The access unit of {@code packet} as a client needs it.
     *
     * @throws IllegalStateException when a keyframe comes before any SPS and PPS are known
     */
    byte[] accessUnit(byte[] packet, boolean keyframe) {
        byte[] annexB = lengthSize == 0 ? packet : toAnnexB(packet);
        return parameterSets.complete(annexB, keyframe);
    }

    private byte[] toAnnexB(byte[] packet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(packet.length + 16);
        int at = 0;
        while (at + lengthSize <= packet.length) {
            int length = 0;
            for (int i = 0; i < lengthSize; i++) {
                length = (length << 8) | (packet[at + i] & 0xff);
            }
            at += lengthSize;
            if (length <= 0 || at + length > packet.length) {
                break; // a damaged packet: keep what was whole
            }
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(1);
            out.write(packet, at, length);
            at += length;
        }
        return out.toByteArray();
    }

    /**
     * The SPS and PPS of an avcC record in Annex B form (ISO 14496-15: version, profile, compatibility, level,
     * length size, then the counted, length-prefixed SPS and PPS).
     */
    static byte[] avcCParameterSets(byte[] avcC) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 5;
        for (int kind = 0; kind < 2 && at < avcC.length; kind++) {
            int count = kind == 0 ? avcC[at++] & 0x1f : avcC[at++] & 0xff;
            for (int i = 0; i < count && at + 2 <= avcC.length; i++) {
                int length = ((avcC[at] & 0xff) << 8) | (avcC[at + 1] & 0xff);
                at += 2;
                if (at + length > avcC.length) {
                    return out.toByteArray();
                }
                out.write(0);
                out.write(0);
                out.write(0);
                out.write(1);
                out.write(avcC, at, length);
                at += length;
            }
        }
        return out.toByteArray();
    }
}
