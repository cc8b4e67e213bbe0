package dev.edgecam.client.receive;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Opens client sockets with a connect timeout and turns the JDK's terse failures into messages that say what to do. */
final class Connections {

    private Connections() {
    }

    /** A connected socket with the read timeout set and Nagle off (the commands are single bytes). */
    static Socket connect(String host, int port, ClientOptions options) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(options.readTimeoutMillis());
            socket.connect(new InetSocketAddress(host, port), options.connectTimeoutMillis());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw explainConnectFailure(e, host, port, options);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The same failure with a message that says what went wrong and what to check. */
    static IOException explainConnectFailure(IOException e, String host, int port, ClientOptions options) {
        String where = host + ":" + port;
        if (e instanceof UnknownHostException) {
            return new IOException("unknown host '" + host + "': check the name or use the camera's IP address", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new IOException("no answer from " + where + " within " + seconds(options.connectTimeoutMillis())
                    + ": is the device on and reachable?", e);
        }
        if (e instanceof ConnectException) {
            return new IOException("cannot connect to " + where + " (" + e.getMessage()
                    + "): is the edgecam server running there, on that port?", e);
        }
        if (e instanceof NoRouteToHostException) {
            return new IOException("no route to " + where + ": is the device on the same network?", e);
        }
        return e;
    }

    /** The message for a read that timed out. */
    static IOException readTimedOut(String where, int timeoutMillis, SocketTimeoutException cause) {
        return new IOException("no frame from " + where + " within " + seconds(timeoutMillis)
                + " (raise --read-timeout for a slow camera)", cause);
    }

    static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
