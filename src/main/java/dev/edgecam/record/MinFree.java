package dev.edgecam.record;

import java.io.IOException;
import java.nio.file.FileStore;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of the recording disk must stay free: a share of it ({@code 10%}) or an amount ({@code 2GiB},
 * {@code 500MB}, {@code 1048576}). Retention deletes the oldest segments while less is free.
 *
 * @param percent the share of the disk, 0 to 99; 0 when {@code bytes} is given
 * @param bytes the amount in bytes; 0 when {@code percent} is given
 */
public record MinFree(double percent, long bytes) {

    /** The default: a tenth of the disk. */
    public static final MinFree DEFAULT = new MinFree(10, 0);
    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b?|b)?");

    public MinFree {
        if (percent < 0 || percent >= 100 || bytes < 0) {
            throw new IllegalArgumentException("min_free " + percent + "% / " + bytes + " bytes is out of range");
        }
    }

    /**
     * Reads {@code 10%}, {@code 2GiB}, {@code 2G}, {@code 500MB} or a number of bytes. K, M, G and T count in
     * 1024s, with or without {@code i}/{@code B}: disks are sized in both, and the difference never matters here.
     */
    public static MinFree parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("%")) {
                return new MinFree(Double.parseDouble(value.substring(0, value.length() - 1).trim()), 0);
            }
            Matcher m = AMOUNT.matcher(value);
            if (m.matches()) {
                String unit = m.group(2) == null ? "b" : m.group(2);
                int power = "bkmgt".indexOf(unit.charAt(0));
                return new MinFree(0, (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, power)));
            }
        } catch (IllegalArgumentException e) {
            // said below, with what is accepted
        }
        throw new IllegalArgumentException("'" + text + "' is not an amount of free space; use a share such as 10%"
                + " (0 to 99) or an amount such as 2GiB or 500MB");
    }

    /** The bytes that must stay free on {@code store}. */
    public long requiredBytes(FileStore store) throws IOException {
        return bytes > 0 ? bytes : (long) (store.getTotalSpace() * percent / 100);
    }

    @Override
    public String toString() {
        if (bytes > 0) {
            String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
            int unit = 0;
            while (unit < units.length - 1 && bytes % (1L << (10 * (unit + 1))) == 0) {
                unit++;
            }
            return (bytes >> (10 * unit)) + " " + units[unit];
        }
        return (percent == Math.rint(percent) ? Long.toString((long) percent)
                : Double.toString(percent)) + "%";
    }
}
