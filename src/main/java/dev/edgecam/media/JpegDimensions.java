package dev.edgecam.media;

import dev.edgecam.frame.Size;
import java.io.IOException;

/**
 * Reads a JPEG's width and height from its start-of-frame marker without decoding the picture, so a
 * recorder can describe its video stream and a viewer can show the resolution at no cost.
 */
public final class JpegDimensions {

    private JpegDimensions() {
    }

    /** The picture size, or {@code null} when the bytes hold no readable start-of-frame marker. */
    public static Size of(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            return null;
        }
        int i = 2;
        // Walk the marker segments; every one up to the start of scan carries a 2-byte length.
        while (i + 4 <= jpeg.length) {
            if ((jpeg[i] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = jpeg[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            int length = u16(jpeg, i + 2);
            if (isStartOfFrame(marker)) {
                if (i + 9 > jpeg.length) {
                    return null;
                }
                int height = u16(jpeg, i + 5);
                int width = u16(jpeg, i + 7);
                try {
                    return new Size(width, height);
                } catch (IllegalArgumentException outsideWhatEdgecamHandles) {
                    return null;
                }
            }
            if (marker == 0xDA || length < 2) {
                return null;
            }
            i += 2 + length;
        }
        return null;
    }

    /**
     * The picture size of a recording's first frame, which describes the file's video stream.
     *
     * @throws IOException when the frame is not a JPEG whose size can be read (nothing can be recorded then)
     */
    static Size ofFirstFrame(byte[] jpeg) throws IOException {
        Size size = of(jpeg);
        if (size == null) {
            throw new IOException("the first frame is not a JPEG whose picture size can be read; nothing was recorded");
        }
        return size;
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
