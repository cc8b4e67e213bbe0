package dev.edgecam.transport.http;

import dev.edgecam.hub.CaptureLoop;
import dev.edgecam.hub.FrameHub;
import dev.edgecam.hub.PipelineStats;
import dev.edgecam.transport.ClientRegistry;
import dev.edgecam.transport.TransportKind;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The {@code /metrics} endpoint's registry: counters read straight from the pipeline's running totals and the
 * client registry at scrape time (nothing is counted twice), clients per transport, source state, and a
 * histogram of encode times fed by the capture loop.
 *
 * <p>Names as Prometheus shows them: {@code edgecam_frames_captured_total}, {@code edgecam_frames_encoded_total},
 * {@code edgecam_frames_published_total}, {@code edgecam_frames_sent_total}, {@code edgecam_frames_skipped_total},
 * {@code edgecam_sent_bytes_total}, {@code edgecam_source_failures_total}, {@code edgecam_clients{transport}},
 * {@code edgecam_source_online}, {@code edgecam_hub_listeners}, {@code edgecam_encode_seconds_*}.
 */
final class PrometheusMetrics {

    /** Prometheus' own text format, the one every scraper reads. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    PrometheusMetrics(FrameHub hub, PipelineStats stats, CaptureLoop capture, ClientRegistry clients) {
        counter("edgecam.frames.captured", "Frames the source produced, watched or not", stats.captured);
        counter("edgecam.frames.encoded", "Frames edgecam encoded to JPEG itself", stats.encoded);
        counter("edgecam.frames.published", "Frames published to the hub (encoded or passed through)", stats.published);
        counter("edgecam.source.failures", "Times the source failed and was reopened", stats.sourceFailures);
        FunctionCounter.builder("edgecam.frames.sent", clients, ClientRegistry::totalFramesSent)
                .description("Frames sent to clients of every transport").register(registry);
        FunctionCounter.builder("edgecam.frames.skipped", clients, ClientRegistry::totalFramesSkipped)
                .description("Frames slow clients skipped (latest frame wins)").register(registry);
        FunctionCounter.builder("edgecam.sent", clients, ClientRegistry::totalBytesSent)
                .baseUnit(BaseUnits.BYTES).description("JPEG bytes sent to clients of every transport")
                .register(registry);
        for (TransportKind transport : TransportKind.values()) {
            gauge("edgecam.clients", "Connected clients", clients, c -> c.count(transport), transport.label());
        }
        gauge("edgecam.source.online", "1 while the source delivers frames", capture,
                c -> c.status().online() ? 1 : 0, null);
        gauge("edgecam.hub.listeners", "Clients waiting for frames (encoding runs while above 0)", hub,
                FrameHub::listenerCount, null);
        Timer encodeTime = Timer.builder("edgecam.encode")
                .description("Time to encode one frame to JPEG")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
        stats.observeEncodeTimes(nanos -> encodeTime.record(nanos, TimeUnit.NANOSECONDS));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private void counter(String name, String description, LongAdder adder) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(registry);
    }

    private <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value, String transport) {
        Gauge.Builder<T> builder = Gauge.builder(name, source, value).description(description);
        if (transport != null) {
            builder.tag("transport", transport);
        }
        builder.strongReference(true).register(registry);
    }

    /** The current values in Prometheus text format. */
    String scrape() {
        return registry.scrape();
    }
}
