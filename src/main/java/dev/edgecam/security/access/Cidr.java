package dev.edgecam.security.access;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An address block such as {@code 192.168.1.0/24}, {@code fd00::/8} or one address ({@code 10.0.0.7},
 * {@code ::1}). Only literal addresses are accepted, never host names, so parsing never asks DNS. Host bits
 * below the prefix are ignored ({@code 192.168.1.7/24} is {@code 192.168.1.0/24}).
 *
 * <p>IPv4 clients reaching a dual-stack socket appear as IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d});
 * {@link #normalize} turns those back into IPv4 so that an IPv4 block matches them.
 */
public final class Cidr {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final byte[] network;
    private final int prefixBits;
    private final String text;

    private Cidr(byte[] network, int prefixBits) {
        this.prefixBits = prefixBits;
        this.network = mask(network, prefixBits);
        this.text = addressText(this.network) + "/" + prefixBits;
    }

    /**
     * Parses {@code ADDRESS[/PREFIX]}.
     *
     * @throws IllegalArgumentException naming what is wrong and what is expected
     */
    public static Cidr parse(String value) {
        String text = value == null ? "" : value.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(address, value);
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("'" + value + "' has a bad prefix length; use 0 to " + max
                        + " after the '/', as in 192.168.1.0/24 or fd00::/8");
            }
        }
        return new Cidr(bytes, prefix);
    }

    /** True when {@code address} lies in this block (an IPv4 block never matches an IPv6 address, and back). */
    public boolean contains(InetAddress address) {
        byte[] bytes = normalize(address).getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefixBits), network);
    }

    /** The address itself, or the IPv4 address inside an IPv4-mapped IPv6 address. */
    public static InetAddress normalize(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("4 bytes are always an IPv4 address", e);
                }
            }
        }
        return address;
    }

    private static byte[] literal(String address, String original) {
        boolean v4 = IPV4.matcher(address).matches();
        boolean v6 = address.indexOf(':') >= 0;
        if (v4 || v6) {
            try {
                InetAddress parsed = InetAddress.getByName(address);
                if (v4 && parsed instanceof Inet4Address) {
                    return parsed.getAddress();
                }
                if (v6) {
                    return parsed.getAddress();
                }
            } catch (UnknownHostException | IllegalArgumentException e) {
                // Falls through to the message below.
            }
        }
        throw new IllegalArgumentException("'" + original + "' is not an address block; use an IPv4 or IPv6 address "
                + "with an optional prefix length, as in 192.168.1.0/24, 10.0.0.7 or fd00::/8 (no host names)");
    }

    private static byte[] mask(byte[] bytes, int prefixBits) {
        byte[] masked = bytes.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixBits - i * 8));
            masked[i] &= (byte) (0xFF << (8 - keep));
        }
        return masked;
    }

    private static String addressText(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr c && c.prefixBits == prefixBits && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixBits;
    }

    @Override
    public String toString() {
        return text;
    }
}
