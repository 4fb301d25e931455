package io.userscale.engine.signal;

/**
 * What a policy sees of a target at one moment: aggregated signals, each {@code NaN} when unknown.
 *
 * @param tsMs          event time, epoch milliseconds
 * @param intervalMs    the interval the rates and deltas cover
 * @param specReplicas  replicas asked for (the workload's current scale)
 * @param readyPods     pods ready to serve
 * @param unreadyPods   pods asked for but not ready (starting, failing)
 * @param cpuMissing    ready pods without a CPU reading (unknown, or still warming up)
 * @param users         active users, summed over ready pods
 * @param cpuPercent    CPU, mean over ready, warmed-up pods, 0–100
 * @param gpuPercent    GPU utilisation, mean over ready pods, 0–100
 * @param p95Ms         95th percentile latency from the merged histogram deltas
 * @param rps           requests per second over the interval
 * @param concurrency   requests in flight, summed over ready pods
 * @param invalidValues values that arrived unusable (NaN, infinite, negative, out of range)
 */
public record Observation(long tsMs, long intervalMs, int specReplicas, int readyPods, int unreadyPods,
                          int cpuMissing, double users, double cpuPercent, double gpuPercent, double p95Ms,
                          double rps, double concurrency, int invalidValues) {

    /** Whether a value is known. */
    public static boolean known(double v) {
        return !Double.isNaN(v);
    }
}
