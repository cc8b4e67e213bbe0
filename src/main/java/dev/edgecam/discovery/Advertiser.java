package dev.edgecam.discovery;

import java.util.List;

/**
 * Says on the LAN which cameras a server has. {@link #advertise} replaces the whole set (a config reload hands the
 * new camera list): cameras no longer in it are withdrawn, new ones announced, unchanged ones left alone.
 * {@link #close} withdraws everything; it is idempotent.
 */
public interface Advertiser extends AutoCloseable {

    /** Makes {@code cameras} the advertised set. Failures are logged, never thrown: serving goes on unadvertised. */
    void advertise(List<CameraAdvert> cameras);

    /**
     * What happens to the adverts, for the log: {@code advertised by jmdns on 10.0.0.1}, {@code advertised by Avahi
     * service files in DIR}, {@code not advertised (why)}.
     */
    String describe();

    @Override
    void close();

    /** An advertiser that says nothing, for {@code reason} ({@code mdns: off}). */
    static Advertiser none(String reason) {
        return new Advertiser() {
            @Override
            public void advertise(List<CameraAdvert> cameras) {
            }

            @Override
            public String describe() {
                return "not advertised (" + reason + ")";
            }

            @Override
            public void close() {
            }
        };
    }
}
