package dev.passage.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What operations watch (Prometheus, {@code GET /metrics}): requests by route and status with
 * latency histograms, link status changes by integration and outcome, sessions active, webhook
 * attempts by outcome and the dispatcher's lag, claims by outcome, and the JVM's own metrics. Tags
 * are closed sets (route templates, statuses, reasons): never an id or anything a caller chose.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The registry, for meters of a feature's own. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in Prometheus' text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** One HTTP request: its route template ({@code unmatched} for none), method, status and time. */
    public void request(String method, String route, int status, long nanos) {
        Timer.builder("passage.http.requests").description("HTTP requests by route, method and status")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A link's status changed (committed): its integration, new status and, when failed, its reason. */
    public void linkChanged(String integration, String status, String reason) {
        Counter.builder("passage.link.status.changes").description("Link status changes by integration, status and reason")
                .tag("integration", integration).tag("status", status).tag("reason", reason == null ? "none" : reason)
                .register(registry).increment();
    }

    /** A claim's outcome: {@code claimed}, or why it was refused ({@code not_found}, {@code conflict}, …). */
    public void claim(String outcome) {
        Counter.builder("passage.claims").description("Claims by outcome").tag("outcome", outcome).register(registry).increment();
    }

    /** One webhook attempt: {@code delivered}, {@code retrying} or {@code failed}, and how long the receiver took. */
    public void webhookAttempt(String outcome, long latencyMillis) {
        Timer.builder("passage.webhook.attempts").description("Webhook attempts by outcome").tag("outcome", outcome)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(latencyMillis, TimeUnit.MILLISECONDS);
    }

    /** How late an attempt started after it fell due. */
    public void dispatchLag(long millis) {
        Timer.builder("passage.webhook.dispatch.lag").description("How long due webhook attempts waited to be sent")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry).record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    /** A value read at each scrape (sessions active, deliveries due). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** Stops the meters that hold resources (the GC listener). */
    public void close() {
        gc.close();
        registry.close();
    }
}
