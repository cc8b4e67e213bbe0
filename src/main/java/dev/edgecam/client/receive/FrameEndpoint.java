package dev.edgecam.client.receive;

import java.io.IOException;

/**
 * A server that frames can be taken from, whatever its wire format: one fresh picture, or a live stream.
 * Each call makes its own connection, so a stream can be reopened after the network failed.
 */
public interface FrameEndpoint {

    /** Connects, takes one fresh frame, and disconnects. */
    ReceivedFrame snapshot() throws IOException;

    /** Connects and starts a live stream. */
    FrameReceiver openStream() throws IOException;

    /** The server, for messages. */
    String describe();
}
