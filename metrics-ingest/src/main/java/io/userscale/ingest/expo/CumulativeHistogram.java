package io.userscale.ingest.expo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A histogram as one scrape reports it: cumulative since the process started.
 *
 * @param count   the {@code _count} samples summed, or {@code null} when there were none
 * @param sum     the {@code _sum} samples summed, or {@code null} when there were none
 * @param buckets the {@code _bucket} samples summed per bound: {@code le} as written (the first
 *                spelling seen of each bound, {@code +Inf} included) to cumulative count,
 *                ascending by bound; unmodifiable
 */
public record CumulativeHistogram(Double count, Double sum, Map<String, Double> buckets) {

    public CumulativeHistogram {
        buckets = buckets == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(buckets));
    }

    /** The cumulative count of the bucket with bound {@code le} as written, or {@code null}. */
    public Double bucket(String le) {
        return buckets.get(le);
    }
}
