package io.userscale.engine.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * One setting of the evaluation grid: how the target is scraped, how long its pods take to start,
 * its latency objective, how many pods its peak needs, and how requests arrive. The rest of the
 * model (50 ms × 2 slots per pod, 2 requests per second per user, 1 to {@code max(60, 2 × peak)}
 * replicas) is the same everywhere.
 *
 * @param name      a short label, e.g. {@code scrape-1s}
 * @param scrapeS   metrics-ingest's scrape interval, s
 * @param startupS  pod start-up, s
 * @param sloMs     the p95 latency objective, ms (every policy that takes one is told it)
 * @param peakPods  pods the trace's peak needs at the SLO
 * @param arrivals  fluid, Poisson or paced
 * @param seed      the seed of Poisson arrivals and of routing
 */
public record Scenario(String name, double scrapeS, double startupS, double sloMs, double peakPods, Arrivals arrivals,
                       long seed) {

    public static final Scenario BASE = new Scenario("base", 5, 30, 200, 20, Arrivals.FLUID, 1);

    public Scenario {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a scenario needs a name");
        }
        model(scrapeS, startupS, sloMs, peakPods); // checks the values, naming the bad one
    }

    /** The model cluster of this scenario. */
    public Model model() {
        return model(scrapeS, startupS, sloMs, peakPods);
    }

    private static Model model(double scrapeS, double startupS, double sloMs, double peakPods) {
        Model d = Model.defaults();
        return new Model(peakPods, startupS, sloMs, d.serviceMs(), d.concurrency(), d.userRps(), scrapeS,
                d.minReplicas(), Math.max(d.maxReplicas(), (int) Math.ceil(2 * peakPods)));
    }

    /** This scenario with other arrivals. */
    public Scenario withArrivals(Arrivals a, long seed) {
        return new Scenario(name, scrapeS, startupS, sloMs, peakPods, a, seed);
    }

    /** The same scenario under another name. */
    public Scenario named(String n) {
        return new Scenario(n, scrapeS, startupS, sloMs, peakPods, arrivals, seed);
    }

    /**
     * The default grid: the base setting (5 s scrape, 30 s start-up, 200 ms, 20 pods), each factor
     * moved alone across its range — scrape 1, 2, 10 s; start-up 10, 60, 120 s; SLO 150, 300 ms;
     * peak 10, 40 pods — and four corners where the hard settings meet.
     */
    public static List<Scenario> defaultGrid() {
        List<Scenario> g = new ArrayList<>();
        g.add(BASE);
        for (double s : new double[] {1, 2, 10}) {
            g.add(new Scenario("scrape-" + fmt(s) + "s", s, 30, 200, 20, Arrivals.FLUID, 1));
        }
        for (double s : new double[] {10, 60, 120}) {
            g.add(new Scenario("startup-" + fmt(s) + "s", 5, s, 200, 20, Arrivals.FLUID, 1));
        }
        for (double s : new double[] {150, 300}) {
            g.add(new Scenario("slo-" + fmt(s) + "ms", 5, 30, s, 20, Arrivals.FLUID, 1));
        }
        for (double p : new double[] {10, 40}) {
            g.add(new Scenario("peak-" + fmt(p) + "pods", 5, 30, 200, p, Arrivals.FLUID, 1));
        }
        g.add(new Scenario("slow-scrape-slow-start", 10, 120, 200, 20, Arrivals.FLUID, 1));
        g.add(new Scenario("fast-tight", 1, 10, 150, 20, Arrivals.FLUID, 1));
        g.add(new Scenario("small-slow-tight", 10, 60, 150, 10, Arrivals.FLUID, 1));
        g.add(new Scenario("large-slow-loose", 2, 120, 300, 40, Arrivals.FLUID, 1));
        return g;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
