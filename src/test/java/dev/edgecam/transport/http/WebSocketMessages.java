package dev.edgecam.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What a JDK WebSocket received, one whole message at a time; {@code String} for text, {@code byte[]} for binary. */
final class WebSocketMessages implements WebSocket.Listener {
    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();
    WebSocket socket;

    /** A JDK WebSocket to {@code ws://127.0.0.1:PORT} + {@code target}, receiving into a new instance. */
    static WebSocketMessages connect(int port, String target) throws Exception {
        WebSocketMessages messages = new WebSocketMessages();
        messages.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + target), messages).get(10, TimeUnit.SECONDS);
        return messages;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            received.add(text.toString());
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        binary.writeBytes(bytes);
        if (last) {
            received.add(binary.toByteArray());
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    String text() throws InterruptedException {
        Object next = received.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("a text message").isInstanceOf(String.class);
        return (String) next;
    }

    byte[] binary() throws InterruptedException {
        Object next = received.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("a binary message").isInstanceOf(byte[].class);
        return (byte[]) next;
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS);
    }
}
