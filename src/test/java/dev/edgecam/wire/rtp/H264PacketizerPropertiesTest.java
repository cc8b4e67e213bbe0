package dev.edgecam.wire.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Packetizing any access unit (any number of NAL units of any size and type) and depacketizing the packets gives the
 * same NAL units back; every payload fits the bound; sequence numbers are consecutive across access units; only the
 * last packet of an access unit has the marker bit.
 */
class H264PacketizerPropertiesTest {

    @Property(tries = 300)
    void packetsRoundTripAndKeepTheRules(@ForAll("accessUnits") List<List<byte[]>> accessUnits,
                                         @ForAll @IntRange(min = 0, max = 65535) int firstSequence,
                                         @ForAll @IntRange(min = 3, max = 1400) int maxPayload) {
        H264Packetizer packetizer = new H264Packetizer(96, 0x12345678L, firstSequence, maxPayload);
        List<H264Depacketizer.AccessUnit> received = new ArrayList<>();
        H264Depacketizer depacketizer = new H264Depacketizer(received::add);
        int expectedSequence = firstSequence;
        long timestamp = 4_000_000_000L;
        for (List<byte[]> nals : accessUnits) {
            RtpPackets packets = packetizer.packetize(annexB(nals), timestamp);
            assertThat(packets.firstSequence()).isEqualTo(expectedSequence);
            for (int i = 0; i < packets.packets().size(); i++) {
                byte[] packet = packets.packets().get(i);
                RtpHeader header = RtpHeader.read(packet, 0, packet.length);
                assertThat(header.payloadLength()).isBetween(1, maxPayload);
                assertThat(header.sequence()).isEqualTo(expectedSequence);
                assertThat(header.marker()).isEqualTo(i == packets.packets().size() - 1);
                assertThat(header.timestamp()).isEqualTo(timestamp & 0xffffffffL);
                assertThat(header.ssrc()).isEqualTo(0x12345678L);
                expectedSequence = (expectedSequence + 1) & 0xffff;
                depacketizer.accept(packet, 0, packet.length);
            }
            timestamp += 3000;
        }
        // The first access unit is a keyframe (see accessUnits()), so nothing is held back waiting for one.
        assertThat(received).hasSize(accessUnits.size());
        for (int i = 0; i < accessUnits.size(); i++) {
            List<byte[]> sent = accessUnits.get(i);
            List<NalUnits.Nal> got = NalUnits.split(received.get(i).annexB());
            assertThat(got).hasSize(sent.size());
            for (int n = 0; n < sent.size(); n++) {
                assertThat(got.get(n).copy()).isEqualTo(sent.get(n));
            }
        }
        assertThat(depacketizer.packetsLost()).isZero();
    }

    static byte[] annexB(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean longCode = true;
        for (byte[] nal : nals) {
            out.writeBytes(longCode ? new byte[] {0, 0, 0, 1} : new byte[] {0, 0, 1});
            out.writeBytes(nal);
            longCode = !longCode;
        }
        return out.toByteArray();
    }

    /** Annex B with a 4-byte start code before every NAL unit, as the depacketizer writes it. */
    static byte[] annexB4(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    @Provide
    Arbitrary<List<List<byte[]>>> accessUnits() {
        Arbitrary<List<byte[]>> later = nal(Arbitraries.of(1, 6, 12)).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<byte[]>> keyframe = Combinators.combine(nal(Arbitraries.just(7)), nal(Arbitraries.just(8)),
                nal(Arbitraries.just(5)).list().ofMinSize(1).ofMaxSize(3)).as((sps, pps, slices) -> {
                    List<byte[]> all = new ArrayList<>(List.of(sps, pps));
                    all.addAll(slices);
                    return all;
                });
        return Combinators.combine(keyframe, later.list().ofMaxSize(5)).as((first, rest) -> {
            List<List<byte[]>> all = new ArrayList<>();
            all.add(first);
            all.addAll(rest);
            return all;
        });
    }

    /**
     * A NAL unit: a header of the given type with random NRI, then bytes with no start code in them and no trailing
     * zero (Annex B's emulation prevention guarantees both of any real NAL unit).
     */
    private static Arbitrary<byte[]> nal(Arbitrary<Integer> type) {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, 40)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1300, 5000)));
        return Combinators.combine(type, Arbitraries.integers().between(0, 3), size, Arbitraries.longs())
                .as((t, nri, length, seed) -> {
                    java.util.Random random = new java.util.Random(seed);
                    byte[] nal = new byte[1 + length];
                    nal[0] = (byte) ((nri << 5) | t);
                    for (int i = 1; i < nal.length; i++) {
                        nal[i] = (byte) (random.nextInt(255) + 1); // no zero byte: no start code, no trailing zero
                        if (random.nextInt(8) == 0 && i + 1 < nal.length) {
                            nal[i] = 0; // single zeros are fine: 00 xx with xx != 0 is no start code
                            nal[++i] = (byte) (random.nextInt(255) + 1);
                        }
                    }
                    return nal;
                });
    }
}
