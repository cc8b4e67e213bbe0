package dev.edgecam.transport;

import java.util.Locale;

/**
 * What a client is doing, as {@code /state} shows it. {@link #label()} is what existing readers match on: it must
 * not change.
 */
public enum ClientMode {
    /** Connected, waiting for a command (legacy TCP between requests). */
    IDLE,
    /** Waiting for or receiving one fresh frame (legacy {@code 0}). */
    SINGLE,
    /** Receiving every new frame (legacy {@code 3}, HTTP {@code /stream}, capped by {@code fps} or not). */
    STREAM;

    /** The name as {@code /state} shows it: {@code idle}, {@code single}, {@code stream}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
