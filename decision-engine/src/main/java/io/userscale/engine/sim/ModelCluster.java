package io.userscale.engine.sim;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.PoissonSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The model cluster of one run: pods that start, serve and leave, each keeping the counters and
 * gauges a gpu-app replica exposes (requests, a latency histogram with gpu-app's buckets, users,
 * CPU, requests in flight), so that a {@link Scraper} can turn them into {@code TargetSnapshot}s
 * as metrics-ingest does. {@link #step} advances it one second under a request rate.
 *
 * <p>Arrivals are either the trace's rate exactly, spread evenly over ready pods with one shared
 * fluid backlog ({@link Arrivals#FLUID}), or whole requests routed one by one to a ready pod at
 * random, each pod with its own backlog: a Poisson count each second, the same for every policy
 * of a seed ({@link Arrivals#POISSON}), or the rate evenly paced ({@link Arrivals#PACED}). With a
 * {@link Model#queueLimit}, what a pod cannot hold waiting is refused. Latency of the requests a
 * pod serves in a second is {@code service + queueing delay + Exp(m)}, with {@code m} chosen so
 * that the 95th percentile is the model's ({@link Model#p95AtUtilisation}); the second's p95 is
 * that of all requests served.
 */
final class ModelCluster {

    /** p95 recorded for seconds with no ready pod at all. */
    static final double NO_SERVICE_MS = 600_000;
    /** gpu-app's latency bucket bounds, ms (its {@code userscale_latency_ms} histogram). */
    static final double[] BOUNDS_MS = {25, 50, 100, 200, 300, 500, 750, 1000, 2000, 5000};
    static final String[] BOUND_LABELS = {"25", "50", "100", "200", "300", "500", "750", "1000", "2000", "5000",
            "+Inf"};
    private static final double LN20 = Math.log(20);

    /** Counter slots of a pod: requests, latency sum, one per finite bound, then gauges integrated over seconds. */
    static final int REQUESTS = 0;
    static final int LATENCY_SUM = 1;
    static final int BUCKET0 = 2;
    static final int USER_SECONDS = BUCKET0 + BOUNDS_MS.length;
    static final int CPU_SECONDS = USER_SECONDS + 1;
    static final int INFLIGHT_SECONDS = CPU_SECONDS + 1;
    static final int READY_SECONDS = INFLIGHT_SECONDS + 1;
    static final int SLOTS = READY_SECONDS + 1;

    /** One pod: when it was created, when it serves, its backlog and its cumulative counters since ready. */
    static final class Pod {
        final int id;
        final String name;
        final long createdS;
        final long readyAtS;
        boolean ready;
        double backlog;
        final double[] counters = new double[SLOTS];
        /** Scrape readings: the latest and the one before, and whether each exists. */
        double[] reading = new double[SLOTS];
        double[] previous = new double[SLOTS];
        boolean hasReading;
        boolean hasPrevious;

        Pod(int id, long createdS, long readyAtS) {
            this.id = id;
            this.name = "model-" + id;
            this.createdS = createdS;
            this.readyAtS = readyAtS;
        }
    }

    private final Model m;
    private final Arrivals arrivals;
    private final double capacity;
    private final List<Pod> pods = new ArrayList<>(); // oldest first
    private final UniformRandomProvider arrivalRng;
    private final UniformRandomProvider routingRng;
    private int nextId;
    private int ready;
    private double sharedBacklog; // fluid: the cluster's; routed: requests with no ready pod to go to
    private double carried; // paced: the fraction of a request due, carried to the next second
    // per-second scratch
    private final double[] fraction = new double[BOUNDS_MS.length];
    private int[] routed = new int[16];
    private int[] readyIndex = new int[16];
    private double[] weights = new double[16];
    private double[] shifts = new double[16];
    private double[] means = new double[16];

    // the last second
    double p95;
    double served;
    /** Requests refused because a pod's queue was full ({@link Model#queueLimit}). */
    double refused;

    ModelCluster(Model model, Arrivals arrivals, long seed, int initialReady) {
        this.m = model;
        this.arrivals = arrivals;
        this.capacity = model.capacityRps();
        this.arrivalRng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        this.routingRng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < initialReady; i++) {
            Pod p = new Pod(nextId++, -Math.round(Math.ceil(model.startupS())), 0);
            p.ready = true;
            pods.add(p);
        }
        ready = initialReady;
    }

    List<Pod> pods() {
        return pods;
    }

    int ready() {
        return ready;
    }

    int spec() {
        return pods.size();
    }

    /**
     * Sets the replica count asked for at second {@code nowS}: new pods start now and serve after
     * the start-up; removals take pods that are not ready first, then the newest (as a ReplicaSet
     * does), and their backlog is served by the others.
     */
    void scaleTo(int replicas, long nowS) {
        long readyAt = nowS + Math.round(Math.ceil(m.startupS()));
        while (pods.size() < replicas) {
            pods.add(new Pod(nextId++, nowS, readyAt));
        }
        while (pods.size() > replicas) {
            int victim = -1;
            for (int i = pods.size() - 1; i >= 0; i--) {
                if (!pods.get(i).ready) {
                    victim = i;
                    break;
                }
            }
            if (victim < 0) {
                victim = pods.size() - 1;
            }
            Pod gone = pods.remove(victim);
            if (gone.ready) {
                ready--;
                sharedBacklog += gone.backlog;
            }
        }
    }

    /** One second, {@code [t, t+1)}, at {@code rate} requests per second. */
    void step(long t, double rate) {
        for (Pod p : pods) {
            if (!p.ready && p.readyAtS <= t) {
                p.ready = true;
                ready++;
            }
        }
        refused = 0;
        switch (arrivals) {
            case FLUID -> fluid(rate);
            case POISSON -> routed(poissonCount(rate));
            case PACED -> routed(pacedCount(rate));
        }
    }

    private void fluid(double rate) {
        if (ready == 0) {
            sharedBacklog += rate;
            p95 = NO_SERVICE_MS;
            served = 0;
            return;
        }
        double cap = ready * capacity;
        double rho = rate / cap;
        served = Math.min(rate + sharedBacklog, cap);
        sharedBacklog = rate + sharedBacklog - served;
        if (m.queueLimit() > 0 && sharedBacklog > (double) m.queueLimit() * ready) {
            refused = sharedBacklog - (double) m.queueLimit() * ready;
            sharedBacklog -= refused;
        }
        double stationary = m.p95AtUtilisation(Math.min(rho, 0.99));
        double delay = 1000 * sharedBacklog / cap;
        p95 = Math.min(NO_SERVICE_MS, stationary + delay);
        double tailMean = (stationary - m.serviceMs()) / LN20;
        double shift = m.serviceMs() + delay;
        latencyFractions(shift, tailMean);
        double perPod = served / ready;
        double users = rate / m.userRps() / ready;
        double cpu = 100 * served / cap;
        double inflight = (served * (m.serviceMs() + tailMean) / 1000 + sharedBacklog) / ready;
        double latency = perPod * (shift + tailMean);
        for (Pod p : pods) {
            if (p.ready) {
                record(p, perPod, latency, users, cpu, inflight);
            }
        }
    }

    /** A Poisson count of requests this second, the same for every policy of a seed. */
    private int poissonCount(double rate) {
        return rate > 0 ? PoissonSampler.of(arrivalRng, rate).sample() : 0;
    }

    /** The requests due this second at an even pace, the fraction carried to the next. */
    private int pacedCount(double rate) {
        carried += Math.max(0, rate);
        int total = (int) Math.floor(carried);
        carried -= total;
        return total;
    }

    /** {@code total} requests, each to a ready pod at random, each pod serving and queueing on its own. */
    private void routed(int total) {
        if (ready == 0) {
            sharedBacklog += total;
            p95 = NO_SERVICE_MS;
            served = 0;
            return;
        }
        if (routed.length < pods.size()) {
            int size = Math.max(pods.size(), routed.length * 2);
            routed = new int[size];
            readyIndex = new int[size];
            weights = new double[size];
            shifts = new double[size];
            means = new double[size];
        }
        int k = 0;
        for (int i = 0; i < pods.size(); i++) {
            routed[i] = 0;
            if (pods.get(i).ready) {
                readyIndex[k++] = i;
            }
        }
        for (int r = 0; r < total; r++) {
            routed[readyIndex[routingRng.nextInt(ready)]]++;
        }
        double orphanShare = sharedBacklog / ready; // queued while nothing served: spread over the pods now ready
        sharedBacklog = 0;
        served = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        int n = 0;
        for (int i = 0; i < pods.size(); i++) {
            Pod p = pods.get(i);
            if (!p.ready) {
                continue;
            }
            p.backlog += orphanShare;
            int a = routed[i];
            double s = Math.min(a + p.backlog, capacity);
            p.backlog = a + p.backlog - s;
            if (m.queueLimit() > 0 && p.backlog > m.queueLimit()) {
                refused += p.backlog - m.queueLimit();
                p.backlog = m.queueLimit();
            }
            double rho = a / capacity;
            double stationary = m.p95AtUtilisation(Math.min(rho, 0.99));
            double delay = 1000 * p.backlog / capacity;
            double tailMean = (stationary - m.serviceMs()) / LN20;
            double shift = m.serviceMs() + delay;
            latencyFractions(shift, tailMean);
            double inflight = s * (m.serviceMs() + tailMean) / 1000 + p.backlog;
            record(p, s, s * (shift + tailMean), a / m.userRps(), 100 * s / capacity, inflight);
            served += s;
            if (s > 0) {
                weights[n] = s;
                shifts[n] = shift;
                means[n] = tailMean;
                n++;
                lo = Math.min(lo, shift);
                hi = Math.max(hi, shift + tailMean * LN20);
            }
        }
        p95 = n == 0 ? m.serviceMs() : Math.min(NO_SERVICE_MS, mixtureP95(weights, shifts, means, n, lo, hi));
    }

    /** Fraction of a second's requests at or below each finite bound, latency {@code shift + Exp(mean)}. */
    private void latencyFractions(double shift, double mean) {
        for (int b = 0; b < BOUNDS_MS.length; b++) {
            double x = BOUNDS_MS[b] - shift;
            fraction[b] = x < 0 ? 0 : mean <= 0 ? 1 : 1 - Math.exp(-x / mean);
        }
    }

    private void record(Pod p, double requests, double latencySum, double users, double cpu, double inflight) {
        double[] c = p.counters;
        c[REQUESTS] += requests;
        c[LATENCY_SUM] += latencySum;
        for (int b = 0; b < BOUNDS_MS.length; b++) {
            c[BUCKET0 + b] += requests * fraction[b];
        }
        c[USER_SECONDS] += users;
        c[CPU_SECONDS] += cpu;
        c[INFLIGHT_SECONDS] += inflight;
        c[READY_SECONDS] += 1;
    }

    /**
     * The 95th percentile of a mixture of shifted exponentials weighted by requests served:
     * where the share of requests slower than {@code x} falls to 5 %, found by bisection between
     * the fastest pod's shift and the slowest pod's own p95.
     */
    static double mixtureP95(double[] w, double[] shift, double[] mean, int n, double lo, double hi) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += w[i];
        }
        double target = 0.05 * total;
        for (int it = 0; it < 40 && hi - lo > 0.01; it++) {
            double x = (lo + hi) / 2;
            if (slower(w, shift, mean, n, x) > target) {
                lo = x;
            } else {
                hi = x;
            }
        }
        return hi;
    }

    private static double slower(double[] w, double[] shift, double[] mean, int n, double x) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = x - shift[i];
            s += d < 0 ? w[i] : mean[i] <= 0 ? 0 : w[i] * Math.exp(-d / mean[i]);
        }
        return s;
    }
}
