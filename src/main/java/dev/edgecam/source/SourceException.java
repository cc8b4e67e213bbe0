package dev.edgecam.source;

/** A source that cannot be opened or stopped delivering; the message names it and says what to do. */
public class SourceException extends Exception {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
