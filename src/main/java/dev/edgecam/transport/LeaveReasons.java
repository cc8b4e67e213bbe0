package dev.edgecam.transport;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Why a connection ended with an error, in words for its leave line: the operating system's reason ("Connection
 * reset by peer"), never an exception class name or the name of the call inside Netty that failed. Such lines
 * are written for every client that leaves, so they stay short and say what a person can act on.
 */
public final class LeaveReasons {

    /** Netty's native transport prefixes the system's message with its call: "readAddress(..) failed with error(-104): ". */
    private static final Pattern NATIVE_CALL = Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");

    private LeaveReasons() {
    }

    /** {@code "connection error: Connection reset by peer"} for network errors; a fixed phrase for anything else. */
    public static String of(Throwable cause) {
        if (cause instanceof IOException) {
            String message = cause.getMessage();
            return "connection error: " + (message == null ? "closed abruptly" : NATIVE_CALL.matcher(message).replaceFirst(""));
        }
        return "server error (see the warning logged for it)";
    }
}
