package dev.edgecam.frame;

/** A picture size in pixels, written {@code WIDTHxHEIGHT} on the command line. */
public record Size(int width, int height) {

    public static final int MIN_SIDE = 16;
    public static final int MAX_SIDE = 8192;

    public Size {
        if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException(
                    "size " + width + "x" + height + " is out of range: each side must be " + MIN_SIDE + " to " + MAX_SIDE);
        }
    }

    /** Parses {@code 1280x720}; the message of the exception says what a valid size looks like. */
    public static Size parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write WIDTHxHEIGHT, such as 1280x720");
        }
        try {
            return new Size(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write WIDTHxHEIGHT, such as 1280x720");
        }
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
