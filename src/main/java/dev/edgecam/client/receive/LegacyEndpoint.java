package dev.edgecam.client.receive;

import java.io.IOException;

/** A server that speaks the legacy TCP protocol: the edgecam server, or the original Python server. */
public final class LegacyEndpoint implements FrameEndpoint {

    private final String host;
    private final int port;
    private final ClientOptions options;

    public LegacyEndpoint(String host, int port, ClientOptions options) {
        this.host = host;
        this.port = port;
        this.options = options;
    }

    @Override
    public ReceivedFrame snapshot() throws IOException {
        LegacyClient client = LegacyClient.connect(host, port, options);
        try {
            return client.requestFrame();
        } finally {
            client.leave();
        }
    }

    @Override
    public FrameReceiver openStream() throws IOException {
        LegacyClient client = LegacyClient.connect(host, port, options);
        try {
            client.startStream();
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return new Stream(client);
    }

    @Override
    public String describe() {
        return host + ":" + port;
    }

    /** A legacy client in stream mode; closing it stops the stream and leaves (see {@link LegacyClient#leave()}). */
    private static final class Stream implements FrameReceiver {
        private final LegacyClient client;

        Stream(LegacyClient client) {
            this.client = client;
        }

        @Override
        public ReceivedFrame next() throws IOException {
            return client.nextFrame();
        }

        @Override
        public String describe() {
            return client.describe();
        }

        @Override
        public void close() {
            client.leave();
        }
    }
}
