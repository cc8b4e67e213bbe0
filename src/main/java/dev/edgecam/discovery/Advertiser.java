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

    /** Where the adverts go, for the log: {@code jmdns on 10.0.0.1} or {@code Avahi service files in DIR}. */
    String describe();

    @Override
    void close();

    /** An advertiser that says nothing ({@code mdns: off}). */
    static Advertiser none() {
        return new Advertiser() {
            @Override
            public void advertise(List<CameraAdvert> cameras) {
            }

            @Override
            public String describe() {
                return "nothing (mdns: off)";
            }

            @Override
            public void close() {
            }
        };
    }
}
