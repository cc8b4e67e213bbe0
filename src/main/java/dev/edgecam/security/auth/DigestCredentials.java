package dev.edgecam.security.auth;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of an {@code Authorization: Digest ...} header (RFC 7616 section 3.4): comma-separated
 * {@code name=value} pairs, values bare or quoted (a backslash escapes the next character in a quoted value).
 * Names are case-insensitive; a repeated name keeps its first value.
 */
record DigestCredentials(Map<String, String> params) {

    /** Longest header part parsed: a real one is a few hundred bytes; more is refused before any work. */
    static final int MAX_LENGTH = 4096;

    /** The value of {@code name} (lowercase), or null. */
    String get(String name) {
        return params.get(name);
    }

    /**
     * Parses what follows {@code Digest }.
     *
     * @throws IllegalArgumentException saying what is malformed
     */
    static DigestCredentials parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Digest credentials longer than " + MAX_LENGTH + " characters");
        }
        Map<String, String> params = new HashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("Digest parameter without '=' at character " + i);
            }
            String name = text.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                if (i == n) {
                    throw new IllegalArgumentException("unterminated quoted value of Digest parameter '" + name + "'");
                }
                i++;
            } else {
                while (i < n && text.charAt(i) != ',') {
                    value.append(text.charAt(i++));
                }
            }
            params.putIfAbsent(name, value.toString().strip());
        }
        return new DigestCredentials(Map.copyOf(params));
    }
}
