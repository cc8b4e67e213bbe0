package dev.edgecam.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Compares a screenshot of a picture scaled to fit with the picture itself, roughly: the colour of each quadrant. */
public final class Quadrants {

    /** Sum of the red, green and blue differences still counted as the same colour (JPEG and scaling blur). */
    static final int TOLERANCE = 90;

    private Quadrants() {
    }

    /**
     * Asserts that {@code shot}, showing {@code served} scaled to fit with bars around it, has the same colour
     * as {@code served} in the middle of each quadrant, and that those are {@link TestJpegs#QUADRANTS}.
     */
    public static void assertMatch(BufferedImage shot, BufferedImage served) {
        double scale = Math.min(shot.getWidth() / (double) served.getWidth(), shot.getHeight() / (double) served.getHeight());
        int w = (int) Math.round(served.getWidth() * scale);
        int h = (int) Math.round(served.getHeight() * scale);
        int x0 = (shot.getWidth() - w) / 2;
        int y0 = (shot.getHeight() - h) / 2;
        double[][] centres = {{0.25, 0.25}, {0.75, 0.25}, {0.75, 0.75}, {0.25, 0.75}};
        for (int i = 0; i < centres.length; i++) {
            int q = i;
            Color onScreen = average(shot, x0 + (int) (w * centres[q][0]), y0 + (int) (h * centres[q][1]));
            Color inJpeg = average(served, (int) (served.getWidth() * centres[q][0]), (int) (served.getHeight() * centres[q][1]));
            assertThat(inJpeg).as("the served picture's quadrant %d", q).satisfies(c -> close(c, TestJpegs.QUADRANTS[q]));
            assertThat(onScreen).as("quadrant %d on screen vs served %s", q, inJpeg).satisfies(c -> close(c, inJpeg));
        }
    }

    private static void close(Color actual, Color expected) {
        int distance = Math.abs(actual.getRed() - expected.getRed()) + Math.abs(actual.getGreen() - expected.getGreen())
                + Math.abs(actual.getBlue() - expected.getBlue());
        assertThat(distance).as("colour %s vs %s", actual, expected).isLessThan(TOLERANCE);
    }

    private static Color average(BufferedImage image, int cx, int cy) {
        long r = 0;
        long g = 0;
        long b = 0;
        int n = 0;
        for (int y = cy - 5; y <= cy + 5; y++) {
            for (int x = cx - 5; x <= cx + 5; x++) {
                int rgb = image.getRGB(x, y);
                r += (rgb >> 16) & 0xFF;
                g += (rgb >> 8) & 0xFF;
                b += rgb & 0xFF;
                n++;
            }
        }
        return new Color((int) (r / n), (int) (g / n), (int) (b / n));
    }
}
