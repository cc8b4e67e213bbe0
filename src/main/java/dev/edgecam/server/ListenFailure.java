package dev.edgecam.server;

import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Turns a listening socket that cannot be bound into one line that names the address or port and says what to
 * do, instead of the 20-line stack trace of Netty's bind error (which names neither).
 *
 * <p>Netty rethrows the bind's {@code IOException} (a {@code BindException}, or with epoll a
 * {@code NativeIoException}) without declaring it, so the failure is recognised by the operating system's
 * message, which is the same for both transports: {@code strerror} of the errno.
 */
final class ListenFailure {

    private static final String GIVE_A_LOCAL_HOST =
            "give --host one of this machine's addresses (ip -brief address lists them), or 0.0.0.0 for all of them";
    /** Causes followed at most: real chains are two or three deep. */
    private static final int MAX_CAUSES = 10;

    private ListenFailure() {
    }

    /**
     * Starts a transport that binds {@code host:port} in its constructor.
     *
     * @param portOption the flag that chooses this port, named in the advice ({@code --port}, {@code --http-port})
     * @throws IllegalStateException with the one-line reason when the bind fails for a reason a person can fix
     */
    static <T> T explained(String host, int port, String portOption, Supplier<T> start) {
        try {
            return start.get();
        } catch (Exception e) { // also the undeclared IOException Netty rethrows
            String reason = reason(e, host, port, portOption);
            if (reason == null) {
                throw e;
            }
            throw new IllegalStateException(reason, e);
        }
    }

    /** The advice for a bind failure, or null when {@code failure} is not one this class knows. */
    static String reason(Throwable failure, String host, int port, String portOption) {
        if (causedBy(failure, UnresolvedAddressException.class)) {
            return host + " is not an address, nor a name this machine can resolve, so serve cannot listen on it: "
                    + GIVE_A_LOCAL_HOST;
        }
        String message = messages(failure);
        if (message.contains("address already in use")) {
            return "port " + port + " on " + host + " is already in use (another edgecam serve?): stop the program "
                    + "that uses it, or choose another port with " + portOption;
        }
        if (message.contains("cannot assign requested address")) {
            return host + " is not an address of this machine, so serve cannot listen on it: "
                    + GIVE_A_LOCAL_HOST;
        }
        if (message.contains("permission denied")) {
            return "port " + port + " needs root privileges (ports below 1024 do): choose a port of 1024 or above "
                    + "with " + portOption;
        }
        return null;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (kind.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Every message in the cause chain, lower case: the OS's reason may sit under Netty's wrapper. */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                all.append(suppressed.getMessage()).append('\n');
            }
        }
        return all.toString().toLowerCase(Locale.ROOT);
    }
}
