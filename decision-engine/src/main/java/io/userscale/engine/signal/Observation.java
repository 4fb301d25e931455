package io.userscale.engine.signal;

import io.userscale.kafka.contract.TargetSnapshot.PodSample;
import java.util.List;

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
 * @param latency       the merged latency histogram of the interval, or {@code null} when none
 * @param pods          the snapshot's pods as reported (names, readiness, start times), unsanitised
 */
public record Observation(long tsMs, long intervalMs, int specReplicas, int readyPods, int unreadyPods,
                          int cpuMissing, double users, double cpuPercent, double gpuPercent, double p95Ms,
                          double rps, double concurrency, int invalidValues, Histogram latency,
                          List<PodSample> pods) {

    /**
     * A merged latency histogram.
     *
     * @param bounds     upper bounds, ascending, the last {@code +Inf}
     * @param cumulative cumulative counts, non-decreasing
     * @param sum        the sum of the latencies counted, ms ({@code NaN} when a pod did not report it)
     */
    public record Histogram(double[] bounds, double[] cumulative, double sum) {

        /** Mean latency, ms, or {@code NaN}. */
        public double mean() {
            double n = count();
            return n > 0 ? sum / n : Double.NaN;
        }

        /** Requests counted. */
        public double count() {
            return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
        }

        /** The {@code q} quantile, read with exponential tails inside buckets ({@link Histograms#quantileExpTail}). */
        public double quantile(double q) {
            return Histograms.quantileExpTail(q, bounds, cumulative);
        }
    }

    /** An observation without a histogram or pod list (tests and synthetic inputs). */
    public Observation(long tsMs, long intervalMs, int specReplicas, int readyPods, int unreadyPods, int cpuMissing,
                       double users, double cpuPercent, double gpuPercent, double p95Ms, double rps,
                       double concurrency, int invalidValues) {
        this(tsMs, intervalMs, specReplicas, readyPods, unreadyPods, cpuMissing, users, cpuPercent, gpuPercent, p95Ms,
                rps, concurrency, invalidValues, null, List.of());
    }

    /** Whether a value is known. */
    public static boolean known(double v) {
        return !Double.isNaN(v);
    }
}
