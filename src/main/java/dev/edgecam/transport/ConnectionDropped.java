package dev.edgecam.transport;

/**
 * A user event fired down a connection's pipeline just before the server closes it on its own initiative
 * (idle too long, stopped reading), so that the session handler logs the real reason the client left instead
 * of "closed by client".
 *
 * @param reason why, for the client's leave line, e.g. {@code "stopped reading (write timeout 30 s)"}
 */
public record ConnectionDropped(String reason) {
}
