package dev.edgecam.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Real baseline JPEGs for tests, made with the JDK's encoder: four coloured quadrants and a frame number. */
public final class TestJpegs {

    /** The quadrant colours, clockwise from the top left. */
    public static final Color[] QUADRANTS = {Color.RED, Color.GREEN, Color.BLUE, Color.WHITE};

    private TestJpegs() {
    }

    /** A {@code width}x{@code height} JPEG: red, green, blue and white quadrants with {@code number} written on it. */
    public static byte[] quadrants(int width, int height, int number) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            int halfW = width / 2;
            int halfH = height / 2;
            g.setColor(QUADRANTS[0]);
            g.fillRect(0, 0, halfW, halfH);
            g.setColor(QUADRANTS[1]);
            g.fillRect(halfW, 0, width - halfW, halfH);
            g.setColor(QUADRANTS[2]);
            g.fillRect(halfW, halfH, width - halfW, height - halfH);
            g.setColor(QUADRANTS[3]);
            g.fillRect(0, halfH, halfW, height - halfH);
            g.setColor(Color.BLACK);
            g.drawString(Integer.toString(number), 4, 14);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("the JDK has no JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
