package dev.edgecam.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * edgecam's own mDNS responder (jmdns), for hosts without avahi-daemon: one {@link JmDNS} per interface address it
 * was given (each answers on its own interface only, so nothing is sent where the server does not listen), each
 * with both services of every camera ({@link CameraAdvert}).
 *
 * <p>jmdns probes a name before announcing it, which takes about a second per service, so registrations run on one
 * thread of their own ("mdns"), in the order they were asked: {@link #advertise} returns at once and a reload never
 * waits for the LAN. {@link #close} sends the goodbyes (TTL 0) and closes the sockets, within a few seconds.
 */
public final class JmdnsAdvertiser implements Advertiser {

    private static final Logger log = LoggerFactory.getLogger(JmdnsAdvertiser.class);
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final List<JmDNS> responders;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mdns");
        thread.setDaemon(true);
        return thread;
    });
    /** What is registered now, by camera id; touched only on {@link #worker}. */
    private final Map<String, CameraAdvert> registered = new HashMap<>();
    private boolean closed;

    private JmdnsAdvertiser(List<JmDNS> responders) {
        this.responders = responders;
    }

    /**
     * Opens a responder on each address, answering for {@code hostName.local}.
     *
     * @throws IOException when no responder could be opened (the message names the addresses)
     */
    public static JmdnsAdvertiser open(List<InetAddress> addresses, String hostName) throws IOException {
        List<JmDNS> responders = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (InetAddress address : addresses) {
            try {
                responders.add(JmDNS.create(address, hostName));
            } catch (IOException e) {
                failures.add(address.getHostAddress() + ": " + e.getMessage());
            }
        }
        if (responders.isEmpty()) {
            throw new IOException("cannot answer mDNS on " + (addresses.isEmpty() ? "any interface (none is up with "
                    + "multicast)" : addresses.stream().map(InetAddress::getHostAddress).toList() + " (" + failures + ")"));
        }
        failures.forEach(failure -> log.warn("mDNS: cannot answer on {}", failure));
        return new JmdnsAdvertiser(responders);
    }

    @Override
    public synchronized void advertise(List<CameraAdvert> cameras) {
        if (!closed) {
            List<CameraAdvert> wanted = List.copyOf(cameras);
            worker.execute(() -> apply(wanted));
        }
    }

    private void apply(List<CameraAdvert> wanted) {
        Map<String, CameraAdvert> next = wanted.stream()
                .collect(Collectors.toMap(CameraAdvert::id, camera -> camera, (a, b) -> a));
        for (CameraAdvert old : List.copyOf(registered.values())) {
            if (!old.equals(next.get(old.id()))) {
                responders.forEach(responder -> services(old).forEach(responder::unregisterService));
                registered.remove(old.id());
                log.info("mDNS: withdrew '{}'", old.instanceName());
            }
        }
        for (CameraAdvert camera : wanted) {
            if (registered.containsKey(camera.id())) {
                continue;
            }
            for (JmDNS responder : responders) {
                for (ServiceInfo service : services(camera)) {
                    try {
                        responder.registerService(service);
                    } catch (IOException | RuntimeException e) {
                        log.warn("mDNS: cannot announce '{}' ({}) on {}: {}", camera.instanceName(), service.getType(),
                                address(responder), e.toString());
                    }
                }
            }
            registered.put(camera.id(), camera);
            log.info("mDNS: announced '{}' ({})", camera.instanceName(), types(camera));
        }
    }

    /** Fresh service records for one camera (jmdns binds a registered {@link ServiceInfo} to one responder). */
    private static List<ServiceInfo> services(CameraAdvert camera) {
        List<ServiceInfo> services = new ArrayList<>();
        if (camera.httpPort() > 0) {
            services.add(ServiceInfo.create(CameraAdvert.HTTP_TYPE + ".local.", camera.instanceName(),
                    camera.httpPort(), 0, 0, camera.httpTxt()));
        }
        if (camera.rtspPort() > 0) {
            services.add(ServiceInfo.create(CameraAdvert.RTSP_TYPE + ".local.", camera.instanceName(),
                    camera.rtspPort(), 0, 0, camera.rtspTxt()));
        }
        return services;
    }

    private static String types(CameraAdvert camera) {
        return services(camera).stream().map(ServiceInfo::getApplication).map(app -> "_" + app + "._tcp")
                .collect(Collectors.joining(", "));
    }

    @Override
    public String describe() {
        return "advertised by jmdns on " + responders.stream().map(JmdnsAdvertiser::address).collect(Collectors.joining(", "));
    }

    private static String address(JmDNS responder) {
        try {
            return responder.getInetAddress().getHostAddress();
        } catch (IOException e) {
            return responder.getName();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (JmDNS responder : responders) {
            try {
                responder.unregisterAllServices();
                responder.close();
            } catch (IOException | RuntimeException e) {
                log.warn("mDNS: closing the responder on {} failed: {}", address(responder), e.toString());
            }
        }
    }
}
