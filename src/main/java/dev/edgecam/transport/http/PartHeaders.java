package dev.edgecam.transport.http;

import dev.edgecam.frame.Frame;
import dev.edgecam.wire.mjpeg.MjpegProtocol;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The multipart headers of the newest frame, built once and shared by every stream client, like the JPEG
 * bytes themselves. Two event loops may build the same header at the same moment; either result is right.
 */
final class PartHeaders {

    private record Entry(Frame frame, byte[] header) {
    }

    private final AtomicReference<Entry> last = new AtomicReference<>();

    /** The bytes between a part's boundary and its JPEG; the array is shared and must not be modified. */
    byte[] of(Frame frame) {
        Entry entry = last.get();
        if (entry != null && entry.frame() == frame) {
            return entry.header();
        }
        byte[] header = MjpegProtocol.partHeader(frame.size(), frame.captureEpochMicros(), frame.sequence());
        last.set(new Entry(frame, header));
        return header;
    }
}
