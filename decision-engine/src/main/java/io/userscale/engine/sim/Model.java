package io.userscale.engine.sim;

/**
 * The model cluster's parameters and its latency model, the same for every policy.
 *
 * <p>Each pod serves requests with {@code concurrency} parallel slots and a fixed service time.
 * Load is spread evenly over ready pods (as a Service or SO_REUSEPORT spreads connections).
 * Below saturation a pod is an M/D/c queue; its mean wait follows Sakasegawa's approximation
 * {@code Wq = (s/2) · ρ^(√(2(c+1)) − 1) / (c · (1 − ρ))} and its p95 latency is taken as
 * {@code s + 3 · Wq}. Above saturation the excess queues up (a fluid backlog drained at full
 * capacity) and every queued request waits {@code backlog / capacity} on top. New pods serve after
 * {@code startupS}; removed pods leave at once.
 *
 * @param peakPods    the trace is scaled so its peak needs exactly this many ready pods to meet the SLO
 * @param startupS    seconds from asking for a pod to its serving
 * @param sloMs       the p95 latency objective
 * @param serviceMs   service time of one request
 * @param concurrency parallel slots per pod
 * @param userRps     requests per second of one active user (users = rate / userRps)
 * @param scrapeS     metrics-ingest's scrape interval (what userscale and seed see)
 * @param minReplicas fewest replicas a policy may ask for
 * @param maxReplicas most replicas a policy may ask for
 * @param queueLimit  requests one pod holds waiting beyond its slots before it refuses more, as
 *                    gpu-app does with a 503 (0: no limit, the queue grows as long as it must)
 */
public record Model(double peakPods, double startupS, double sloMs, double serviceMs, int concurrency,
                    double userRps, double scrapeS, int minReplicas, int maxReplicas, int queueLimit) {

    /** A model whose pods queue without limit. */
    public Model(double peakPods, double startupS, double sloMs, double serviceMs, int concurrency, double userRps,
                 double scrapeS, int minReplicas, int maxReplicas) {
        this(peakPods, startupS, sloMs, serviceMs, concurrency, userRps, scrapeS, minReplicas, maxReplicas, 0);
    }

    /** The defaults, documented in docs/simulator.md and the command's help. */
    public static Model defaults() {
        return new Model(20, 30, 200, 50, 2, 2, 5, 1, 60);
    }

    /** Refuses a value out of range, naming the parameter, the rule and the value. */
    public Model {
        require(peakPods >= 1, "peakPods", "at least 1", peakPods);
        require(startupS >= 0, "startupS", "0 or more", startupS);
        require(sloMs > 0, "sloMs", "positive", sloMs);
        require(serviceMs > 0, "serviceMs", "positive", serviceMs);
        require(concurrency >= 1, "concurrency", "at least 1", concurrency);
        require(userRps > 0, "userRps", "positive", userRps);
        require(scrapeS >= 1, "scrapeS", "at least 1", scrapeS);
        require(minReplicas >= 1, "minReplicas", "at least 1", minReplicas);
        require(queueLimit >= 0, "queueLimit", "0 (no limit) or more", queueLimit);
        require(maxReplicas >= minReplicas, "maxReplicas", "at least minReplicas (" + minReplicas + ")", maxReplicas);
        if (serviceMs >= sloMs) {
            throw new IllegalArgumentException("sloMs " + fmt(sloMs) + " ms must be above the service time of one request, "
                    + fmt(serviceMs) + " ms (serviceMs), or no amount of replicas meets it");
        }
    }

    private static void require(boolean ok, String name, String rule, double value) {
        if (!ok || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be " + rule + ", got " + fmt(value));
        }
    }

    private static String fmt(double value) {
        return value == Math.rint(value) && !Double.isInfinite(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** Requests per second one pod completes at full utilisation. */
    public double capacityRps() {
        return concurrency * 1000.0 / serviceMs;
    }

    /** p95 latency of a pod at utilisation {@code rho} (below 1), without backlog. */
    public double p95AtUtilisation(double rho) {
        if (rho <= 0) {
            return serviceMs;
        }
        if (rho >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        double c = concurrency;
        double wq = (serviceMs / 2) * Math.pow(rho, Math.sqrt(2 * (c + 1)) - 1) / (c * (1 - rho));
        return serviceMs + 3 * wq;
    }

    /** The highest utilisation at which a pod still meets the SLO. */
    public double utilisationAtSlo() {
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (p95AtUtilisation(mid) <= sloMs) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Requests per second one pod takes while meeting the SLO. */
    public double rateAtSlo() {
        return capacityRps() * utilisationAtSlo();
    }

    /**
     * Pods every run starts with, all ready: enough for the first start-up period, since no pod
     * asked for at second 0 could serve sooner (the service was running before the trace began).
     */
    public int initialPods(double[] rates) {
        int n = Math.min(rates.length, Math.max(1, (int) Math.ceil(startupS)));
        int most = minReplicas;
        double perPod = rateAtSlo();
        for (int t = 0; t < n; t++) {
            most = Math.max(most, podsNeeded(rates[t], perPod));
        }
        return most;
    }

    /** The fewest ready pods that meet the SLO at {@code rate}, never below {@code minReplicas}. */
    public int podsNeeded(double rate) {
        return podsNeeded(rate, rateAtSlo());
    }

    /** {@link #podsNeeded(double)} given {@link #rateAtSlo()}, for loops over many seconds. */
    int podsNeeded(double rate, double rateAtSlo) {
        return Math.max(minReplicas, (int) Math.ceil(rate / rateAtSlo - 1e-9));
    }
}
