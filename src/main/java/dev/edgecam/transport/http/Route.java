package dev.edgecam.transport.http;

import dev.edgecam.transport.security.HttpAuthHandler;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.stream.Collectors;

/** What a request asks for, and which methods each endpoint answers. */
enum Route {
    /** The live page, {@code /}. */
    PAGE(HttpMethod.GET, HttpMethod.HEAD),
    /** The page's scripts, styles and icon, under {@code /assets/}. */
    ASSET(HttpMethod.GET, HttpMethod.HEAD),
    /** The MJPEG stream. */
    STREAM(HttpMethod.GET, HttpMethod.HEAD),
    /** H.264 over a WebSocket, for the page's player (the same video as {@link #STREAM}, and public with it). */
    H264(HttpMethod.GET),
    /** One fresh JPEG. */
    SNAPSHOT(HttpMethod.GET, HttpMethod.HEAD),
    /** JSON of source, encoder, hub and clients. */
    STATE(HttpMethod.GET, HttpMethod.HEAD),
    /** JSON of the cameras' recent events, filtered by the query. */
    EVENTS(HttpMethod.GET, HttpMethod.HEAD),
    /** What the cameras recorded, and the files ({@code /recordings/ID/DAY/FILE}). */
    RECORDINGS(HttpMethod.GET, HttpMethod.HEAD),
    /** Prometheus text. */
    METRICS(HttpMethod.GET, HttpMethod.HEAD),
    /** The encode settings: read them, or change them at run time. */
    SETTINGS(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PUT),
    /** ONVIF's SOAP services, which check their own logins (WS-Security). */
    ONVIF(HttpMethod.POST);

    private final List<HttpMethod> methods;

    Route(HttpMethod... methods) {
        this.methods = List.of(methods);
    }

    boolean allows(HttpMethod method) {
        return methods.contains(method);
    }

    /** The endpoint's name for {@code --public} ({@link dev.edgecam.security.auth.PublicEndpoints}). */
    String endpointName() {
        return this == H264 ? STREAM.endpointName() : this == ONVIF ? HttpAuthHandler.OWN_LOGIN_ENDPOINT
                : name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The value of an {@code Allow} header for this endpoint. */
    String allowHeader() {
        return methods.stream().map(HttpMethod::name).collect(Collectors.joining(", ")) + ", OPTIONS";
    }
}
