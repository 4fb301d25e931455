package io.userscale.engine.policy;

import java.util.Arrays;

/**
 * What one pod can take while meeting the SLO, learned online from the pods' own signals.
 *
 * <p>Two things are learned. First, how much load one pod carries at full utilisation:
 * {@code load per pod ÷ utilisation}, averaged over observations where the pods are neither idle
 * nor saturated. Second, the utilisation at which p95 latency reaches the SLO: p95 observations
 * are kept per utilisation band ({@value #BANDS} bands over 0–100 %), as moving averages; the
 * SLO's utilisation is where the banded curve crosses the SLO. When every band seen meets the
 * SLO, it holds at least up to the highest of them, and the queueing curve
 * {@code p95 = s + a · u / (1 − u)} says how much further, its slope {@code a} read where the
 * curve is steepest, at the highest bands (queueing delay grows faster than that curve near a
 * pod's limit: a slope averaged over all bands put the crossing too far out, and the first climb
 * into it broke the SLO), and no further beyond the busiest band than the bands seen span (a flat
 * curve says nothing of where the pods break); as load climbs into new bands the estimate is
 * remade from them. Never
 * below the prior (the {@code CPU_TARGET}), which stands alone before any band is seen. Bands forget: each keeps at most {@value #MEMORY} observations'
 * weight, so the curve follows a service that changes.
 *
 * <p>A band's share of broken intervals is judged by the evidence it rests on: a band over the SLO
 * budget is aimed below, so its verdict is seldom revisited, and one break there, by one pod of
 * twenty under requests routed at random, would otherwise hold the aim down for good. Breaks are
 * rare events; from {@code k} of them in a band the rate is known only to a Poisson interval, so
 * the share counted against the budget is the band's mean share times the lowest rate its breaks
 * allow at {@value #CONFIDENCE} confidence, over {@code k} ({@link #evidence}): under a quarter of
 * it after one break, four fifths after twenty. A band that breaks often is over the budget; one
 * small break is not.
 *
 * @param bandU     mean utilisation of each band's observations
 * @param bandP95   mean p95 of each band, ms, each observation counted at most at twice the SLO
 * @param bandBroken share of each band's observations that broke the SLO: an interval whose p95 did counts
 *                   whole, else by the share of its requests that met a pod whose own p95 did
 * @param bandEvents share of each band's observations that broke at all, however little: how many breaks
 *                   that share rests on
 * @param bandW     weight of each band
 * @param perPod    load one pod carries at full utilisation, NaN while unknown
 * @param perPodW   weight of that estimate
 * @param prior     the utilisation at the SLO assumed before any evidence (0–1)
 */
public record Capacity(double[] bandU, double[] bandP95, double[] bandBroken, double[] bandEvents, double[] bandW,
                       double perPod, double perPodW, double prior) {

    static final int BANDS = 20;
    static final double MEMORY = 50;
    /** Observations a band needs before it counts. */
    static final double MIN_WEIGHT = 3;
    /** The highest utilisation ever aimed at: above it queues grow without bound on any noise. */
    static final double MAX_UTILISATION = 0.95;
    static final double MIN_UTILISATION = 0.05;
    /** Above this utilisation pods are saturated: load queues, and utilisation cannot show how much. */
    static final double SATURATED = 0.97;

    static Capacity initial(double prior) {
        return new Capacity(new double[BANDS], new double[BANDS], new double[BANDS], new double[BANDS],
                new double[BANDS], Double.NaN, 0, prior);
    }

    /**
     * Adds one observation.
     *
     * @param u       utilisation of the ready pods (0–1), NaN if unknown
     * @param perPod  load per ready pod, NaN if unknown
     * @param p95     p95 latency of the interval, NaN if unknown
     */
    Capacity observe(double u, double perPod, double p95, double sloMs) {
        return observe(u, perPod, p95, p95 > sloMs ? 1 : 0, sloMs);
    }

    /**
     * Adds one observation whose share of broken requests is known apart from its p95.
     *
     * @param brokenShare how much of the interval broke the SLO (0–1)
     */
    Capacity observe(double u, double perPod, double p95, double brokenShare, double sloMs) {
        return observeAt(u, u, perPod, p95, brokenShare, sloMs);
    }

    /**
     * Adds one observation whose latency is read at another utilisation than its mean: the one its
     * requests met, where load came and went within the interval.
     *
     * @param u        mean utilisation of the ready pods over the interval (0–1): what the load per pod
     *                 is read against, and whether the pods were idle or saturated
     * @param uLatency the utilisation its p95 and breaks are read at where it is higher (up to {@link #SATURATED})
     */
    Capacity observeAt(double u, double uLatency, double perPod, double p95, double brokenShare, double sloMs) {
        if (!(u >= MIN_UTILISATION) || !(u <= SATURATED)) {
            return this; // idle (the ratio is noise) or saturated (load queues, utilisation cannot show it)
        }
        double pp = this.perPod;
        double ppw = this.perPodW;
        if (perPod > 0) {
            double x = perPod / u;
            ppw = Math.min(MEMORY, ppw + 1);
            pp = Double.isNaN(pp) ? x : pp + (x - pp) / ppw;
        }
        double[] bu = bandU;
        double[] bp = bandP95;
        double[] bb = bandBroken;
        double[] be = bandEvents;
        double[] bw = bandW;
        if (p95 > 0 && Double.isFinite(p95)) {
            if (uLatency > u) {
                u = Math.min(uLatency, SATURATED);
            }
            int b = Math.min(BANDS - 1, (int) (u * BANDS));
            bu = bandU.clone();
            bp = bandP95.clone();
            bb = bandBroken.clone();
            be = bandEvents.clone();
            bw = bandW.clone();
            bw[b] = Math.min(MEMORY, bw[b] + 1);
            bu[b] += (u - bu[b]) / bw[b];
            bp[b] += (Math.min(p95, 2 * sloMs) - bp[b]) / bw[b];
            bb[b] += (brokenShare - bb[b]) / bw[b];
            be[b] += ((brokenShare > 0 ? 1 : 0) - be[b]) / bw[b];
        }
        return new Capacity(bu, bp, bb, be, bw, pp, ppw, prior);
    }

    /**
     * The share of scrape intervals that break the SLO, as a function of the pods' utilisation:
     * the bands' shares (made monotone), linear between them and from none at idle up to the first;
     * above the highest band seen, its share up to {@link #utilisationAtSlo} and all beyond.
     *
     * @param u      band utilisations, ascending
     * @param share  their shares of broken intervals as far as the evidence shows them ({@link #evidence}),
     *               non-decreasing
     * @param uSlo   where the curve is taken to break the SLO for good (beyond the data)
     * @param p95    the bands' p95s, non-decreasing: how far the bands that hold reach where the next
     *               band seen is far above
     * @param sloMs  the SLO the curve is read against
     */
    public record Curve(double[] u, double[] share, double uSlo, double[] p95, double sloMs) {

        /** The share of intervals expected to break at utilisation {@code x}. */
        public double at(double x) {
            int k = u.length;
            if (k == 0 || x >= u[k - 1]) {
                return x < uSlo ? (k == 0 ? 0 : share[k - 1]) : 1;
            }
            if (x <= u[0]) {
                return x <= 0 ? 0 : share[0] * x / u[0];
            }
            int lo = 0;
            int hi = k - 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (u[mid] <= x) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return share[lo] + (share[hi] - share[lo]) * (x - u[lo]) / (u[hi] - u[lo]);
        }

        /**
         * The highest utilisation whose share of broken intervals is within {@code budget}:
         * interpolated between bands; above the highest band seen, {@link #uSlo}. Where no band was
         * seen between the last that holds and the first that breaks, the evidence says nothing of
         * where between them the break begins (a band broken once, at a start or in a burst, is
         * otherwise never revisited, and a line drawn to it keeps the aim at the band below for
         * good): there the aim goes as far as the bands that hold alone allow, but not into the
         * band below the broken one, so that it comes back to the break from below, a band at a
         * time, and finds it.
         */
        public double highestWithin(double budget) {
            int k = u.length;
            if (k == 0 || share[k - 1] <= budget) {
                return uSlo;
            }
            if (share[0] > budget) {
                return u[0] * budget / share[0];
            }
            for (int i = 1; i < k; i++) {
                if (share[i] > budget) {
                    double line = u[i - 1] + (u[i] - u[i - 1]) * (budget - share[i - 1]) / (share[i] - share[i - 1]);
                    double unseen = Math.floor(u[i] * BANDS - 1) / BANDS; // where the band below the broken one starts
                    double reach = clamp(Math.max(u[i - 1], extrapolated(u, p95, i, sloMs)));
                    return Math.max(line, Math.min(reach, unseen));
                }
            }
            return uSlo;
        }
    }

    /** The curve of broken intervals over utilisation, with {@link #utilisationAtSlo} beyond the data. */
    Curve curve(double sloMs) {
        Bands b = bands();
        return new Curve(b.u, b.shown, utilisationAtSlo(sloMs, b), b.p95, sloMs);
    }

    /**
     * The bands with evidence, in order of utilisation, every curve made monotone: {@code share} is
     * the bands' mean share of broken intervals, {@code shown} that share as far as the number of
     * breaks behind it shows it.
     */
    private record Bands(double[] u, double[] p95, double[] share, double[] shown, int k) {
    }

    private Bands bands() {
        int k = 0;
        for (int b = 0; b < BANDS; b++) {
            k += bandW[b] < MIN_WEIGHT ? 0 : 1;
        }
        double[] us = new double[k];
        double[] ys = new double[k];
        double[] ps = new double[k];
        double[] ss = new double[k];
        double[] ws = new double[k];
        int i = 0;
        for (int b = 0; b < BANDS; b++) {
            if (bandW[b] < MIN_WEIGHT) {
                continue;
            }
            us[i] = bandU[b];
            ys[i] = bandP95[b];
            ps[i] = bandBroken[b];
            ss[i] = bandBroken[b] * evidence(bandEvents[b] * bandW[b]);
            ws[i] = bandW[b];
            i++;
        }
        // latency and breaks never fall as load rises: keep every curve monotone
        Pool pool = Pool.isotonic(null, ys, ws, k);
        pool = Pool.isotonic(pool, ps, ws, k);
        Pool.isotonic(pool, ss, ws, k);
        return new Bands(us, ys, ps, ss, k);
    }

    /**
     * The confidence at which a band's breaks are read: the default level of the forecast's bound
     * too (demand outruns it in {@code FORECAST_MISS}, 20 %, of horizons).
     */
    static final String CONFIDENCE = "80 %";
    /** The standard normal's quantile at {@link #CONFIDENCE}. */
    private static final double Z = 0.8416;

    /**
     * How much of a rate seen in {@code events} breaks the evidence shows: the one-sided lower
     * bound of a Poisson rate from that many events at {@link #CONFIDENCE} (the gamma quantile, by
     * Wilson and Hilferty's approximation), over the events themselves. 0.23 after one break, 0.42
     * after two, 0.81 after twenty; none where the breaks have all but faded from memory.
     */
    static double evidence(double events) {
        if (!(events > 0)) {
            return 0;
        }
        double c = 1 - 1 / (9 * events) - Z / (3 * Math.sqrt(events));
        return c <= 0 ? 0 : c * c * c;
    }

    /**
     * Makes {@code y[0..k)} non-decreasing by weighted isotonic regression (pool adjacent
     * violators): where a band reads lower than one below it, both take their weighted mean. Unlike
     * a running maximum, one noisy band does not raise every band above it.
     */
    static void isotonic(double[] y, double[] w, int k) {
        Pool.isotonic(null, y, w, k);
    }

    /** Whether {@code y[0..k)} is already non-decreasing, as a curve mostly is: nothing to pool. */
    private static boolean monotone(double[] y, int k) {
        for (int i = 1; i < k; i++) {
            if (y[i - 1] > y[i]) {
                return false;
            }
        }
        return true;
    }

    /** The blocks of pool adjacent violators, kept for the curves of one set of bands. */
    private static final class Pool {
        private final double[] value;
        private final double[] weight;
        private final int[] size;

        Pool(int k) {
            value = new double[k];
            weight = new double[k];
            size = new int[k];
        }

        /** Pools {@code y[0..k)} where it is not monotone, with {@code pool}'s blocks or, the first time, new ones. */
        static Pool isotonic(Pool pool, double[] y, double[] w, int k) {
            if (monotone(y, k)) {
                return pool;
            }
            Pool p = pool != null ? pool : new Pool(k);
            p.isotonic(y, w, k);
            return p;
        }

        void isotonic(double[] y, double[] w, int k) {
            int blocks = 0;
            for (int i = 0; i < k; i++) {
                value[blocks] = y[i];
                weight[blocks] = w[i];
                size[blocks] = 1;
                blocks++;
                while (blocks > 1 && value[blocks - 2] > value[blocks - 1]) {
                    double wt = weight[blocks - 2] + weight[blocks - 1];
                    value[blocks - 2] = (value[blocks - 2] * weight[blocks - 2]
                            + value[blocks - 1] * weight[blocks - 1]) / wt;
                    weight[blocks - 2] = wt;
                    size[blocks - 2] += size[blocks - 1];
                    blocks--;
                }
            }
            int i = 0;
            for (int b = 0; b < blocks; b++) {
                for (int j = 0; j < size[b]; j++) {
                    y[i++] = value[b];
                }
            }
        }
    }

    /**
     * The utilisation at which p95 reaches {@code sloMs}, within [5 %, 95 %]: where the share of
     * observations over the SLO passes one half (the median p95 crosses it). A single interval's
     * p95 can be far off when load varies within it; the median is what the capacity is, and the
     * variation is left to the forecast's headroom, which counts broken intervals as misses.
     */
    double utilisationAtSlo(double sloMs) {
        return utilisationAtSlo(sloMs, bands());
    }

    private double utilisationAtSlo(double sloMs, Bands b) {
        double[] us = b.u;
        double[] ys = b.p95;
        double[] ps = b.share;
        int k = b.k;
        if (k == 0) {
            return prior;
        }
        for (int i = 0; i < k; i++) {
            if (ps[i] > 0.5) {
                if (i == 0) { // even the lightest load seen breaks the SLO: aim below it in proportion
                    return clamp(us[0] * Math.min(1, sloMs / ys[0]));
                }
                // the crossing between the two bands, interpolated in u / (1 − u)
                double z0 = z(us[i - 1]);
                double z1 = z(us[i]);
                double z = z0 + (z1 - z0) * (0.5 - ps[i - 1]) / (ps[i] - ps[i - 1]);
                return clamp(z / (1 + z));
            }
        }
        // every band seen meets the SLO: it holds at least up to the highest, and beyond it the curve
        // p95 = s + a·u/(1 − u) fitted to the bands says how far (a flat curve: as far as allowed)
        return clamp(Math.max(Math.max(prior, us[k - 1]), extrapolated(us, ys, k, sloMs)));
    }

    /**
     * How far beyond the highest of the first {@code k} bands their p95s say the SLO holds, along
     * the queueing curve fitted to them and no further than they span.
     */
    private static double extrapolated(double[] us, double[] ys, int k, double sloMs) {
        double highest = us[k - 1];
        double extrapolated = MAX_UTILISATION;
        if (k >= 2) {
            // queueing delay grows faster than linearly in u / (1 − u) as load nears a pod's
            // capacity, so a line fitted through all bands reads the crossing too far out: the
            // slope is the steeper of the two highest bands' secant and the line from the lightest
            // band through the highest, taken where the curve is steepest (nearest the SLO)
            double floor = ys[0];
            double zTop = z(highest);
            double secant = (ys[k - 1] - ys[k - 2]) / Math.max(1e-9, zTop - z(us[k - 2]));
            double chord = (ys[k - 1] - floor) / Math.max(1e-9, zTop - z(us[0]));
            double a = Math.max(secant, chord);
            if (a > 0) {
                double z = zTop + (sloMs - ys[k - 1]) / a;
                extrapolated = z / (1 + z);
            }
            // no further beyond the busiest band than the bands seen span: past that the curve is a
            // guess, and a flat one (a service that queues nothing until its slots are full) would
            // otherwise reach the ceiling
            double reach = 2 * zTop - z(us[0]);
            extrapolated = Math.min(extrapolated, reach / (1 + reach));
        } else {
            double z = sloMs / ys[0] * z(highest); // through the origin: errs low
            extrapolated = z / (1 + z);
        }
        return extrapolated;
    }

    private static double z(double u) {
        double c = Math.min(u, 0.99);
        return c / (1 - c);
    }

    private static double clamp(double u) {
        return Math.max(MIN_UTILISATION, Math.min(MAX_UTILISATION, u));
    }

    /** A state after a restart: the published estimates as priors. */
    static Capacity restored(double utilisation, double perPod, double prior) {
        Capacity c = initial(Double.isFinite(utilisation) && utilisation > 0 ? utilisation : prior);
        return Double.isFinite(perPod) && perPod > 0 ? new Capacity(c.bandU, c.bandP95, c.bandBroken, c.bandEvents,
                c.bandW, perPod, MIN_WEIGHT, c.prior) : c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Capacity c && Arrays.equals(bandU, c.bandU) && Arrays.equals(bandP95, c.bandP95)
                && Arrays.equals(bandBroken, c.bandBroken) && Arrays.equals(bandEvents, c.bandEvents)
                && Arrays.equals(bandW, c.bandW) && Double.compare(perPod, c.perPod) == 0
                && Double.compare(perPodW, c.perPodW) == 0 && Double.compare(prior, c.prior) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bandP95) * 31 + Double.hashCode(perPod);
    }
}
