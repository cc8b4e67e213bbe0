package dev.edgecam.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A misbehaving legacy server on loopback: each accepted connection is handed to a script that writes
 * whatever bytes the test wants (bad lengths, cut frames, garbage, silence). Closing stops everything.
 */
public final class ScriptedServer implements AutoCloseable {

    /** What the server does with one connection. */
    @FunctionalInterface
    public interface Script {
        void serve(Socket client) throws IOException, InterruptedException;
    }

    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();

    private ScriptedServer(Script script) throws IOException {
        listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket client = listener.accept()) {
                    clients.add(client);
                    script.serve(client);
                } catch (IOException | InterruptedException e) {
                    // The client went away or the server is closing: take the next connection.
                }
            }
        }, "scripted server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static ScriptedServer start(Script script) throws IOException {
        return new ScriptedServer(script);
    }

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        listener.close();
        for (Socket client : clients) {
            client.close();
        }
        acceptor.interrupt();
        acceptor.join(5_000);
    }
}
