package dev.edgecam.media;

import dev.edgecam.frame.AnnexB;
import dev.edgecam.frame.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Fragmented MP4 (ISO/IEC 14496-12) of live H.264, as Media Source Extensions take it: one initialisation segment
 * per stream ({@link #initSegment}), then one fragment per frame ({@link #fragment}). Pure: bytes in, bytes out.
 *
 * <pre>
 *   init:     ftyp | moov( mvhd | trak( tkhd | mdia( mdhd | hdlr | minf( vmhd | dinf | stbl( stsd(avc1(avcC)) | empty tables ))))
 *                         | mvex( trex ) )
 *   fragment: prft(capture time, as NTP; the decode time it belongs to)
 *             | moof( mfhd(sequence) | traf( tfhd | tfdt(decode time) | trun(one sample: duration, size, flags,
 *                     [composition offset,] data offset) ) )
 *             | mdat( the access unit as 4-byte-length NAL units, without AUD, SPS and PPS )
 * </pre>
 *
 * <p>Time is at {@link #TIMESCALE} (90 kHz, as RTP). A fragment's decode time and duration are its frame's place on
 * the stream's {@link Fmp4Timeline}: contiguous, so a late frame is never a discontinuity to Media Source Extensions.
 * The decode time is therefore not the capture time; the {@code prft} box (ISO/IEC 14496-12's producer reference
 * time, flags 24: the time the frame was captured) pairs the two, and the player reads it to measure latency. Every
 * frame is a sync sample or depends on earlier ones. A frame of a stream with B-frames (a camera's H.264 passed
 * through) is shown after it is decoded: its {@link Frame#presentationOffsetMicros()} becomes the sample's composition
 * time offset in {@code trun} (flag 0x800, version 0: never negative); without B-frames there is none. The SPS and PPS live in the init segment; a stream whose parameter sets change needs a new
 * one ({@link H264ParameterSets#sameAs}).
 *
 * <p>A fragment depends on nothing of the client it goes to ({@code mfhd}'s sequence number is the frame's, its place
 * on the timeline the stream's), so one is built per frame and shared by every viewer.
 */
public final class Fmp4Fragmenter {

    /** Ticks per second of the timeline: 90 kHz, as RTP's H.264 clock. */
    public static final int TIMESCALE = 90_000;
    private static final int TRACK_ID = 1;
    /** trun flags: data offset, sample duration, sample size and sample flags present. */
    private static final int TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400;
    /** trun flag: the sample's composition time offset is present (a frame of a stream with B-frames). */
    static final int TRUN_COMPOSITION_OFFSET = 0x000800;
    /** tfhd flag: offsets count from the start of the moof (the only mode MSE accepts). */
    private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
    /** Sample flags: depends on no other sample (sample_depends_on 2), a sync sample. */
    private static final int SYNC_SAMPLE_FLAGS = 0x02000000;
    /** Sample flags: depends on others (sample_depends_on 1), not a sync sample. */
    private static final int DEPENDENT_SAMPLE_FLAGS = 0x01010000;
    /** prft flags: the UTC time is when the frame was captured (ISO/IEC 14496-12:2022, 8.16.5). */
    private static final int PRFT_CAPTURED = 24;
    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;
    /** Bytes of the prft box (version 1: 64-bit media time) in front of each fragment's moof. */
    public static final int PRFT_BYTES = 32;

    private Fmp4Fragmenter() {
    }

    /** {@code ftyp} and {@code moov} of a stream with these parameter sets. */
    public static byte[] initSegment(H264ParameterSets params) {
        Boxes out = new Boxes();
        int ftyp = out.open("ftyp");
        out.ascii("iso5").u32(512).ascii("iso5").ascii("iso6").ascii("avc1").ascii("mp41");
        out.close(ftyp);
        int moov = out.open("moov");
        int mvhd = out.openFull("mvhd", 0, 0);
        out.u32(0).u32(0).u32(TIMESCALE).u32(0); // creation, modification, timescale, duration (live: 0)
        out.u32(0x00010000).u16(0x0100).u16(0).u32(0).u32(0); // rate 1.0, volume 1.0, reserved
        matrix(out);
        out.zeros(24).u32(TRACK_ID + 1); // pre_defined, next_track_ID
        out.close(mvhd);
        int trak = out.open("trak");
        int tkhd = out.openFull("tkhd", 0, 3); // enabled, in movie
        out.u32(0).u32(0).u32(TRACK_ID).u32(0).u32(0); // creation, modification, track, reserved, duration
        out.zeros(8).u16(0).u16(0).u16(0).u16(0); // reserved, layer, alternate group, volume, reserved
        matrix(out);
        out.u32(params.width() << 16).u32(params.height() << 16);
        out.close(tkhd);
        int mdia = out.open("mdia");
        int mdhd = out.openFull("mdhd", 0, 0);
        out.u32(0).u32(0).u32(TIMESCALE).u32(0).u16(0x55c4).u16(0); // language "und"
        out.close(mdhd);
        int hdlr = out.openFull("hdlr", 0, 0);
        out.u32(0).ascii("vide").zeros(12).bytes("edgecam\0".getBytes(StandardCharsets.US_ASCII));
        out.close(hdlr);
        int minf = out.open("minf");
        int vmhd = out.openFull("vmhd", 0, 1);
        out.zeros(8);
        out.close(vmhd);
        int dinf = out.open("dinf");
        int dref = out.openFull("dref", 0, 0);
        out.u32(1);
        out.close(out.openFull("url ", 0, 1)); // media in the same file
        out.close(dref);
        out.close(dinf);
        int stbl = out.open("stbl");
        int stsd = out.openFull("stsd", 0, 0);
        out.u32(1);
        int avc1 = out.open("avc1");
        out.zeros(6).u16(1); // reserved, data_reference_index
        out.zeros(16).u16(params.width()).u16(params.height());
        out.u32(0x00480000).u32(0x00480000).u32(0).u16(1); // 72 dpi, reserved, one frame per sample
        out.zeros(32).u16(0x0018).u16(0xffff); // compressor name, depth, pre_defined -1
        int avcC = out.open("avcC");
        out.bytes(params.avcConfiguration());
        out.close(avcC);
        out.close(avc1);
        out.close(stsd);
        for (String empty : new String[] {"stts", "stsc", "stco"}) {
            int table = out.openFull(empty, 0, 0);
            out.u32(0);
            out.close(table);
        }
        int stsz = out.openFull("stsz", 0, 0);
        out.u32(0).u32(0);
        out.close(stsz);
        out.close(stbl);
        out.close(minf);
        out.close(mdia);
        out.close(trak);
        int mvex = out.open("mvex");
        int trex = out.openFull("trex", 0, 0);
        out.u32(TRACK_ID).u32(1).u32(0).u32(0).u32(0); // track, sample description 1, no defaults
        out.close(trex);
        out.close(mvex);
        out.close(moov);
        return out.toByteArray();
    }

    /**
     * The {@code prft}, {@code moof} and {@code mdat} of one frame.
     *
     * @param place the frame's decode time and duration on the stream's timeline ({@link Fmp4Timeline#place})
     */
    public static byte[] fragment(Frame frame, Fmp4Timeline.Placement place) {
        byte[] sample = lengthPrefixed(frame.bytes());
        Boxes out = new Boxes();
        int prft = out.openFull("prft", 1, PRFT_CAPTURED);
        out.u32(TRACK_ID).u64(ntpTime(frame.captureEpochMicros())).u64(place.decodeTime());
        out.close(prft);
        int moof = out.open("moof");
        int mfhd = out.openFull("mfhd", 0, 0);
        out.u32((int) frame.sequence());
        out.close(mfhd);
        int traf = out.open("traf");
        int tfhd = out.openFull("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF);
        out.u32(TRACK_ID);
        out.close(tfhd);
        int tfdt = out.openFull("tfdt", 1, 0);
        out.u64(place.decodeTime());
        out.close(tfdt);
        long compositionOffset = decodeTime(frame.presentationOffsetMicros());
        int trun = out.openFull("trun", 0, compositionOffset > 0 ? TRUN_FLAGS | TRUN_COMPOSITION_OFFSET : TRUN_FLAGS);
        out.u32(1);
        int dataOffsetAt = out.size();
        out.u32(0); // patched below: from the moof's start to the sample in the mdat
        out.u32(place.durationTicks()).u32(sample.length)
                .u32(frame.keyframe() ? SYNC_SAMPLE_FLAGS : DEPENDENT_SAMPLE_FLAGS);
        if (compositionOffset > 0) {
            out.u32((int) compositionOffset); // version 0: unsigned; a frame is never shown before it is decoded
        }
        out.close(trun);
        out.close(traf);
        out.close(moof);
        out.patch(dataOffsetAt, out.size() - moof + 8);
        int mdat = out.open("mdat");
        out.bytes(sample);
        out.close(mdat);
        return out.toByteArray();
    }

    /** Epoch microseconds as a 64-bit NTP timestamp: seconds since 1900, then the fraction of a second in 1/2^32. */
    static long ntpTime(long epochMicros) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        long micros = Math.floorMod(epochMicros, 1_000_000L);
        return (seconds + NTP_UNIX_OFFSET_SECONDS) << 32 | (micros << 32) / 1_000_000L;
    }

    /** The epoch microseconds of a 64-bit NTP timestamp (a prft box's capture time): {@link #ntpTime}'s inverse. */
    public static long epochMicros(long ntpTime) {
        long seconds = (ntpTime >>> 32) - NTP_UNIX_OFFSET_SECONDS;
        return seconds * 1_000_000L + (((ntpTime & 0xffff_ffffL) * 1_000_000L + (1L << 31)) >>> 32); // to the nearest µs
    }

    /** A capture time in epoch microseconds on the 90 kHz timeline. */
    public static long decodeTime(long captureEpochMicros) {
        return captureEpochMicros * 9 / 100;
    }

    /** The access unit's NAL units, each behind its 4-byte length, without AUD, SPS and PPS (they are in the moov). */
    static byte[] lengthPrefixed(byte[] accessUnit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(accessUnit.length + 16);
        for (AnnexB.Nal nal : AnnexB.split(accessUnit)) {
            int type = nal.type();
            if (type == AnnexB.NAL_AUD || type == AnnexB.NAL_SPS || type == AnnexB.NAL_PPS) {
                continue;
            }
            out.write(nal.length() >>> 24);
            out.write(nal.length() >>> 16);
            out.write(nal.length() >>> 8);
            out.write(nal.length());
            out.write(nal.bytes(), nal.offset(), nal.length());
        }
        return out.toByteArray();
    }

    private static void matrix(Boxes out) {
        out.u32(0x00010000).u32(0).u32(0).u32(0).u32(0x00010000).u32(0).u32(0).u32(0).u32(0x40000000);
    }

    /** Writes boxes: each opened with a size patched when it is closed. */
    private static final class Boxes extends ByteArrayOutputStream {

        Boxes() {
            super(256);
        }

        int open(String type) {
            int at = size();
            u32(0);
            ascii(type);
            return at;
        }

        int openFull(String type, int version, int flags) {
            int at = open(type);
            u32(version << 24 | flags);
            return at;
        }

        void close(int at) {
            patch(at, size() - at);
        }

        void patch(int at, int value) {
            buf[at] = (byte) (value >>> 24);
            buf[at + 1] = (byte) (value >>> 16);
            buf[at + 2] = (byte) (value >>> 8);
            buf[at + 3] = (byte) value;
        }

        Boxes u16(int value) {
            write(value >>> 8);
            write(value);
            return this;
        }

        Boxes u32(int value) {
            u16(value >>> 16);
            return u16(value & 0xffff);
        }

        Boxes u64(long value) {
            u32((int) (value >>> 32));
            return u32((int) value);
        }

        Boxes ascii(String text) {
            writeBytes(text.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Boxes zeros(int count) {
            writeBytes(new byte[count]);
            return this;
        }

        Boxes bytes(byte[] bytes) {
            writeBytes(bytes);
            return this;
        }
    }
}
