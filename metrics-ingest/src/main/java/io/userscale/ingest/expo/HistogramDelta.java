package io.userscale.ingest.expo;

import io.userscale.kafka.contract.TargetSnapshot;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a histogram gained over one interval.
 *
 * @param count   observations in the interval, or {@code null} when unknown
 * @param sum     sum of those observations, or {@code null} when unknown
 * @param buckets per bound ({@code le} as written, ascending), the cumulative count of the
 *                interval's observations; unmodifiable
 * @param reset   whether the histogram restarted from zero since the previous scrape (its
 *                process restarted), so that the current values are the delta
 */
public record HistogramDelta(Double count, Double sum, Map<String, Double> buckets, boolean reset) {

    public HistogramDelta {
        buckets = buckets == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(buckets));
    }

    /**
     * The delta between two scrapes of one pod's histogram; {@code null} when either is missing.
     *
     * <p>The histogram is taken as restarted when its count went down, when any bucket went down,
     * or when its set of bounds changed (bounds change only with a new process); then the delta is
     * the current histogram itself. Otherwise each value is current minus previous, and a value
     * missing from either scrape is {@code null}.
     */
    public static HistogramDelta between(CumulativeHistogram previous, CumulativeHistogram current) {
        if (previous == null || current == null) {
            return null;
        }
        if (restarted(previous, current)) {
            return new HistogramDelta(current.count(), current.sum(), current.buckets(), true);
        }
        Map<String, Double> buckets = new LinkedHashMap<>();
        current.buckets().forEach((le, v) -> buckets.put(le, difference(previous.buckets().get(le), v)));
        return new HistogramDelta(difference(previous.count(), current.count()),
                difference(previous.sum(), current.sum()), buckets, false);
    }

    private static boolean restarted(CumulativeHistogram previous, CumulativeHistogram current) {
        if (previous.count() != null && current.count() != null && current.count() < previous.count()) {
            return true;
        }
        if (!previous.buckets().keySet().equals(current.buckets().keySet())) {
            return !previous.buckets().isEmpty() && !current.buckets().isEmpty();
        }
        for (var e : current.buckets().entrySet()) {
            Double before = previous.buckets().get(e.getKey());
            if (e.getValue() != null && before != null && e.getValue() < before) {
                return true;
            }
        }
        return false;
    }

    private static Double difference(Double previous, Double current) {
        return previous == null || current == null ? null : current - previous;
    }

    /**
     * This delta as the contract's histogram of a {@link TargetSnapshot.PodSample}; {@code null}
     * when the count or the sum is unknown.
     */
    public TargetSnapshot.LatencyHistogram toLatencyHistogram() {
        if (count == null || sum == null) {
            return null;
        }
        return new TargetSnapshot.LatencyHistogram(count, sum, buckets);
    }
}
