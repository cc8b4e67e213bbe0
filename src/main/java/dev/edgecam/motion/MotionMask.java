package dev.edgecam.motion;

import java.util.ArrayList;
import java.util.List;

/**
 * A part of the picture where motion does not count (a road, a tree), as a polygon whose corners are fractions of the
 * picture's width and height (0 to 1), so it fits any size. Written as a rectangle {@code x,y,w,h}
 * ({@code 0,0,0.5,0.25}: the top-left quarter of the width, quarter of the height) or as three or more corners
 * {@code x1,y1 x2,y2 x3,y3 ...}.
 *
 * @param points corners as {x, y} pairs, in order
 */
public record MotionMask(List<double[]> points) {

    public MotionMask {
        points = List.copyOf(points);
        if (points.size() < 3) {
            throw new IllegalArgumentException("a mask needs at least three corners");
        }
    }

    /** @throws IllegalArgumentException saying what is accepted */
    public static MotionMask parse(String text) {
        String value = text.trim();
        try {
            if (!value.contains(" ")) {
                String[] n = value.split(",");
                if (n.length == 4) {
                    double x = fraction(n[0]);
                    double y = fraction(n[1]);
                    double w = fraction(n[2]);
                    double h = fraction(n[3]);
                    return new MotionMask(List.of(new double[] {x, y}, new double[] {Math.min(1, x + w), y},
                            new double[] {Math.min(1, x + w), Math.min(1, y + h)}, new double[] {x, Math.min(1, y + h)}));
                }
            } else {
                List<double[]> corners = new ArrayList<>();
                for (String corner : value.split("\\s+")) {
                    String[] xy = corner.split(",");
                    if (xy.length != 2) {
                        throw new IllegalArgumentException(corner);
                    }
                    corners.add(new double[] {fraction(xy[0]), fraction(xy[1])});
                }
                if (corners.size() >= 3) {
                    return new MotionMask(corners);
                }
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + text + "' is not a mask; give a rectangle x,y,w,h or corners"
                + " x1,y1 x2,y2 x3,y3 ..., each a fraction of the picture from 0 to 1");
    }

    private static double fraction(String text) {
        double value = Double.parseDouble(text.trim());
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException(text);
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MotionMask mask && mask.points.size() == points.size()
                && java.util.stream.IntStream.range(0, points.size())
                        .allMatch(i -> java.util.Arrays.equals(points.get(i), mask.points.get(i)));
    }

    @Override
    public int hashCode() {
        return points.stream().mapToInt(java.util.Arrays::hashCode).reduce(17, (a, b) -> 31 * a + b);
    }
}
