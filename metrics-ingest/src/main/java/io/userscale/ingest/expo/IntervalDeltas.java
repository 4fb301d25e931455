package io.userscale.ingest.expo;

import io.userscale.kafka.contract.TargetSnapshot;

/**
 * What one pod's counters gained over one scrape interval. {@code null} means unknown: the first
 * scrape of a pod, or a series missing from either scrape. Never zero for unknown.
 *
 * @param requests  requests served in the interval, or {@code null}
 * @param latencyMs the latency histogram's delta, or {@code null}
 * @param reset     whether a counter or the histogram restarted from zero since the previous scrape
 */
public record IntervalDeltas(Double requests, HistogramDelta latencyMs, boolean reset) {

    /** No previous scrape: every delta unknown. */
    public static final IntervalDeltas UNKNOWN = new IntervalDeltas(null, null, false);

    /** The deltas from {@code previous} (or {@code null} for none) to {@code current}. */
    public static IntervalDeltas between(Signals previous, Signals current) {
        if (previous == null || current == null) {
            return UNKNOWN;
        }
        Double p = previous.requests();
        Double c = current.requests();
        boolean requestsReset = p != null && c != null && c < p;
        Double requests = p == null || c == null ? null : requestsReset ? c : c - p;
        HistogramDelta latency = HistogramDelta.between(previous.latencyMs(), current.latencyMs());
        return new IntervalDeltas(requests, latency, requestsReset || latency != null && latency.reset());
    }

    /** The latency delta as the contract's histogram, or {@code null} when unknown. */
    public TargetSnapshot.LatencyHistogram latencyHistogram() {
        return latencyMs == null ? null : latencyMs.toLatencyHistogram();
    }
}
