package dev.edgecam.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;

/**
 * Looks for edgecam cameras on the LAN: browses {@code _http._tcp} and {@code _rtsp._tcp} over mDNS (jmdns, one
 * per given interface address) for a while and keeps the services whose TXT says {@code product=edgecam}
 * ({@link FoundCamera#fromTxt}). Stops at the timeout, or as soon as what was found is {@code enough} (a name
 * being looked for has answered). The browser announces itself as {@code edgecam-browser-PID.local}, a name no
 * server takes.
 */
public final class CameraBrowser {

    private static final long POLL_MILLIS = 50;

    private CameraBrowser() {
    }

    /**
     * Browses for at most {@code timeout}.
     *
     * @param on the addresses to browse from ({@link MdnsInterfaces#lanAddresses()} for every LAN interface)
     * @param enough true when the cameras found so far answer the question (looked at every 50 ms)
     * @return the cameras found, one per {@link FoundCamera#name()}, sorted by server then id
     * @throws IOException when no interface could browse
     */
    public static List<FoundCamera> browse(List<InetAddress> on, Duration timeout, Predicate<List<FoundCamera>> enough)
            throws IOException, InterruptedException {
        Map<String, FoundCamera> found = Collections.synchronizedMap(new LinkedHashMap<>());
        List<JmDNS> browsers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            for (InetAddress address : on) {
                try {
                    JmDNS browser = JmDNS.create(address, "edgecam-browser-" + ProcessHandle.current().pid());
                    browsers.add(browser);
                    for (String type : List.of(CameraAdvert.HTTP_TYPE, CameraAdvert.RTSP_TYPE)) {
                        browser.addServiceListener(type + ".local.", new Collector(browser, found));
                    }
                } catch (IOException e) {
                    failures.add(address.getHostAddress() + ": " + e.getMessage());
                }
            }
            if (browsers.isEmpty()) {
                throw new IOException("cannot browse mDNS on " + (on.isEmpty()
                        ? "any interface: none is up with multicast (is this machine on a LAN?)" : on + ": " + failures));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !enough.test(sorted(found))) {
                Thread.sleep(POLL_MILLIS);
            }
            return sorted(found);
        } finally {
            closeInBackground(browsers);
        }
    }

    private static List<FoundCamera> sorted(Map<String, FoundCamera> found) {
        synchronized (found) {
            return found.values().stream()
                    .sorted(Comparator.comparing(FoundCamera::server).thenComparing(FoundCamera::id)).toList();
        }
    }

    /** jmdns' close waits for its timers; the answer is already known, so nobody waits for it. */
    private static void closeInBackground(List<JmDNS> browsers) {
        for (JmDNS browser : browsers) {
            Thread closer = new Thread(() -> {
                try {
                    browser.close();
                } catch (IOException ignored) {
                    // the process is done with mDNS; a socket that fails to close changes nothing
                }
            }, "mdns-browser-close");
            closer.setDaemon(true);
            closer.start();
        }
    }

    /** Asks for each new service's records and keeps the edgecam ones once resolved. */
    private record Collector(JmDNS browser, Map<String, FoundCamera> found) implements ServiceListener {

        @Override
        public void serviceAdded(ServiceEvent event) {
            browser.requestServiceInfo(event.getType(), event.getName());
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            // a camera that leaves during a few seconds' browse still counts as seen
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            ServiceInfo info = event.getInfo();
            Map<String, String> txt = new LinkedHashMap<>();
            for (String key : Collections.list(info.getPropertyNames())) {
                txt.put(key, info.getPropertyString(key));
            }
            String address = info.getInet4Addresses().length == 0 ? null : info.getInet4Addresses()[0].getHostAddress();
            FoundCamera camera = FoundCamera.fromTxt(txt, address);
            if (camera != null) {
                found.putIfAbsent(camera.name(), camera);
            }
        }
    }
}
