package dev.edgecam.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real failed binds on this machine, turned into one line that names the address or port and the flag to change. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ListenFailureTest {

    @Test
    void aPortInUseNamesThePortAndItsFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket second = new ServerSocket()) {
            int port = taken.getLocalPort();
            IOException failure = bindFailure(() -> second.bind(new InetSocketAddress("127.0.0.1", port)));

            assertThat(ListenFailure.reason(failure, "127.0.0.1", port, "--port")).isEqualTo("port " + port
                    + " on 127.0.0.1 is already in use (another edgecam serve?): stop the program that uses it, or "
                    + "choose another port with --port");
        }
    }

    @Test
    void anAddressOfAnotherMachineOrAnUnknownNameSaysWhatToGive() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            // TEST-NET-1 is on no interface here: the bind fails locally and sends nothing.
            IOException failure = bindFailure(() -> socket.bind(new InetSocketAddress("192.0.2.1", 0)));

            assertThat(ListenFailure.reason(failure, "192.0.2.1", 0, "--port")).isEqualTo("192.0.2.1 is not an address "
                    + "of this machine, so serve cannot listen on it: give --host one of this machine's addresses "
                    + "(ip -brief address lists them), or 0.0.0.0 for all of them");
        }
        try (ServerSocketChannel channel = ServerSocketChannel.open()) {
            // Unresolved on purpose: no name lookup is made.
            RuntimeException failure = assertThrows(RuntimeException.class,
                    () -> channel.bind(InetSocketAddress.createUnresolved("camera.invalid", 6810)));

            assertThat(ListenFailure.reason(failure, "camera.invalid", 6810, "--port"))
                    .startsWith("camera.invalid is not an address, nor a name this machine can resolve");
        }
    }

    @Test
    void otherFailuresPassThroughUnchanged() {
        IllegalArgumentException unrelated = new IllegalArgumentException("something else");

        assertThat(ListenFailure.reason(unrelated, "127.0.0.1", 6810, "--port")).isNull();
        assertThatThrownBy(() -> ListenFailure.explained("127.0.0.1", 6810, "--port", () -> {
            throw unrelated;
        })).isSameAs(unrelated);
    }

    private interface Bind {
        void run() throws IOException;
    }

    private static IOException bindFailure(Bind bind) {
        return assertThrows(IOException.class, bind::run);
    }
}
