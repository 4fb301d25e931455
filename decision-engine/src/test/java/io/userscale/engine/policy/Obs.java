package io.userscale.engine.policy;

import io.userscale.engine.signal.Observation;
import java.util.List;

/** Observations for policy tests: time in seconds, every pod ready, unknowns as NaN. */
final class Obs {

    static final double NA = Double.NaN;

    private Obs() {
    }

    static Observation at(double tSeconds, int replicas, double users, double cpu, double latencyMs) {
        return new Observation(Math.round(tSeconds * 1000), 5000, replicas, replicas, 0, 0, users, cpu, NA, latencyMs,
                NA, NA, 0);
    }

    /**
     * An observation with a latency histogram: {@code meanMs} its mean, {@code p95Ms} its 95th
     * percentile.
     */
    static Observation latency(double tSeconds, int replicas, double users, double cpu, double meanMs, double p95Ms) {
        return new Observation(Math.round(tSeconds * 1000), 5000, replicas, replicas, 0, 0, users, cpu, NA, p95Ms,
                NA, NA, 0, histogram(meanMs, p95Ms), List.of());
    }

    /** A latency histogram of 100 requests whose mean is {@code meanMs} and 95th percentile {@code p95Ms}. */
    static Observation.Histogram histogram(double meanMs, double p95Ms) {
        return new Observation.Histogram(new double[] {p95Ms, p95Ms * 1.01, Double.POSITIVE_INFINITY},
                new double[] {94, 100, 100}, meanMs * 100);
    }

    static Observation concurrency(double tSeconds, int replicas, int ready, double concurrency, long intervalMs) {
        return new Observation(Math.round(tSeconds * 1000), intervalMs, replicas, ready, replicas - ready, 0, NA, NA,
                NA, NA, NA, concurrency, 0);
    }

    static Observation cpu(double tSeconds, int replicas, int ready, double cpu, double users) {
        return new Observation(Math.round(tSeconds * 1000), 15000, replicas, ready, replicas - ready, 0, users, cpu,
                NA, NA, NA, NA, 0);
    }
}
