package dev.edgecam.bench;

/** The server sent something the benchmark cannot follow; the message says what. */
final class BenchProtocolException extends Exception {

    BenchProtocolException(String message) {
        super(message);
    }
}
