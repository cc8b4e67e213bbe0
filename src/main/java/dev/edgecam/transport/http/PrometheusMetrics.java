package dev.edgecam.transport.http;

import dev.edgecam.camera.Camera;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.publish.Publisher;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.ServedCamera;
import dev.edgecam.transport.TransportKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The {@code /metrics} endpoint's registry: counters read straight from each camera's running totals and client
 * registry at scrape time (nothing is counted twice), clients per transport, source state, and a histogram of
 * encode times fed by each capture loop. Every camera's series carry its id as the {@code camera} label.
 *
 * <p>Names as Prometheus shows them: {@code edgecam_frames_captured_total{camera}},
 * {@code edgecam_frames_encoded_total{camera}}, {@code edgecam_frames_published_total{camera}},
 * {@code edgecam_frames_sent_total{camera}}, {@code edgecam_frames_skipped_total{camera}},
 * {@code edgecam_sent_bytes_total{camera}}, {@code edgecam_source_failures_total{camera}},
 * {@code edgecam_clients{camera,transport}}, {@code edgecam_source_online{camera}},
 * {@code edgecam_hub_listeners{camera}}, {@code edgecam_encode_seconds_*{camera}}; per {@code publish} URL (without
 * its password): {@code edgecam_publish_connected{camera,url}}, {@code edgecam_publish_sent_bytes_total},
 * {@code edgecam_publish_frames_total}, {@code edgecam_publish_frames_skipped_total},
 * {@code edgecam_publish_errors_total}, {@code edgecam_publish_retries_total}.
 */
final class PrometheusMetrics {

    /** Prometheus' own text format, the one every scraper reads. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    PrometheusMetrics(List<ServedCamera> cameras) {
        cameras.forEach(this::bind);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private void bind(ServedCamera served) {
        Camera camera = served.camera();
        Tags tags = Tags.of("camera", camera.id());
        PipelineStats stats = camera.stats();
        ClientRegistry clients = served.clients();
        counter("edgecam.frames.captured", "Frames the source produced, watched or not", stats.captured, tags);
        counter("edgecam.frames.encoded", "Frames edgecam encoded to JPEG itself", stats.encoded, tags);
        counter("edgecam.frames.published", "JPEG frames published to the hubs (encoded or passed through)",
                stats.published, tags);
        counter("edgecam.h264.frames.published", "H.264 access units published (encoded or passed through)",
                stats.h264Published, tags);
        counter("edgecam.source.failures", "Times the source failed and was reopened", stats.sourceFailures, tags);
        FunctionCounter.builder("edgecam.frames.sent", clients, ClientRegistry::totalFramesSent).tags(tags)
                .description("Frames sent to clients of every transport").register(registry);
        FunctionCounter.builder("edgecam.frames.skipped", clients, ClientRegistry::totalFramesSkipped).tags(tags)
                .description("Frames slow clients skipped (latest frame wins)").register(registry);
        FunctionCounter.builder("edgecam.sent", clients, ClientRegistry::totalBytesSent).tags(tags)
                .baseUnit(BaseUnits.BYTES).description("JPEG bytes sent to clients of every transport")
                .register(registry);
        for (TransportKind transport : TransportKind.values()) {
            gauge("edgecam.clients", "Connected clients", clients, c -> c.count(transport),
                    tags.and("transport", transport.label()));
        }
        gauge("edgecam.source.online", "1 while the source delivers frames", camera,
                c -> c.status().online() ? 1 : 0, tags);
        gauge("edgecam.hub.listeners", "Clients waiting for frames (encoding runs while above 0)", camera.hub(),
                FrameHub::listenerCount, tags);
        Timer encodeTime = Timer.builder("edgecam.encode")
                .description("Time to encode one frame to JPEG")
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
        stats.observeEncodeTimes(nanos -> encodeTime.record(nanos, TimeUnit.NANOSECONDS));
        camera.publishers().all().forEach(publisher -> bindPublisher(publisher, tags.and("url",
                publisher.target().redacted())));
    }

    private void bindPublisher(Publisher publisher, Tags tags) {
        gauge("edgecam.publish.connected", "1 while the stream flows to this media server", publisher,
                p -> p.status().connected() ? 1 : 0, tags);
        FunctionCounter.builder("edgecam.publish.sent", publisher, p -> p.status().bytes()).tags(tags)
                .baseUnit(BaseUnits.BYTES).description("H.264 bytes pushed to this media server").register(registry);
        publishCounter("edgecam.publish.frames", "Frames pushed to this media server", publisher,
                p -> p.status().frames(), tags);
        publishCounter("edgecam.publish.frames.skipped", "Frames not pushed because the connection fell behind",
                publisher, p -> p.status().framesSkipped(), tags);
        publishCounter("edgecam.publish.errors", "Connections to this media server that failed or broke", publisher,
                p -> p.status().errors(), tags);
        publishCounter("edgecam.publish.retries", "Connection attempts after the first", publisher,
                p -> p.status().retries(), tags);
    }

    private void publishCounter(String name, String description, Publisher publisher, ToDoubleFunction<Publisher> value,
                                Tags tags) {
        FunctionCounter.builder(name, publisher, value).tags(tags).description(description).register(registry);
    }

    private void counter(String name, String description, LongAdder adder, Tags tags) {
        FunctionCounter.builder(name, adder, LongAdder::sum).tags(tags).description(description).register(registry);
    }

    private <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, Tags tags) {
        Gauge.builder(name, source, value).description(description).tags(tags).strongReference(true)
                .register(registry);
    }

    /** The current values in Prometheus text format. */
    String scrape() {
        return registry.scrape();
    }
}
