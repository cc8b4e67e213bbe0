package dev.edgecam.events;

import dev.edgecam.publish.Backoff;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera's events to the user's MQTT broker (Eclipse Paho), with Home Assistant's MQTT discovery so the camera
 * appears there by itself. Topics ({@code edgecam/CAMERA/...}):
 *
 * <pre>
 *   edgecam/door/availability   online | offline   (retained; offline is also the broker's last will)
 *   edgecam/door/online         ON | OFF           (retained: the source delivers pictures)
 *   edgecam/door/motion         ON | OFF           (retained: motion_start / motion_end; OFF at connect)
 *   edgecam/door/snapshot       the newest JPEG    (retained, at connect and with each event, when there is one)
 *   edgecam/door/events         one JSON per event (the fields of /events)
 *   homeassistant/binary_sensor/edgecam_door_online/config   discovery: connectivity sensor
 *   homeassistant/binary_sensor/edgecam_door_motion/config   discovery: motion sensor
 *   homeassistant/camera/edgecam_door/config                 discovery: camera (image from the snapshot topic)
 * </pre>
 *
 * <p>It connects in the background and reconnects by itself (Paho's automatic reconnect; a first connect that fails is
 * tried again after a {@link Backoff}, as a publisher to a media server is), sending discovery and state again at each
 * connect; {@code mqtts://} is TLS ({@link MqttTls}: the broker's certificate and host name are checked). Why a
 * connect failed is said in the log and {@link #status()} in words that say what to do ({@link MqttFailure}).
 * Messages published while disconnected wait in Paho's buffer of {@link #BUFFER_MESSAGES}. Nothing here blocks the
 * caller: a broker that is down, or refused, only delays the messages.
 */
public final class MqttPublisher implements AutoCloseable {

    public static final String TOPIC_PREFIX = "edgecam";
    public static final String DISCOVERY_PREFIX = "homeassistant";
    static final int BUFFER_MESSAGES = 100;
    private static final Logger log = LoggerFactory.getLogger(MqttPublisher.class);

    private final String cameraId;
    private final URI broker;
    private final Supplier<Boolean> online;
    private final Supplier<byte[]> snapshot;
    private final MqttTls tls;
    private final Backoff backoff;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final ScheduledExecutorService retries;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private volatile String lastError;
    private volatile boolean closed;

    private MqttPublisher(String cameraId, URI broker, MqttTls tls, Backoff backoff, Supplier<Boolean> online,
                          Supplier<byte[]> snapshot) throws MqttException {
        this.cameraId = cameraId;
        this.broker = broker;
        this.tls = MqttTls.isTls(broker) ? (tls == null ? MqttTls.SYSTEM : tls) : null;
        this.backoff = backoff;
        this.online = online;
        this.snapshot = snapshot;
        String server = (this.tls == null ? "tcp://" : "ssl://") + broker.getHost() + ":" + MqttTls.port(broker);
        this.client = new MqttAsyncClient(server, "edgecam-" + cameraId + "-" + Long.toHexString(System.nanoTime()),
                new MemoryPersistence());
        this.retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "edgecam-mqtt-retry-" + cameraId);
            thread.setDaemon(true);
            return thread;
        });
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(BUFFER_MESSAGES);
        buffer.setDeleteOldestMessages(true);
        client.setBufferOpts(buffer);
        options.setAutomaticReconnect(true);
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        options.setHttpsHostnameVerificationEnabled(true);
        options.setWill(topic("availability"), "offline".getBytes(StandardCharsets.UTF_8), 1, true);
        String userInfo = broker.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            options.setUserName(colon < 0 ? userInfo : userInfo.substring(0, colon));
            if (colon >= 0) {
                options.setPassword(userInfo.substring(colon + 1).toCharArray());
            }
        }
    }

    /**
     * Starts connecting to {@code broker} ({@code mqtt://[USER[:PASSWORD]@]HOST[:PORT]}, port 1883 by default; or
     * {@code mqtts://...}, port 8883, with TLS trusting the system's certificate authorities).
     *
     * @param online whether the camera delivers pictures now
     * @param snapshot the newest JPEG of the camera, or null when there is none
     */
    public static MqttPublisher start(String cameraId, URI broker, Supplier<Boolean> online, Supplier<byte[]> snapshot) {
        return start(cameraId, broker, MqttTls.SYSTEM, Backoff.DEFAULT, online, snapshot);
    }

    /**
     * Starts connecting to {@code broker}; a first connect that fails is tried again after {@code backoff}'s delays.
     *
     * @param tls whom an {@code mqtts://} broker is trusted by, and the client certificate (unused for {@code mqtt://})
     */
    public static MqttPublisher start(String cameraId, URI broker, MqttTls tls, Backoff backoff, Supplier<Boolean> online,
                                      Supplier<byte[]> snapshot) {
        try {
            MqttPublisher publisher = new MqttPublisher(cameraId, broker, tls, backoff, online, snapshot);
            publisher.client.setCallback(publisher.new Callback());
            log.info("MQTT: camera {}: publishing to {}", cameraId, publisher.describe());
            publisher.connect();
            return publisher;
        } catch (MqttException e) {
            throw new IllegalArgumentException("MQTT broker " + safe(broker) + " cannot be used: " + e.getMessage(), e);
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            if (tls != null) { // read at each first-connect attempt: a CA file fixed meanwhile is used at the next
                options.setSocketFactory(tls.socketFactory());
            }
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // Callback.connectComplete announces the camera.
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    failed(failure);
                }
            });
        } catch (MqttException | IllegalArgumentException e) {
            failed(e);
        }
    }

    /** Paho reconnects by itself only after a first connect succeeded; until then, this does, with backoff. */
    private void failed(Throwable failure) {
        if (closed) {
            return; // the failure of the attempt close() ended
        }
        String why = MqttFailure.explain(failure, broker, tls != null);
        int failures = failuresInARow.incrementAndGet();
        lastError = why;
        long delay = backoff.delayMillis(failures, ThreadLocalRandom.current());
        log.warn("MQTT: camera {}: cannot connect to {}: {}; trying again in {} ms", cameraId, safe(broker), why, delay);
        try {
            retries.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closedMeanwhile) {
            // close() ended the retries
        }
    }

    /** What {@code /state} shows of the connection; never the password. */
    public MqttStatus status() {
        return new MqttStatus(safe(broker), tls != null, tls == null ? null : tls.describe(), client.isConnected(),
                failuresInARow.get(), lastError);
    }

    /** Publishes {@code event} and the state it changes; never blocks. */
    public void accept(Event event) {
        publish("events", EventJson.of(event), false);
        if (event.type().equals(EventLog.CAMERA_OFFLINE) || event.type().equals(EventLog.CAMERA_ONLINE)) {
            publish("online", onOff(event.type().equals(EventLog.CAMERA_ONLINE)), true);
        }
        if (event.type().equals(EventLog.MOTION_START) || event.type().equals(EventLog.MOTION_END)) {
            publish("motion", onOff(event.type().equals(EventLog.MOTION_START)), true);
        }
        publishSnapshot();
    }

    /** Discovery, availability and state: sent at every connect (the broker may have restarted without them). */
    private void announce() {
        Map<String, String> device = new LinkedHashMap<>();
        device.put("identifiers", "edgecam_" + cameraId);
        device.put("name", "edgecam " + cameraId);
        device.put("manufacturer", "edgecam");
        Map<String, Map<String, String>> nested = Map.of("device", device);
        publishDiscovery("binary_sensor", "online", nested, "connectivity", topic("online"));
        publishDiscovery("binary_sensor", "motion", nested, "motion", topic("motion"));
        Map<String, String> camera = new LinkedHashMap<>();
        camera.put("name", cameraId);
        camera.put("unique_id", "edgecam_" + cameraId);
        camera.put("topic", topic("snapshot"));
        camera.put("availability_topic", topic("availability"));
        publishRaw(DISCOVERY_PREFIX + "/camera/edgecam_" + cameraId + "/config", EventJson.object(camera, nested), true);
        publish("availability", "online".getBytes(StandardCharsets.UTF_8), true);
        publish("online", onOff(online.get()), true);
        publish("motion", onOff(false), true);
        publishSnapshot();
    }

    private void publishDiscovery(String component, String what, Map<String, Map<String, String>> nested,
                                  String deviceClass, String stateTopic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", cameraId + " " + what);
        config.put("unique_id", "edgecam_" + cameraId + "_" + what);
        config.put("device_class", deviceClass);
        config.put("state_topic", stateTopic);
        config.put("availability_topic", topic("availability"));
        publishRaw(DISCOVERY_PREFIX + "/" + component + "/edgecam_" + cameraId + "_" + what + "/config",
                EventJson.object(config, nested), true);
    }

    private void publishSnapshot() {
        byte[] jpeg = snapshot.get();
        if (jpeg != null) {
            publish("snapshot", jpeg, true);
        }
    }

    private void publish(String subtopic, byte[] payload, boolean retained) {
        publishRaw(topic(subtopic), payload, retained);
    }

    private void publishRaw(String topic, byte[] payload, boolean retained) {
        if (closed) {
            return;
        }
        try {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            message.setRetained(retained);
            client.publish(topic, message);
        } catch (MqttException e) {
            log.warn("MQTT: camera {}: {} not published: {}", cameraId, topic, e.getMessage());
        }
    }

    private String topic(String subtopic) {
        return TOPIC_PREFIX + "/" + cameraId + "/" + subtopic;
    }

    private static byte[] onOff(boolean on) {
        return (on ? "ON" : "OFF").getBytes(StandardCharsets.UTF_8);
    }

    /** The broker's address without its password, for logs. */
    private static String safe(URI broker) {
        return broker.getHost() + ":" + MqttTls.port(broker);
    }

    /** The broker and how it is reached, for logs. */
    private String describe() {
        return safe(broker) + (tls == null ? " without TLS" : " with TLS, " + tls.describe());
    }

    /** Says {@code offline}, disconnects and stops reconnecting; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (client.isConnected()) {
                publish("availability", "offline".getBytes(StandardCharsets.UTF_8), true);
                closed = true;
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            log.debug("MQTT: camera {}: disconnect: {}", cameraId, e.getMessage());
        } finally {
            closed = true;
            retries.shutdownNow();
            try {
                client.close(true);
            } catch (MqttException e) {
                log.debug("MQTT: camera {}: close: {}", cameraId, e.getMessage());
            }
        }
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            failuresInARow.set(0);
            lastError = null;
            log.info("MQTT: camera {}: {} {}", cameraId, reconnect ? "reconnected to" : "connected to", describe());
            announce();
        }

        @Override
        public void connectionLost(Throwable cause) {
            lastError = "connection lost: " + (cause == null ? "closed" : MqttFailure.innermost(cause));
            log.warn("MQTT: camera {}: {} ({}); reconnecting", cameraId, lastError, safe(broker));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // it subscribes to nothing
        }

        @Override
        public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            // QoS 1: nothing to do
        }
    }
}
