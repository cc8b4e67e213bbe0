package dev.edgecam.transport.rtsp;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plain RTSP client on a socket, for what the real consumers do not show: exact status codes and headers, the
 * interleaved packets as they arrive, a client that stops reading. Requests carry increasing CSeqs.
 */
final class RtspTestClient implements AutoCloseable {

    /** One response: status code, headers (names lower case) and body. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One interleaved packet: its channel and bytes. */
    record Interleaved(int channel, byte[] packet) {
    }

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int cseq;
    /** Interleaved packets read while looking for a response, in order. */
    final java.util.ArrayDeque<Interleaved> pending = new java.util.ArrayDeque<>();

    RtspTestClient(int port) throws IOException {
        this(port, 0);
    }

    /** @param receiveBuffer the socket's receive buffer (0: the default), small for a slow client */
    RtspTestClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends a request with a CSeq and the given extra header lines, and reads its response. */
    Response request(String method, String url, String... headers) throws IOException {
        send(method, url, headers);
        return response();
    }

    void send(String method, String url, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method + " " + url + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    int lastCseq() {
        return cseq;
    }

    /** Sends an interleaved packet ({@code $}, channel, length, bytes). */
    void sendInterleaved(int channel, byte[] packet) throws IOException {
        out.write(new byte[] {'$', (byte) channel, (byte) (packet.length >> 8), (byte) packet.length});
        out.write(packet);
        out.flush();
    }

    /** Reads the next response; interleaved packets before it are kept in {@link #pending}. */
    Response response() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            if (first == '$') {
                pending.add(readInterleavedBody());
                continue;
            }
            String statusLine = (char) first + readLine();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            byte[] body = new byte[Integer.parseInt(headers.getOrDefault("content-length", "0"))];
            in.readFully(body);
            return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers,
                    new String(body, StandardCharsets.UTF_8));
        }
    }

    /** The next interleaved packet (one kept in {@link #pending} first). */
    Interleaved interleaved() throws IOException {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        int first = in.readUnsignedByte();
        if (first != '$') {
            throw new IOException("expected an interleaved packet, got byte " + first);
        }
        return readInterleavedBody();
    }

    private Interleaved readInterleavedBody() throws IOException {
        int channel = in.readUnsignedByte();
        byte[] packet = new byte[in.readUnsignedShort()];
        in.readFully(packet);
        return new Interleaved(channel, packet);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException("the server closed the connection within a response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** DESCRIBE, SETUP over TCP interleaved and PLAY: returns the PLAY response (its Session header names the session). */
    Response playOverTcp(String url) throws IOException {
        Response describe = request("DESCRIBE", url, "Accept: application/sdp");
        if (describe.status() != 200) {
            return describe;
        }
        Response setup = request("SETUP", describe.header("content-base") + RtspTarget.TRACK_CONTROL,
                "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        if (setup.status() != 200) {
            return setup;
        }
        return request("PLAY", url, "Session: " + sessionId(setup));
    }

    static String sessionId(Response response) {
        return response.header("session").split(";")[0];
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
