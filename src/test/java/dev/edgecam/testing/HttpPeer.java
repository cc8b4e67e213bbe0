package dev.edgecam.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request on a real socket from a chosen loopback address, reading only the response head (a
 * stream's body never ends) and at most {@link #MAX_HEAD_BYTES}. For tests of who may connect and log in.
 */
public final class HttpPeer {

    static final int MAX_HEAD_BYTES = 64 * 1024;

    /** A response head: status code, headers with lower-case names; status 0 when the server closed first. */
    public record Head(int status, Map<String, String> headers) {
    }

    private HttpPeer() {
    }

    /** Sends {@code GET target} with the given {@code Authorization} (null for none) and reads the response head. */
    public static Head get(String from, int port, String target, String authorization) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readHead(new BufferedInputStream(socket.getInputStream()));
        }
    }

    private static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        try {
            while (matched < 4 && (b = in.read()) >= 0) {
                head.write(b);
                matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
                if (head.size() > MAX_HEAD_BYTES) {
                    throw new IOException("response head longer than " + MAX_HEAD_BYTES + " bytes");
                }
            }
        } catch (java.net.SocketException e) {
            // A reset before any answer counts as closed, as below.
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (text.isEmpty()) {
            return new Head(0, Map.of());
        }
        String[] lines = text.split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, c) -> a + ", " + c);
            }
        }
        return new Head(Integer.parseInt(lines[0].split(" ")[1]), headers);
    }
}
