package io.userscale.ingest.expo;

/**
 * Which series of an exposition carry userscale's signals. A {@code null} name leaves that signal
 * unread. The defaults are the series gpu-app serves on {@code /q/metrics}.
 *
 * @param users      gauge of active users
 * @param cpuPercent gauge of CPU use, percent
 * @param gpuPercent gauge of GPU utilisation, percent
 * @param inflight   gauge of requests in flight
 * @param requests   counter of requests served, the sample name ({@code x_total}); a name
 *                   without {@code _total} also matches its {@code _total} sample
 * @param latencyMs  histogram of request latency in milliseconds, the family name: its
 *                   {@code _bucket}, {@code _count} and {@code _sum} samples are read
 */
public record SignalMapping(String users, String cpuPercent, String gpuPercent, String inflight, String requests,
                            String latencyMs) {

    private static final SignalMapping DEFAULTS = new SignalMapping("userscale_active_users", "userscale_cpu_percent",
            "userscale_gpu_utilization_percent", "userscale_inflight_requests", "userscale_requests_total",
            "userscale_latency_ms");

    /** gpu-app's series: {@code userscale_active_users}, {@code userscale_cpu_percent}, ... */
    public static SignalMapping defaults() {
        return DEFAULTS;
    }

    /** This mapping with another users gauge. */
    public SignalMapping withUsers(String name) {
        return new SignalMapping(name, cpuPercent, gpuPercent, inflight, requests, latencyMs);
    }

    /** This mapping with another CPU gauge. */
    public SignalMapping withCpuPercent(String name) {
        return new SignalMapping(users, name, gpuPercent, inflight, requests, latencyMs);
    }

    /** This mapping with another GPU gauge. */
    public SignalMapping withGpuPercent(String name) {
        return new SignalMapping(users, cpuPercent, name, inflight, requests, latencyMs);
    }

    /** This mapping with another in-flight gauge. */
    public SignalMapping withInflight(String name) {
        return new SignalMapping(users, cpuPercent, gpuPercent, name, requests, latencyMs);
    }

    /** This mapping with another requests counter. */
    public SignalMapping withRequests(String name) {
        return new SignalMapping(users, cpuPercent, gpuPercent, inflight, name, latencyMs);
    }

    /** This mapping with another latency histogram. */
    public SignalMapping withLatencyMs(String name) {
        return new SignalMapping(users, cpuPercent, gpuPercent, inflight, requests, name);
    }
}
