package dev.edgecam.client.receive;

import dev.edgecam.media.JpegDimensions;

/**
 * Whether bytes a server sent are a whole JPEG picture, judged from its markers without decoding it: the
 * start-of-image marker first, a start-of-frame marker with a picture size (as a recorder needs), and the
 * end-of-image marker last, so text, garbage or a picture cut short are not saved as a {@code .jpg}.
 */
public final class JpegCheck {

    private JpegCheck() {
    }

    /** Why {@code bytes} are not a whole JPEG picture, or {@code null} when they are one. */
    public static String problem(byte[] bytes) {
        if (bytes.length < 4 || (bytes[0] & 0xFF) != 0xFF || (bytes[1] & 0xFF) != 0xD8) {
            return "they do not start with the JPEG start-of-image marker FF D8";
        }
        if (JpegDimensions.of(bytes) == null) {
            return "they hold no readable picture size (no JPEG start-of-frame marker)";
        }
        int end = bytes.length;
        while (end > 2 && bytes[end - 1] == 0) {
            end--; // some cameras pad their JPEGs with zero bytes
        }
        if ((bytes[end - 2] & 0xFF) != 0xFF || (bytes[end - 1] & 0xFF) != 0xD9) {
            return "they do not end with the JPEG end-of-image marker FF D9: the picture is cut short";
        }
        return null;
    }
}
