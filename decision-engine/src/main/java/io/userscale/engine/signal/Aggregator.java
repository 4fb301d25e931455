package io.userscale.engine.signal;

import io.userscale.kafka.contract.Buckets;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.contract.TargetSnapshot.LatencyHistogram;
import io.userscale.kafka.contract.TargetSnapshot.PodSample;

/**
 * Sanitises a snapshot's per-pod values and aggregates them over ready pods, the first two steps
 * of every policy: users summed, CPU averaged over pods past their warm-up, GPU averaged, latency p95
 * from the merged histogram deltas ({@code histogram_quantile(0.95, sum by (le) (...))}),
 * requests per second, concurrency summed.
 */
public final class Aggregator {

    private Aggregator() {
    }

    /** A histogram being merged: bounds with their summed counts, in arrival order. */
    private static final class Merged {
        double[] bounds = new double[16];
        double[] counts = new double[16];
        int size;
        /** Sum of the latencies of the merged histograms, NaN once one is missing or unusable. */
        double sum;
        /** The one layout every merged histogram had so far, while that holds. */
        Buckets.Layout layout;
        boolean first = true;

        /** Whether the next histogram can be summed by index: first of all, or the same layout. */
        boolean sameLayout(Buckets.Layout l) {
            if (first) {
                first = false;
                layout = l;
                double[] b = l.bounds();
                if (bounds.length < b.length) {
                    bounds = new double[b.length];
                    counts = new double[b.length];
                }
                System.arraycopy(b, 0, bounds, 0, b.length);
                size = b.length;
                return true;
            }
            return layout == l;
        }

        void addAll(double[] c) {
            for (int i = 0; i < c.length; i++) {
                counts[i] += c[i];
            }
        }

        /** Adds a bucket; {@code hint} is where the same bound usually sits (same exposition, same order). */
        void add(double le, double count, int hint) {
            if (hint < size && bounds[hint] == le) {
                counts[hint] += count;
                return;
            }
            for (int i = 0; i < size; i++) {
                if (bounds[i] == le) {
                    counts[i] += count;
                    return;
                }
            }
            if (size == bounds.length) {
                bounds = java.util.Arrays.copyOf(bounds, size * 2);
                counts = java.util.Arrays.copyOf(counts, size * 2);
            }
            bounds[size] = le;
            counts[size] = count;
            size++;
        }

        /**
         * Whether the pods reported their histograms but served nothing in the interval: then no
         * request waited, and latency is known to be no problem (0), not missing.
         */
        boolean idle() {
            for (int i = 0; i < size; i++) {
                if (counts[i] > 0) {
                    return false;
                }
            }
            return size > 0;
        }

        /** The merged buckets sorted by bound (insertion sort: a few dozen at most), made monotone. */
        Observation.Histogram histogram() {
            for (int i = 1; i < size; i++) {
                double b = bounds[i];
                double c = counts[i];
                int j = i - 1;
                while (j >= 0 && bounds[j] > b) {
                    bounds[j + 1] = bounds[j];
                    counts[j + 1] = counts[j];
                    j--;
                }
                bounds[j + 1] = b;
                counts[j + 1] = c;
            }
            double[] b = java.util.Arrays.copyOf(bounds, size);
            double[] c = java.util.Arrays.copyOf(counts, size);
            for (int k = 1; k < size; k++) { // merged deltas of counters can only be made monotone by max
                c[k] = Math.max(c[k], c[k - 1]);
            }
            return new Observation.Histogram(b, c, sum);
        }
    }

    /**
     * @param snapshot the scrape round
     * @param warmupMs pods younger than this are left out of the CPU mean (start-up CPU is not load)
     */
    public static Observation observe(TargetSnapshot snapshot, long warmupMs) {
        long ts = snapshot.ts().toEpochMilli();
        int invalid = 0;
        int ready = 0;
        int silent = 0;
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
        Merged merged = null;
        for (PodSample pod : snapshot.pods()) {
            if (!pod.ready()) {
                continue;
            }
            ready++;
            if (silent(pod)) {
                silent++;
                continue;
            }
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
                    merged = new Merged();
                }
                invalid += merge(h, merged);
                merged.sum += h.sum() >= 0 && Double.isFinite(h.sum()) ? h.sum() : Double.NaN;
            }
        }
        Observation.Histogram histogram = merged == null || merged.idle() ? null : merged.histogram();
        int spec = Math.max(0, snapshot.replicas().spec());
        double intervalS = snapshot.intervalMs() / 1000.0;
        // a ready pod that reported nothing (its scrape failed) counts at its peers' mean: a sum over
        // the pods that answered alone would read its load as gone. A pod that answered without a
        // counter delta (its first scrape) is not scaled up so: it served little of the interval.
        return new Observation(ts, snapshot.intervalMs(), spec, ready, Math.max(0, spec - ready), cpuMissing + silent,
                usersKnown > 0 ? users * (usersKnown + silent) / usersKnown : Double.NaN,
                cpuKnown > 0 ? cpuSum / cpuKnown : Double.NaN,
                gpuKnown > 0 ? gpuSum / gpuKnown : Double.NaN,
                merged == null ? Double.NaN : histogram == null ? 0
                        : Histograms.quantile(0.95, histogram.bounds(), histogram.cumulative()),
                requestsKnown > 0 && intervalS > 0 ? requests * (requestsKnown + silent) / requestsKnown / intervalS
                        : Double.NaN,
                inflightKnown > 0 ? inflight * (inflightKnown + silent) / inflightKnown : Double.NaN,
                invalid, histogram, snapshot.pods());
    }

    /**
     * The share of the interval's requests served by a ready pod whose own p95 exceeded
     * {@code sloMs}: requests that met a pod breaking the SLO. Where load is spread evenly this is
     * all or none, as the merged p95 is; where each request goes to a pod at random, pods' loads vary
     * and so does each second's p95, and this share follows how often seconds break, where the
     * merged p95 of a whole interval hides them. {@code NaN} when no ready pod reported a usable
     * histogram with requests.
     */
    public static double shareAtBrokenPods(java.util.List<PodSample> pods, double sloMs) {
        double all = 0;
        double broken = 0;
        for (PodSample pod : pods) {
            LatencyHistogram h = pod.ready() ? pod.latencyMs() : null;
            if (h == null) {
                continue;
            }
            Buckets b = h.parsedBuckets();
            double[] bounds = b.layout().bounds();
            double[] counts = b.countArray();
            int n = bounds.length;
            if (n < 2 || bounds[n - 1] != Double.POSITIVE_INFINITY || !(counts[n - 1] > 0)
                    || !Double.isFinite(counts[n - 1])) {
                continue;
            }
            double over = Histograms.shareAbove(sloMs, bounds, counts);
            if (!(over >= 0)) {
                continue; // NaN: a layout it cannot read
            }
            all += counts[n - 1];
            if (over > 0.05) {
                broken += counts[n - 1];
            }
        }
        return all > 0 ? broken / all : Double.NaN;
    }

    /** Adds one pod's buckets into the merged histogram; returns how many values were unusable. */
    private static int merge(LatencyHistogram h, Merged merged) {
        Buckets buckets = h.parsedBuckets();
        double[] bounds = buckets.layout().bounds();
        double[] counts = buckets.countArray();
        int invalid = 0;
        for (int i = 0; i < bounds.length; i++) {
            if (Double.isNaN(bounds[i]) || !(counts[i] >= 0) || counts[i] == Double.POSITIVE_INFINITY) {
                invalid++;
            }
        }
        if (invalid == 0 && merged.sameLayout(buckets.layout())) {
            merged.addAll(counts); // the common case: every pod exposes the same buckets
            return 0;
        }
        if (merged.first) {
            merged.first = false;
        }
        for (int i = 0; i < bounds.length; i++) {
            double count = counts[i];
            if (Double.isNaN(bounds[i]) || !(count >= 0) || count == Double.POSITIVE_INFINITY) {
                continue;
            }
            merged.add(bounds[i], count, i);
        }
        merged.first = false;
        merged.layout = null; // mixed: no longer one layout
        return invalid;
    }

    /** Whether a pod reported no signal at all this round (its scrape failed or read nothing usable). */
    public static boolean silent(PodSample p) {
        return p.activeUsers() == null && p.cpuPercent() == null && p.gpuPercent() == null && p.requests() == null
                && p.inflight() == null && p.latencyMs() == null;
    }

    /** A percentage in [0, 100], else unknown. */
    public static double percent(Double v) {
        return v == null || !Double.isFinite(v) || v < 0 || v > 100 ? Double.NaN : v;
    }

    /** A finite, non-negative value, else unknown. */
    public static double nonNegative(Double v) {
        return v == null || !Double.isFinite(v) || v < 0 ? Double.NaN : v;
    }

    /** 1 when a value was present but unusable. */
    private static int rejected(Double raw, double sanitised) {
        return raw != null && Double.isNaN(sanitised) ? 1 : 0;
    }
}
