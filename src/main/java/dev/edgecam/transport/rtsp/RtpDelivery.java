package dev.edgecam.transport.rtsp;

/**
 * How one session's RTP reaches its client, chosen by SETUP's {@code Transport} header: interleaved in the RTSP
 * connection ({@link TcpInterleavedDelivery}), UDP unicast from the server's shared sockets
 * ({@link UdpUnicastDelivery}), or (to come) multicast to a camera's group, which needs no per-client sending at all.
 * Every delivery sends the camera's shared {@link RtpStream} packets; the session around it does the RTSP.
 */
interface RtpDelivery {

    /** The {@code Transport} header of SETUP's answer: what the server agreed to. */
    String transportReply();

    /** Starts (or resumes) sending, from the camera's cached keyframe on. Called on the session's event loop. */
    void play();

    /** Stops sending until the next {@link #play()}. */
    void pause();

    /** Sends an RTCP packet (a sender report) to the client's RTCP destination. */
    void sendRtcp(byte[] packet);

    /** RTP packets sent to the client so far (for its sender reports). */
    long packetsSent();

    /** RTP payload bytes sent to the client so far. */
    long payloadBytesSent();

    /** Stops for good; idempotent. */
    void close();
}
