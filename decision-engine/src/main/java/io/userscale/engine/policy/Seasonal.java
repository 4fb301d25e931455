package io.userscale.engine.policy;

import java.util.Arrays;

/**
 * Demand that recurs on a clock: timer-triggered jobs, cron schedules and polling clients raise
 * the load every minute, five minutes, half hour or hour, at the same moment of each cycle, by
 * more than a start-up's worth of warning. A forecast of level and trend meets each such rise
 * late; one that knows the cycle starts pods before it.
 *
 * <p>Each observation is kept for {@value #KEEP_S} s. For each period of the clock
 * ({@link #PERIODS_S}) longer than the horizon, the change of demand over the horizon is predicted
 * as the mean of the changes over the same stretch of the last {@value #CYCLES} cycles. When a
 * horizon has passed, that prediction is scored against what demand did, and so are three that
 * know no cycle: no change; the change level and trend forecast; and the straight line through the
 * same cycles (a ramp repeats every period too, and a cycle must be more than a slope). A period is
 * used while its error (a moving mean of absolute errors over the last {@value #MEMORY}
 * observations) is at most {@value #CYCLE_GAIN} of the best of those three, and the lowest of all
 * periods: load with no cycle, or one its noise drowns, keeps none, and the forecast is level and
 * trend alone. Nothing is chosen per trace: the periods are the clock's.
 *
 * @param history the observations, shared between successive states
 * @param begin   the first of them still kept
 * @param end     one past the last
 * @param error   each period's moving mean absolute error of the horizon's change
 * @param still   the same for "no change", over the same observations as each period's
 * @param again   the same for the change level and trend forecast
 * @param drift   the same for the straight line through the period's cycles
 * @param scored  observations each period's errors rest on
 * @param period  the period in use, seconds (0: none)
 */
public record Seasonal(History history, int begin, int end, double[] error, double[] still, double[] again,
                       double[] drift, int[] scored, long period) {

    /** The clock's periods a schedule recurs at, seconds. */
    static final long[] PERIODS_S = {60, 300, 600, 900, 1800, 3600};
    /** Cycles whose changes are averaged. */
    static final int CYCLES = 3;
    /** Observations the errors remember. */
    static final double MEMORY = 200;
    /**
     * The most a cycle's error may be of the best forecast that knows none, for it to be used: a
     * cycle must take away a quarter of the error, not tie with a slope or with no change. (On the
     * shared traces, cycles of timer-triggered load score 0.35–0.6 of it; smooth traces, whose
     * stretches repeat only by chance, 0.94 and more.)
     */
    static final double CYCLE_GAIN = 0.75;
    /** Observations scored before a period is trusted. */
    static final int MIN_SCORED = 20;
    /** Points of the horizon the highest rise is read at, at most. */
    static final long PEAK_STEPS = 16;
    /** How long observations are kept: the longest period's cycles and as much again. */
    static final long KEEP_S = PERIODS_S[PERIODS_S.length - 1] * (CYCLES + 1);

    static final Seasonal NONE = new Seasonal(new History(new long[0], new double[0], new double[0], 0), 0, 0,
            new double[PERIODS_S.length], new double[PERIODS_S.length], new double[PERIODS_S.length],
            new double[PERIODS_S.length], new int[PERIODS_S.length], 0);

    /**
     * Observations in time order, appended in place by the state that wrote last, so a new one
     * costs no copy: values before a state's end are never written again, so earlier states stay
     * as they were (as {@link Forecast.Log} does for residuals).
     */
    public static final class History {
        private final long[] times;
        private final double[] values;
        private final double[] trends;
        private int filled;

        History(long[] times, double[] values, double[] trends, int filled) {
            this.times = times;
            this.values = values;
            this.trends = trends;
            this.filled = filled;
        }

        synchronized boolean append(int at, long t, double v, double trend) {
            if (at != filled || at == times.length) {
                return false;
            }
            times[at] = t;
            values[at] = v;
            trends[at] = trend;
            filled++;
            return true;
        }
    }

    /**
     * Folds in demand at {@code nowMs} and scores the predictions for the horizon that ended now.
     *
     * @param trend the change over the horizon that level and trend forecast now
     */
    Seasonal observe(long nowMs, double demand, double horizonS, double trend) {
        // keep what the longest period's cycles need
        int b = begin;
        while (b < end && history.times[b] < nowMs - KEEP_S * 1000) {
            b++;
        }
        History h = history;
        int e = end;
        if (e > b && history.times[e - 1] >= nowMs) {
            return this; // time went backwards or stood still: nothing new
        }
        if (!h.append(e, nowMs, demand, trend)) { // another state appended here first, or the log is full
            int n = e - b;
            int room = Math.max(1024, 2 * (n + 1));
            h = new History(Arrays.copyOf(Arrays.copyOfRange(history.times, b, e), room),
                    Arrays.copyOf(Arrays.copyOfRange(history.values, b, e), room),
                    Arrays.copyOf(Arrays.copyOfRange(history.trends, b, e), room), n);
            b = 0;
            e = n;
            h.append(e, nowMs, demand, trend);
        }
        Seasonal s = new Seasonal(h, b, e + 1, error, still, again, drift, scored, period);

        long hMs = Math.round(horizonS * 1000);
        int then = s.indexAt(nowMs - hMs);
        if (then < 0) {
            return s;
        }
        double actual = demand - h.values[then];
        double forecast = h.trends[then];
        double[] err = error.clone();
        double[] st = still.clone();
        double[] ag = again.clone();
        double[] dr = drift.clone();
        int[] n = scored.clone();
        long best = 0;
        double bestError = Double.POSITIVE_INFINITY;
        for (int i = 0; i < PERIODS_S.length; i++) {
            long pMs = PERIODS_S[i] * 1000;
            if (pMs <= hMs) {
                continue; // a cycle within the horizon is in every horizon: the headroom covers it
            }
            double predicted = s.change(nowMs - hMs, hMs, pMs);
            if (Double.isNaN(predicted)) {
                continue;
            }
            n[i]++;
            double w = 1 / Math.min(MEMORY, n[i]);
            err[i] += (Math.abs(actual - predicted) - err[i]) * w;
            st[i] += (Math.abs(actual) - st[i]) * w;
            ag[i] += (Math.abs(actual - forecast) - ag[i]) * w;
            // the same cycles read as a straight line: a cycle must be more than a slope
            double line = (h.values[then] - s.valueAt(nowMs - hMs - CYCLES * pMs)) * hMs / (CYCLES * pMs);
            dr[i] += (Math.abs(actual - line) - dr[i]) * w;
            double known = Math.min(st[i], Math.min(ag[i], dr[i]));
            // (and by more than rounding: on a straight line every prediction is exact)
            if (n[i] >= MIN_SCORED && err[i] < CYCLE_GAIN * known - 1e-9 * (1 + Math.abs(demand))
                    && err[i] < bestError) {
                best = PERIODS_S[i];
                bestError = err[i];
            }
        }
        return new Seasonal(h, s.begin, s.end, err, st, ag, dr, n, best);
    }

    /** The period in use, seconds; 0 when demand shows none. */
    long periodS() {
        return period;
    }

    /**
     * The predicted change of demand from {@code nowMs} to the end of the horizon, and its highest
     * rise anywhere in it (never below 0), at steps of {@code stepMs}; null without a period.
     */
    double[] changes(long nowMs, double horizonS, long stepMs) {
        if (period == 0) {
            return null;
        }
        long pMs = period * 1000;
        long hMs = Math.round(horizonS * 1000);
        long step = Math.max(Math.max(1000, stepMs), hMs / PEAK_STEPS);
        double peak = 0;
        double last = 0;
        for (long tau = step; ; tau += step) {
            long at = Math.min(tau, hMs);
            double c = change(nowMs, at, pMs);
            if (!Double.isNaN(c)) {
                last = c;
                peak = Math.max(peak, c);
            }
            if (at >= hMs) {
                break;
            }
        }
        return new double[] {last, peak};
    }

    /** The mean change from {@code fromMs} over {@code tauMs} in the last cycles of {@code pMs}; NaN when unknown. */
    private double change(long fromMs, long tauMs, long pMs) {
        double sum = 0;
        for (int k = 1; k <= CYCLES; k++) {
            double a = valueAt(fromMs + tauMs - k * pMs);
            double z = valueAt(fromMs - k * pMs);
            if (Double.isNaN(a) || Double.isNaN(z) || fromMs + tauMs - k * pMs > lastMs()) {
                return Double.NaN;
            }
            sum += a - z;
        }
        return sum / CYCLES;
    }

    private long lastMs() {
        return end > begin ? history.times[end - 1] : Long.MIN_VALUE;
    }

    /** Demand at the last observation at or before {@code tMs}; NaN before the first kept. */
    double valueAt(long tMs) {
        int i = indexAt(tMs);
        return i < 0 ? Double.NaN : history.values[i];
    }

    /**
     * The last observation at or before {@code tMs}; −1 before the first kept. Observations come at
     * a steady interval, mostly: the search starts where that puts {@code tMs} and gallops from
     * there, a step or two where the intervals were steady, a binary search's few where they were not.
     */
    private int indexAt(long tMs) {
        long[] times = history.times;
        if (end == begin || times[begin] > tMs) {
            return -1;
        }
        int last = end - 1;
        if (times[last] <= tMs) {
            return last;
        }
        // times[begin] <= tMs < times[last]: the answer is in [begin, last)
        int guess = begin + (int) ((double) (tMs - times[begin]) / (times[last] - times[begin]) * (last - begin));
        guess = Math.max(begin, Math.min(last - 1, guess));
        int lo; // times[lo] <= tMs
        int hi; // times[hi] > tMs
        if (times[guess] <= tMs) {
            lo = guess;
            hi = guess + 1;
            for (int step = 1; times[hi] <= tMs; step <<= 1) {
                lo = hi;
                hi = Math.min(last, hi + step);
            }
        } else {
            hi = guess;
            lo = guess - 1;
            for (int step = 1; times[lo] > tMs; step <<= 1) {
                hi = lo;
                lo = Math.max(begin, lo - step);
            }
        }
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= tMs) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
