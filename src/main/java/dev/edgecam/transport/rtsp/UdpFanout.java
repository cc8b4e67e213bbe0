package dev.edgecam.transport.rtsp;

import dev.edgecam.frame.Frame;
import dev.edgecam.hub.GopHub;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * The live edge of one camera's UDP unicast viewers: those whose own cursor caught up with the camera
 * ({@link UdpUnicastDelivery}) are served here by ONE cursor in the camera's {@link GopHub}, woken once per frame,
 * which takes the frame's shared packets once and writes them to each viewer (in segmented runs where the kernel
 * can, {@link UdpPackets}), then flushes the socket once. So the
 * per-frame work (a wake-up task, the packet lock, counting the packets, a flush) is paid once, not once per viewer;
 * only the datagrams themselves are per viewer. A viewer still catching up (bursting the cached GOP) keeps its own
 * cursor until it reaches the newest frame, then joins here at the hub position it reached.
 *
 * <p>Runs on the RTP socket's event loop only; every viewer still decides for itself whether the socket is writable
 * (else it drops that frame and the rest of its GOP), as with its own cursor.
 */
final class UdpFanout {

    private final Channel rtp;
    private final RtpStream stream;
    private final UdpSegmentation segmentation;
    private final Runnable onEmpty;
    private final List<UdpUnicastDelivery> viewers = new ArrayList<>();
    private final PumpWakeups wakeups;
    private GopHub.Subscriber subscriber;
    private long reportedSkips;

    /** @param onEmpty run when the last viewer left (the owner forgets this fan-out) */
    UdpFanout(Channel rtp, RtpStream stream, UdpSegmentation segmentation, Runnable onEmpty) {
        this.rtp = rtp;
        this.stream = stream;
        this.segmentation = segmentation;
        this.onEmpty = onEmpty;
        this.wakeups = new PumpWakeups(rtp.eventLoop(), this::pump);
    }

    /** Adds a viewer whose next frame is the one at its {@code joinPosition}; on the event loop. */
    void join(UdpUnicastDelivery viewer) {
        viewers.add(viewer);
        if (subscriber == null) {
            reportedSkips = 0;
            subscriber = stream.hub().subscribe(frame -> wakeups.wake());
        }
        pump();
    }

    /** Removes a viewer; the last one out stops the cursor (no more demand from here). On the event loop. */
    void leave(UdpUnicastDelivery viewer) {
        viewers.remove(viewer);
        if (viewers.isEmpty() && subscriber != null) {
            subscriber.close();
            subscriber = null;
            onEmpty.run();
        }
    }

    private void pump() {
        if (subscriber == null) {
            return;
        }
        boolean wrote = false;
        int taken = 0;
        for (; taken < UdpUnicastDelivery.MAX_FRAMES_PER_PUMP; taken++) {
            Frame frame = subscriber.next();
            if (frame == null) {
                break;
            }
            long position = subscriber.position() - 1;
            UdpPackets packets = stream.udpPackets(frame);
            try {
                boolean segmented = segmentation.on();
                for (UdpUnicastDelivery viewer : viewers) {
                    wrote |= viewer.sendShared(frame, position, packets, segmented);
                }
            } finally {
                packets.release();
            }
        }
        if (wrote) {
            rtp.flush();
        }
        long skipped = subscriber.framesSkipped();
        if (skipped > reportedSkips) {
            for (UdpUnicastDelivery viewer : viewers) {
                viewer.skippedShared(skipped - reportedSkips);
            }
            reportedSkips = skipped;
        }
        if (taken == UdpUnicastDelivery.MAX_FRAMES_PER_PUMP) {
            wakeups.wakeAfter(UdpUnicastDelivery.CATCH_UP_PAUSE_MICROS);
        }
    }
}
