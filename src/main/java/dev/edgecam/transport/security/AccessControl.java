package dev.edgecam.transport.security;

import dev.edgecam.security.access.AddressAllowList;
import dev.edgecam.security.access.AllowedHosts;
import dev.edgecam.security.access.ConnectionLimiter;
import dev.edgecam.security.access.ConnectionLimits;
import dev.edgecam.security.access.RefusalLog;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to which transport, and how much each connection may take: one per server, shared by its
 * transports so that the client limits count every transport together. Each transport calls its
 * {@code secure*} method first thing when a connection's pipeline is built.
 */
public final class AccessControl {

    private static final Logger log = LoggerFactory.getLogger(AccessControl.class);
    private static final byte[] HTTP_BUSY = cannedHttpReply("503 Service Unavailable",
            "edgecam: too many clients; try again later");
    /** RTSP's answer past a limit; before any request is read there is no CSeq to echo. */
    private static final byte[] RTSP_BUSY = "RTSP/1.0 503 Service Unavailable\r\nRetry-After: 10\r\nContent-Length: 0\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final AddressAllowList allowed;
    private final AddressAllowList legacyAllowed;
    private final ConnectionLimits limits;
    private final ConnectionLimiter limiter;
    private final RefusalLog refusals = new RefusalLog(log, RefusalLog.WINDOW_MILLIS);
    private final ConnectionGate legacyGate;
    private final ConnectionGate httpGate;
    private final ConnectionGate rtspGate;
    private final AllowedHosts allowedHosts;

    /**
     * @param allowed addresses any transport accepts ({@code --allow})
     * @param legacyAllowed addresses the legacy port accepts on top of that: {@link AddressAllowList#ANYONE}
     *     without authentication; with it, {@code --legacy-allow} (nobody by default: the port stays closed)
     */
    public AccessControl(AddressAllowList allowed, AddressAllowList legacyAllowed, ConnectionLimits limits) {
        this(allowed, legacyAllowed, limits, AllowedHosts.ofThisMachine(List.of()), false);
    }

    /**
     * @param allowedHosts the names changing HTTP requests may be addressed to ({@link HostCheck})
     * @param loginsRequired true when HTTP asks for logins: then some places are kept for addresses that have
     *     logged in ({@link ConnectionLimiter})
     */
    public AccessControl(AddressAllowList allowed, AddressAllowList legacyAllowed, ConnectionLimits limits,
                         AllowedHosts allowedHosts, boolean loginsRequired) {
        this.allowedHosts = allowedHosts;
        this.allowed = allowed;
        this.legacyAllowed = legacyAllowed;
        this.limits = limits;
        this.limiter = new ConnectionLimiter(limits, loginsRequired);
        this.legacyGate = new ConnectionGate("TCP", limiter, refusals, null, allowed, legacyAllowed);
        this.httpGate = new ConnectionGate("HTTP", limiter, refusals, HTTP_BUSY, allowed);
        this.rtspGate = new ConnectionGate("RTSP", limiter, refusals, RTSP_BUSY, allowed);
    }

    /** A complete HTTP/1.1 response that closes the connection, for refusals written before any request is read. */
    static byte[] cannedHttpReply(String status, String body) {
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + text.length + "\r\nRetry-After: 10\r\nConnection: close\r\n\r\n";
        byte[] reply = new byte[head.length() + text.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, reply, 0, head.length());
        System.arraycopy(text, 0, reply, head.length(), text.length);
        return reply;
    }

    /** Anyone may connect, with the default limits: a server without security flags. */
    public static AccessControl open() {
        return new AccessControl(AddressAllowList.ANYONE, AddressAllowList.ANYONE, ConnectionLimits.defaults());
    }

    public ConnectionLimits limits() {
        return limits;
    }

    public AddressAllowList allowed() {
        return allowed;
    }

    public ConnectionLimiter limiter() {
        return limiter;
    }

    public RefusalLog refusals() {
        return refusals;
    }

    /**
     * A new connection's {@link HostCheck}, which the HTTP transport puts after its codec (and login check):
     * changing requests must be addressed to this server's own names (DNS rebinding).
     */
    public HostCheck newHostCheck() {
        return new HostCheck(allowedHosts, refusals);
    }

    /** A host check that lets {@code readOnlyTarget}s through whatever their method ({@link HostCheck}). */
    public HostCheck newHostCheck(Predicate<String> readOnlyTarget) {
        return new HostCheck(allowedHosts, refusals, readOnlyTarget);
    }

    /** False when no address may use the legacy port, which then is not opened at all. */
    public boolean legacyPortOpen() {
        return !allowed.allowsNobody() && !legacyAllowed.allowsNobody();
    }

    /** The addresses the legacy port accepts, for the start-up log. */
    public String legacyAllowedText() {
        return legacyAllowed.allowsAnyone() ? allowed.toString()
                : allowed.allowsAnyone() ? legacyAllowed.toString() : allowed + " and " + legacyAllowed;
    }

    /**
     * Puts the gate (allow-lists and client limits), the idle timeout and the stalled-write timeout at the head
     * of a legacy connection's pipeline.
     */
    public void secureLegacy(ChannelPipeline pipeline) {
        pipeline.addLast("gate", legacyGate);
        long idleMillis = limits.legacyIdleTimeout().toMillis();
        if (idleMillis > 0) {
            pipeline.addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
            pipeline.addLast("idle-close", new IdleCloser("TCP", limits.legacyIdleTimeout().toSeconds()));
        }
        pipeline.addLast("write-timeout", new StalledWriteCloser("TCP", refusals, limits.writeTimeout().toMillis()));
    }

    /**
     * Puts the gate (allow-list and client limits; 503 past a limit), the first-byte timeout and the
     * stalled-write timeout at the head of an HTTP connection's pipeline. The HTTP transport adds its codec after these, built with
     * {@link ConnectionLimits#maxRequestLineBytes()} and {@link ConnectionLimits#maxHeaderBytes()}.
     */
    public void secureHttp(ChannelPipeline pipeline) {
        pipeline.addLast("gate", httpGate);
        pipeline.addLast("first-byte", new FirstByteTimeout(limits.firstRequestTimeout().toMillis(), refusals));
        pipeline.addLast("write-timeout", new StalledWriteCloser("HTTP", refusals, limits.writeTimeout().toMillis()));
    }

    /**
     * Puts the gate (allow-list and client limits; an RTSP 503 past a limit), the first-byte timeout and the
     * stalled-write timeout at the head of an RTSP connection's pipeline. UDP datagrams are checked by the RTSP
     * transport itself: it reads RTCP only from the addresses of its sessions.
     */
    public void secureRtsp(ChannelPipeline pipeline) {
        pipeline.addLast("gate", rtspGate);
        pipeline.addLast("first-byte", new FirstByteTimeout("RTSP", limits.firstRequestTimeout().toMillis(), refusals));
        pipeline.addLast("write-timeout", new StalledWriteCloser("RTSP", refusals, limits.writeTimeout().toMillis()));
    }
}
