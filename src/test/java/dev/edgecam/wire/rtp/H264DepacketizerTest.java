package dev.edgecam.wire.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loss, reordering and keyframe waiting, with exact packets in and exact access units out. */
class H264DepacketizerTest {

    private static final byte[] SPS = {0x67, 0x42, (byte) 0xc0, 0x1f, 0x11};
    private static final byte[] PPS = {0x68, (byte) 0xce, 0x3c, (byte) 0x80};

    private final H264Packetizer packetizer = new H264Packetizer(96, 1, 65534, 100);
    private final List<H264Depacketizer.AccessUnit> received = new ArrayList<>();
    private final H264Depacketizer depacketizer = new H264Depacketizer(received::add);

    private static byte[] slice(int type, int size, int fill) {
        byte[] nal = new byte[size];
        java.util.Arrays.fill(nal, (byte) fill);
        nal[0] = (byte) (0x60 | type);
        return nal;
    }

    private RtpPackets keyframe(long timestamp) {
        return packetizer.packetize(H264PacketizerPropertiesTest.annexB(List.of(SPS, PPS, slice(5, 350, 7))), timestamp);
    }

    private RtpPackets delta(long timestamp) {
        return packetizer.packetize(H264PacketizerPropertiesTest.annexB(List.of(slice(1, 250, 9))), timestamp);
    }

    private void send(RtpPackets packets, int... skip) {
        outer:
        for (int i = 0; i < packets.packets().size(); i++) {
            for (int s : skip) {
                if (s == i) {
                    continue outer;
                }
            }
            byte[] packet = packets.packets().get(i);
            depacketizer.accept(packet, 0, packet.length);
        }
    }

    @Test
    void aLostFragmentDropsItsAccessUnitAndEveryOneUntilTheNextKeyframe() {
        send(keyframe(0));
        send(delta(3000), 1); // its second of three fragments lost
        send(delta(6000));
        send(keyframe(9000));
        send(delta(12000));
        assertThat(received).extracting(H264Depacketizer.AccessUnit::timestamp).containsExactly(0L, 9000L, 12000L);
        assertThat(received.get(0).keyframe()).isTrue();
        assertThat(received.get(2).keyframe()).isFalse();
        assertThat(depacketizer.packetsLost()).isEqualTo(1);
        assertThat(depacketizer.accessUnitsDropped()).isEqualTo(2);
    }

    @Test
    void aLostMarkerPacketIsNoticedAtTheNextTimestamp() {
        send(keyframe(0));
        RtpPackets lostEnd = delta(3000);
        send(lostEnd, lostEnd.packets().size() - 1);
        send(keyframe(6000));
        assertThat(received).extracting(H264Depacketizer.AccessUnit::timestamp).containsExactly(0L, 6000L);
    }

    @Test
    void aReceiverJoiningMidStreamWaitsForAKeyframe() {
        delta(0).packets(); // made, never sent
        send(delta(3000));
        send(keyframe(6000));
        assertThat(received).extracting(H264Depacketizer.AccessUnit::timestamp).containsExactly(6000L);
    }

    @Test
    void lateAndDuplicatePacketsAreIgnored() {
        RtpPackets key = keyframe(0);
        send(key);
        byte[] old = key.packets().get(0);
        depacketizer.accept(old, 0, old.length);
        send(delta(3000));
        assertThat(received).hasSize(2);
        assertThat(depacketizer.packetsLate()).isEqualTo(1);
        assertThat(depacketizer.packetsLost()).isZero();
    }

    @Test
    void aBurstOfDuplicatesJustBehindIsIgnoredNotTakenForARestart() {
        send(keyframe(0));
        RtpPackets big = packetizer.packetize(H264PacketizerPropertiesTest.annexB(List.of(slice(1, 1000, 9))), 3000);
        assertThat(big.packets().size()).as("more packets than a restart needs").isGreaterThan(
                H264Depacketizer.RESYNC_PACKETS);
        send(big);
        send(big); // the network delivers the frame twice: a run of in-order packets just behind the expected one
        send(delta(6000));

        assertThat(received).extracting(H264Depacketizer.AccessUnit::timestamp).containsExactly(0L, 3000L, 6000L);
        assertThat(depacketizer.packetsLost()).isZero();
        assertThat(depacketizer.packetsLate()).isEqualTo(big.packets().size());
    }

    @Test
    void aSenderThatRestartsItsNumberingFarBackIsFollowedAfterAFewPackets() {
        send(keyframe(0));
        send(delta(3000));
        // The sender restarts (a server restart): its numbering begins 20000 behind, which looks like old packets.
        H264Packetizer restarted = new H264Packetizer(96, 1, 45000, 100);
        List<RtpPackets> after = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<byte[]> nals = i % 3 == 0 ? List.of(SPS, PPS, slice(5, 350, 7)) : List.of(slice(1, 250, 9));
            after.add(restarted.packetize(H264PacketizerPropertiesTest.annexB(nals), 90_000 + i * 3000L));
        }
        after.forEach(this::send);
        // The first packets count as late until RESYNC_PACKETS in a row show a new numbering; from the next
        // keyframe on every access unit arrives again.
        assertThat(received).extracting(H264Depacketizer.AccessUnit::timestamp)
                .containsExactly(0L, 3000L, 99_000L, 102_000L, 105_000L);
        assertThat(depacketizer.packetsLate()).isEqualTo(H264Depacketizer.RESYNC_PACKETS - 1);
        assertThat(depacketizer.packetsLost()).isZero();
    }

    @Test
    void aStapAAggregateIsSplitIntoItsNalUnits() {
        byte[] stap = new byte[RtpHeader.SIZE + 1 + 2 + SPS.length + 2 + PPS.length];
        RtpHeader.write(stap, 0, false, 96, 10, 0, 1);
        int at = RtpHeader.SIZE;
        stap[at++] = 24;
        for (byte[] nal : List.of(SPS, PPS)) {
            stap[at++] = 0;
            stap[at++] = (byte) nal.length;
            System.arraycopy(nal, 0, stap, at, nal.length);
            at += nal.length;
        }
        byte[] idr = slice(5, 20, 3);
        byte[] single = new byte[RtpHeader.SIZE + idr.length];
        RtpHeader.write(single, 0, true, 96, 11, 0, 1);
        System.arraycopy(idr, 0, single, RtpHeader.SIZE, idr.length);
        depacketizer.accept(stap, 0, stap.length);
        depacketizer.accept(single, 0, single.length);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).annexB())
                .isEqualTo(H264PacketizerPropertiesTest.annexB4(List.of(SPS, PPS, idr)));
    }
}
