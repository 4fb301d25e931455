package io.userscale.gpuapp.metrics;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.userscale.gpuapp.GpuAppConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The series on {@code /q/metrics} that userscale scales on: {@code userscale_active_users},
 * {@code userscale_cpu_percent}, {@code userscale_latency_ms} (histogram, buckets 25–5000 ms),
 * {@code userscale_requests_total} and {@code userscale_inflight_requests}.
 */
@ApplicationScoped
@Startup // every series from the start: a scraper must not see utilisation without users on its first look
public class ScalingMetrics {

    /** Latency bucket bounds, ms: around the 25–5000 ms a scaled service lives in. */
    static final double[] LATENCY_BUCKETS_MS = {25, 50, 100, 200, 300, 500, 750, 1000, 2000, 5000};

    private final ActiveUsers users;
    private final AtomicInteger inflight = new AtomicInteger();
    private final DistributionSummary latency;
    private final Counter requests;

    public ScalingMetrics(MeterRegistry registry, GpuAppConfig config) {
        this.users = new ActiveUsers(TimeUnit.SECONDS.toNanos(config.activeUserWindowSeconds()), 100_000);
        Gauge.builder("userscale.active.users", this, m -> m.users.count(System.nanoTime()))
                .description("Users (X-User-Id, else client address) whose latest request this pod served, "
                        + "until their next is due")
                .register(registry);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Gauge.builder("userscale.cpu.percent", os, o -> Math.max(0, Math.min(100, 100 * o.getProcessCpuLoad())))
                .description("CPU used by this process, percent of the CPUs it may use").register(registry);
        Gauge.builder("userscale.inflight.requests", inflight, AtomicInteger::get)
                .description("API requests being served now").register(registry);
        this.latency = DistributionSummary.builder("userscale.latency.ms")
                .description("API request latency, milliseconds").serviceLevelObjectives(LATENCY_BUCKETS_MS)
                .register(registry);
        this.requests = Counter.builder("userscale.requests").description("API requests served")
                .register(registry);
    }

    /** A request began. */
    public void begin(String user) {
        inflight.incrementAndGet();
        users.begin(user, System.nanoTime());
    }

    /** A request ended after {@code millis}. */
    public void end(String user, double millis) {
        users.end(user, System.nanoTime());
        inflight.decrementAndGet();
        requests.increment();
        latency.record(millis);
    }

    public int inflight() {
        return inflight.get();
    }
}
