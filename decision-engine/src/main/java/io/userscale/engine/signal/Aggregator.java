package io.userscale.engine.signal;

import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.contract.TargetSnapshot.LatencyHistogram;
import io.userscale.kafka.contract.TargetSnapshot.PodSample;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sanitises a snapshot's per-pod values and aggregates them over ready pods (DESIGN §4, steps 1
 * and 2): users summed, CPU averaged over pods past their warm-up, GPU averaged, latency p95
 * from the merged histogram deltas ({@code histogram_quantile(0.95, sum by (le) (...))}),
 * requests per second, concurrency summed.
 */
public final class Aggregator {

    private Aggregator() {
    }

    /**
     * @param snapshot the scrape round
     * @param warmupMs pods younger than this are left out of the CPU mean (start-up CPU is not load)
     */
    public static Observation observe(TargetSnapshot snapshot, long warmupMs) {
        long ts = snapshot.ts().toEpochMilli();
        int invalid = 0;
        int ready = 0;
        int cpuMissing = 0;
        double users = 0;
        int usersKnown = 0;
        double cpuSum = 0;
        int cpuKnown = 0;
        double gpuSum = 0;
        int gpuKnown = 0;
        double requests = 0;
        int requestsKnown = 0;
        double inflight = 0;
        int inflightKnown = 0;
        Map<Double, Double> merged = null;
        for (PodSample pod : snapshot.pods()) {
            if (!pod.ready()) {
                continue;
            }
            ready++;
            double u = nonNegative(pod.activeUsers());
            invalid += rejected(pod.activeUsers(), u);
            if (!Double.isNaN(u)) {
                users += u;
                usersKnown++;
            }
            double cpu = percent(pod.cpuPercent());
            invalid += rejected(pod.cpuPercent(), cpu);
            boolean warm = pod.startedAt() == null || ts - pod.startedAt().toEpochMilli() >= warmupMs;
            if (!Double.isNaN(cpu) && warm) {
                cpuSum += cpu;
                cpuKnown++;
            } else {
                cpuMissing++;
            }
            double gpu = percent(pod.gpuPercent());
            invalid += rejected(pod.gpuPercent(), gpu);
            if (!Double.isNaN(gpu)) {
                gpuSum += gpu;
                gpuKnown++;
            }
            double r = nonNegative(pod.requests());
            invalid += rejected(pod.requests(), r);
            if (!Double.isNaN(r)) {
                requests += r;
                requestsKnown++;
            }
            double c = nonNegative(pod.inflight());
            invalid += rejected(pod.inflight(), c);
            if (!Double.isNaN(c)) {
                inflight += c;
                inflightKnown++;
            }
            LatencyHistogram h = pod.latencyMs();
            if (h != null) {
                if (merged == null) {
                    merged = new TreeMap<>();
                }
                invalid += merge(h, merged);
            }
        }
        int spec = Math.max(0, snapshot.replicas().spec());
        double intervalS = snapshot.intervalMs() / 1000.0;
        return new Observation(ts, snapshot.intervalMs(), spec, ready, Math.max(0, spec - ready), cpuMissing,
                usersKnown > 0 ? users : Double.NaN,
                cpuKnown > 0 ? cpuSum / cpuKnown : Double.NaN,
                gpuKnown > 0 ? gpuSum / gpuKnown : Double.NaN,
                merged == null ? Double.NaN : p95(merged),
                requestsKnown > 0 && intervalS > 0 ? requests / intervalS : Double.NaN,
                inflightKnown > 0 ? inflight : Double.NaN,
                invalid);
    }

    /** Adds one pod's buckets into the merged histogram; returns how many values were unusable. */
    private static int merge(LatencyHistogram h, Map<Double, Double> merged) {
        int invalid = 0;
        for (var e : h.buckets().entrySet()) {
            double le = parseLe(e.getKey());
            Double count = e.getValue();
            if (Double.isNaN(le) || count == null || !Double.isFinite(count) || count < 0) {
                invalid++;
                continue;
            }
            merged.merge(le, count, Double::sum);
        }
        return invalid;
    }

    private static double p95(Map<Double, Double> merged) {
        int n = merged.size();
        double[] bounds = new double[n];
        double[] counts = new double[n];
        int i = 0;
        for (var e : merged.entrySet()) { // TreeMap: ascending bounds
            bounds[i] = e.getKey();
            counts[i] = e.getValue();
            i++;
        }
        for (int k = 1; k < n; k++) { // merged deltas of counters can only be made monotone by max
            counts[k] = Math.max(counts[k], counts[k - 1]);
        }
        return Histograms.quantile(0.95, bounds, counts);
    }

    static double parseLe(String le) {
        if (le == null) {
            return Double.NaN;
        }
        String s = le.trim();
        if (s.equals("+Inf") || s.equals("Inf") || s.equals("+inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) && v >= 0 ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** A percentage in [0, 100], else unknown. */
    static double percent(Double v) {
        return v == null || !Double.isFinite(v) || v < 0 || v > 100 ? Double.NaN : v;
    }

    /** A finite, non-negative value, else unknown. */
    static double nonNegative(Double v) {
        return v == null || !Double.isFinite(v) || v < 0 ? Double.NaN : v;
    }

    /** 1 when a value was present but unusable. */
    private static int rejected(Double raw, double sanitised) {
        return raw != null && Double.isNaN(sanitised) ? 1 : 0;
    }
}
