package dev.edgecam.hub;

import dev.edgecam.frame.Size;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A camera's JPEG hubs, one per rendition: the default one, at the size the live settings ask for, and one per
 * other size somebody asked for ({@code ?size=WxH}). Each hub has its own demand: the capture loop encodes a
 * rendition only while its hub has listeners.
 *
 * <p>Bounded: at most {@link #MAX_OTHER_SIZES} other sizes per camera, kept for the camera's life (a hub is never
 * removed, so a client can never subscribe to a hub the capture loop has stopped feeding). An idle hub costs its
 * newest frame and nothing else.
 */
public final class Renditions {

    /** Other sizes a camera serves at most: each watched one costs an encode per frame. */
    public static final int MAX_OTHER_SIZES = 4;

    private final FrameHub defaultHub;
    private final Map<Size, FrameHub> others = new ConcurrentHashMap<>();
    /** The H.264 rendition at the default size: RTSP and the page's H.264 player take their frames from it. */
    private final GopHub h264 = new GopHub(GopHub.Limits.DEFAULT);

    public Renditions(FrameHub defaultHub) {
        this.defaultHub = defaultHub;
    }

    /** The hub of the live settings' size. */
    public FrameHub defaultHub() {
        return defaultHub;
    }

    /**
     * The hub of {@code size}, made on first use.
     *
     * @throws IllegalStateException when {@link #MAX_OTHER_SIZES} other sizes are served already, naming them
     */
    public synchronized FrameHub hub(Size size) {
        FrameHub hub = others.get(size);
        if (hub != null) {
            return hub;
        }
        if (others.size() >= MAX_OTHER_SIZES) {
            throw new IllegalStateException("this camera already serves " + MAX_OTHER_SIZES + " other sizes ("
                    + others.keySet().stream().map(Size::toString).sorted().collect(Collectors.joining(", "))
                    + "); ask for one of those, or for the camera's own size without size=");
        }
        hub = new FrameHub();
        others.put(size, hub);
        return hub;
    }

    /** The H.264 hub of the default size (encoded, or the camera's own H.264 passed through, while watched). */
    public GopHub h264() {
        return h264;
    }

    /** The other sizes' hubs; a view that reflects hubs made later. */
    public Map<Size, FrameHub> others() {
        return others;
    }

    /** True while any rendition has a viewer. */
    public boolean hasDemand() {
        return h264.hasDemand() || hasJpegDemand();
    }

    /** True while any JPEG rendition has a viewer. */
    public boolean hasJpegDemand() {
        if (defaultHub.hasDemand()) {
            return true;
        }
        for (FrameHub hub : others.values()) {
            if (hub.hasDemand()) {
                return true;
            }
        }
        return false;
    }
}
