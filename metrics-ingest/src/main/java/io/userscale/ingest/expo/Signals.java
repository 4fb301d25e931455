package io.userscale.ingest.expo;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The raw signals one pod's exposition gives userscale, as scraped: gauges as they stand,
 * counters and the histogram cumulative since the process started ({@link CounterDeltas} turns
 * those into per-interval deltas).
 *
 * <p>Each signal is the sum over the label sets of its series (several {@code uri} labels, say),
 * histogram buckets summed per bound. A series written more than once (OpenMetrics points with
 * different timestamps) counts with its last value. {@code NaN} samples are left out, and a signal
 * with no sample left is {@code null}.
 *
 * @param users      active users, or {@code null}
 * @param cpuPercent CPU use, percent, or {@code null}
 * @param gpuPercent GPU utilisation, percent, or {@code null}
 * @param inflight   requests in flight, or {@code null}
 * @param requests   the requests counter, cumulative, or {@code null}
 * @param latencyMs  the latency histogram, cumulative, or {@code null} when it had no sample
 */
public record Signals(Double users, Double cpuPercent, Double gpuPercent, Double inflight, Double requests,
                      CumulativeHistogram latencyMs) {

    /** The signals of {@code exposition} under {@code mapping}. */
    public static Signals extract(Exposition exposition, SignalMapping mapping) {
        Total users = new Total();
        Total cpu = new Total();
        Total gpu = new Total();
        Total inflight = new Total();
        Total requests = new Total();
        Total count = new Total();
        Total sum = new Total();
        Map<Map<String, String>, Double> buckets = new LinkedHashMap<>();
        String requestsTotal = mapping.requests() == null || mapping.requests().endsWith("_total") ? null
                : mapping.requests() + "_total";
        String latency = mapping.latencyMs();
        for (Sample s : exposition.samples()) {
            if (!Double.isFinite(s.value())) {
                continue; // NaN, or an infinity JSON cannot carry: the signal is unknown, not garbage
            }
            String name = s.name();
            if (name.equals(mapping.users())) {
                users.add(s);
            } else if (name.equals(mapping.cpuPercent())) {
                cpu.add(s);
            } else if (name.equals(mapping.gpuPercent())) {
                gpu.add(s);
            } else if (name.equals(mapping.inflight())) {
                inflight.add(s);
            } else if (name.equals(mapping.requests()) || name.equals(requestsTotal)) {
                requests.add(s);
            } else if (latency != null && name.length() > latency.length() && name.startsWith(latency)) {
                switch (name.substring(latency.length())) {
                    case "_bucket" -> {
                        if (s.labels().containsKey("le")) {
                            buckets.put(s.labels(), s.value());
                        }
                    }
                    case "_count" -> count.add(s);
                    case "_sum" -> sum.add(s);
                    default -> {
                        // another series of the same prefix (_max, _created)
                    }
                }
            }
        }
        CumulativeHistogram histogram = count.isEmpty() && sum.isEmpty() && buckets.isEmpty() ? null
                : new CumulativeHistogram(count.value(), sum.value(), perBound(buckets));
        return new Signals(users.value(), cpu.value(), gpu.value(), inflight.value(), requests.value(), histogram);
    }

    /** Bucket series summed per bound, ascending by bound; bounds that are not numbers are left out. */
    private static Map<String, Double> perBound(Map<Map<String, String>, Double> buckets) {
        TreeMap<Double, String> spelling = new TreeMap<>();
        Map<Double, Double> totals = new HashMap<>();
        for (var e : buckets.entrySet()) {
            String le = e.getKey().get("le");
            double bound = Numbers.parseBound(le);
            if (Double.isNaN(bound)) {
                continue;
            }
            bound += 0.0; // -0 and 0 are one bound
            spelling.putIfAbsent(bound, le);
            totals.merge(bound, e.getValue(), Double::sum);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        spelling.forEach((bound, le) -> {
            if (Double.isFinite(totals.get(bound))) { // bucket series that overflow a double say nothing
                out.put(le, totals.get(bound));
            }
        });
        return out;
    }

    /** A sum over series, each counted with its last value. */
    private static final class Total {
        private final Map<Map<String, String>, Double> bySeries = new LinkedHashMap<>(4);

        void add(Sample s) {
            bySeries.put(s.labels(), s.value());
        }

        boolean isEmpty() {
            return bySeries.isEmpty();
        }

        Double value() {
            if (bySeries.isEmpty()) {
                return null;
            }
            double total = 0;
            for (double v : bySeries.values()) {
                total += v;
            }
            return Double.isFinite(total) ? total : null; // series that overflow a double say nothing
        }
    }
}
