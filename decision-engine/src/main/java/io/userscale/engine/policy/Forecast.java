package io.userscale.engine.policy;

import java.util.Arrays;

/**
 * Demand over the coming horizon as upper quantiles, by split conformal prediction with adaptive
 * conformal inference (ACI; Gibbs &amp; Candès, NeurIPS 2021).
 *
 * <p><b>Point forecast.</b> A level plus its trend over the horizon {@code H}. The level weighs each
 * observation by the steady-state Kalman gain its measured noise allows ({@link Noise}): it follows
 * smooth load at once and averages noisy load. The trend is the level's slope smoothed, and counts
 * in proportion to how steady it has been (its mean over its spread, at most one): a ramp is
 * followed, a noisy wobble is not extrapolated. Two trends are kept, one smoothed over the horizon
 * and one that learns a new slope as fast as the level follows demand, and the forecast takes the
 * one whose changes over the horizon came closer to what demand then did (the lower moving mean of
 * squared errors over as many realised forecasts as the residuals; the slow one until
 * {@value #MIN_RESIDUALS} are known): a ramp that begins at once, as traffic that turns at an hour's
 * mark does, is met within an interval or two where the slow trend would take a horizon to learn it,
 * and where slopes come and go faster than a horizon (a noisy service's swings) the slow one stays.
 * Slopes are those of the level the observations make ({@code base}), not of one a burst raised,
 * and they are learned from every interval but a step of a pod's load or more: a climb the forecast
 * trails surprises it by a little each interval, and is a slope to learn. Where demand recurs on a clock
 * ({@link Seasonal}: a timer-triggered job every few minutes or every hour), the change over the
 * horizon and the highest rise in it are the cycle's instead of the trend's.
 *
 * <p><b>Two bounds</b>, for the two ways replicas move:
 * <ul>
 *   <li>the <b>arrival bound</b>, for demand at the end of the horizon, when pods asked for now
 *       serve: what a scale-up must meet;</li>
 *   <li>the <b>horizon bound</b>, for the highest demand anywhere in the horizon: what must fit on
 *       the pods left after a scale-down, since a pod removed now takes a horizon to come back.</li>
 * </ul>
 * A few times per horizon ({@value #ISSUES_PER_HORIZON}) a forecast is set aside; when its horizon
 * has passed, the demand at its end and the highest in it, less the forecast, relative to the
 * typical demand of the period the residuals cover (a moving mean over as many observations as
 * {@value #RESIDUALS} forecasts span; one pod's worth of load when that is more, so an idle
 * target's noise is not read as huge), are one residual of each kind. The typical demand, not
 * the forecast, is the yardstick: a burst from idle is a rise of so many users, which read relative
 * to the idle forecast would be huge and, applied to a busy one, huger still. Each bound is the forecast plus the {@code 1 − α}
 * quantile (split-conformal rank) of the last {@value #RESIDUALS} residuals of its kind; until
 * {@value #MIN_RESIDUALS} are known it keeps at least {@value #COLD_HEADROOM} of headroom.
 *
 * <p><b>ACI.</b> {@code α} starts at the miss target and moves after each realised forecast by
 * {@code γ (target − miss)}, a miss being demand above the horizon bound issued with it: the
 * headroom widens while misses come more often than the target allows and narrows while they come
 * less often, so the same code keeps headroom on bursty load and runs close on smooth load. It
 * never rises above {@value #MAX_ALPHA}: the bound is never below the median residual.
 *
 * <p><b>Bursts.</b> Demand above anything the horizon bound allowed for, even with its largest
 * residual, is a burst: the level jumps at once to twice the rise the interval's mean shows (a step
 * at a random moment of the interval shows by half in its mean, in the median), times the bursts'
 * measured persistence, the trend is kept. Persistence is how much of a burst's rise is still there
 * one horizon later — when pods asked for on it would serve — as a moving mean over the last
 * {@value #BURST_MEMORY} bursts, starting at 1: a step that stays is met at once; bursts that are
 * over before new pods could serve them stop starting pods that would arrive too late.
 * Forecasts whose horizon saw a burst leave their residuals out while bursts come less often than
 * the misses allowed: rare bursts are met by reacting to them, not by headroom kept all the time;
 * frequent ones are part of the load, and the headroom covers them.
 *
 * @param level      smoothed demand
 * @param trend      its slope, per second
 * @param slopeVar   the slope's moving variance
 * @param burstRate  moving share of realised forecasts that saw a burst
 * @param noise      the demand's noise, for the level's gain
 * @param lastMs     time of the last observation, {@link Long#MIN_VALUE} before the first
 * @param pointEnd   the point forecast of demand at the horizon's end
 * @param pointPeak  the point forecast of the highest demand in the horizon
 * @param scale      what residuals are relative to now
 * @param arrival    the arrival bound
 * @param horizon    the horizon bound
 * @param burst      whether the last observation was a burst
 * @param pending    forecasts set aside, not yet due
 * @param atEnd      residuals of demand at the horizon's end
 * @param atPeak     residuals of the highest demand in the horizon
 * @param alpha      the current miss level
 * @param issuedMs   when the last forecast was set aside
 * @param persistence the share of a burst's rise still there one horizon later (moving mean, 1 before any)
 * @param burstsSeen  bursts whose persistence is known
 * @param burstDueMs  when the pending burst's persistence is read ({@link Long#MIN_VALUE}: none pending)
 * @param burstBase   demand the pending burst rose from
 * @param burstRise   how far it rose
 * @param typical     the moving mean of demand over the period the residuals cover
 * @param typicalN    observations in it
 * @param seasonal    demand's recurring cycle, if it shows one
 * @param base        the level as the observations alone make it, without bursts' jumps: what the trend is read from
 * @param fastTrend    the trend that learns as fast as the level follows, per second
 * @param fastSlopeVar its slope's moving variance
 * @param slowError    moving mean of the squared error of the slow trend's changes over the horizon, relative to the typical demand
 * @param fastError    the same of the fast trend's
 * @param trendsScored realised forecasts whose trends were scored
 */
public record Forecast(double level, double trend, double slopeVar, double burstRate, Noise noise, long lastMs,
                       double pointEnd, double pointPeak, double scale, double arrival, double horizon, boolean burst,
                       Pending pending, Residuals atEnd, Residuals atPeak, double alpha, long issuedMs,
                       double persistence, int burstsSeen, long burstDueMs, double burstBase, double burstRise,
                       double typical, long typicalN, Seasonal seasonal, double base, double fastTrend,
                       double fastSlopeVar, double slowError, double fastError, int trendsScored) {

    static final int RESIDUALS = 200;
    static final int ISSUES_PER_HORIZON = 8;
    /** Residuals needed before their quantile is trusted. */
    static final int MIN_RESIDUALS = 10;
    /** Relative headroom while too few residuals are known: a cold start should not run hot. */
    static final double COLD_HEADROOM = 0.5;
    /**
     * The most ACI's miss level may reach: an upper bound is never below the median residual. On
     * load it foresees exactly (a clock's jobs) misses stop, the level climbs, and at 1 the bound
     * would fall to the single lowest residual, below demand it had just foreseen.
     */
    static final double MAX_ALPHA = 0.5;
    /** Bursts the persistence remembers. */
    static final int BURST_MEMORY = 20;

    static Forecast initial(double alpha) {
        return new Forecast(Double.NaN, 0, 0, 0, Noise.NONE, Long.MIN_VALUE, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, false, Pending.NONE, Residuals.NONE, Residuals.NONE, alpha, Long.MIN_VALUE,
                1, 0, Long.MIN_VALUE, 0, 0, Double.NaN, 0, Seasonal.NONE, Double.NaN, 0, 0, 0, 0, 0);
    }

    /**
     * How much of the demand's movement is signal and how much noise, read from its successive
     * differences as in a local level model ({@code y = level + ε}, {@code level' = level + η}):
     * their variance is {@code σ²η + 2σ²ε} and the covariance of consecutive ones {@code −σ²ε}.
     * The steady-state Kalman gain for that ratio is the weight a new observation gets: near 1 for
     * smooth load (follow it), small for noise around a level (average it).
     *
     * @param last     the last demand
     * @param lastDiff the last difference
     * @param var      moving mean of squared differences
     * @param cov      moving mean of products of consecutive differences
     * @param count    differences seen
     */
    public record Noise(double last, double lastDiff, double var, double cov, int count) {
        static final Noise NONE = new Noise(Double.NaN, Double.NaN, 0, 0, 0);
        /** Differences remembered: the moving means' memory. */
        static final double MEMORY = 50;
        /** Differences needed before the gain is read from them. */
        static final int MIN_COUNT = 10;
        /** The least gain: a level that would take longer than this many observations to move is no level. */
        static final double MIN_GAIN = 1 / MEMORY;

        Noise add(double y) {
            if (Double.isNaN(last)) {
                return new Noise(y, Double.NaN, 0, 0, 0);
            }
            double d = y - last;
            double w = 1 / Math.min(MEMORY, count + 1.0);
            double v = var + w * (d * d - var);
            double c = Double.isNaN(lastDiff) ? cov : cov + w * (d * lastDiff - cov);
            return new Noise(y, d, v, c, count + 1);
        }

        /** The steady-state Kalman gain; 1 (follow the data) until enough is known. */
        double gain() {
            if (count < MIN_COUNT) {
                return 1;
            }
            double noise = Math.max(0, -cov);
            double signal = Math.max(0, var + 2 * cov);
            if (noise <= 0) {
                return 1;
            }
            double q = signal / noise;
            return Math.max(MIN_GAIN, (-q + Math.sqrt(q * q + 4 * q)) / 2);
        }
    }

    /**
     * Forecasts set aside, oldest first: what each one foresaw, shared by every state while it is
     * pending, and what its horizon has seen so far.
     *
     * @param issued what each one foresaw
     * @param peak   the highest demand seen since it was issued
     * @param burst  whether a burst came during its horizon
     */
    public record Pending(Issued[] issued, double[] peak, boolean[] burst) {
        static final Pending NONE = new Pending(new Issued[0], new double[0], new boolean[0]);

        int size() {
            return issued.length;
        }
    }

    /**
     * One forecast set aside.
     *
     * @param dueMs      when its horizon ends
     * @param point      its point forecast of demand at the end
     * @param pointPeak  its point forecast of the highest demand
     * @param scale      what its residuals are relative to
     * @param bound      its horizon bound
     * @param level      the level it was issued from
     * @param slowChange the slow trend's change over its horizon
     * @param fastChange the fast trend's
     */
    public record Issued(long dueMs, double point, double pointPeak, double scale, double bound, double level,
                         double slowChange, double fastChange) {
    }

    /**
     * An append-only log that successive states share, so a new residual costs no copy of the
     * others: a state appends in place when it is the log's last writer, and the values it reads
     * (those before its end) are never written again, so earlier states stay as they were. The log
     * also keeps its last writer's residuals sorted, updated in place as each one comes and the
     * oldest goes: the quantiles of the state in use are read without sorting or copying anything.
     */
    public static final class Log {
        private final double[] values;
        private int filled;
        /** The last writer's residuals, ascending: the last {@code window} values before {@code filled}. */
        private final double[] sorted = new double[RESIDUALS];
        private int window;

        /** A log of {@code 2 × RESIDUALS} values whose first {@code filled} (at most {@code RESIDUALS}) are {@code from}'s. */
        Log(double[] from, int filled) {
            this.values = Arrays.copyOf(from, 2 * RESIDUALS);
            this.filled = filled;
            this.window = filled;
            System.arraycopy(from, 0, sorted, 0, filled);
            Arrays.sort(sorted, 0, filled);
        }

        /**
         * Writes {@code v} at {@code at} when that is where the log ends and there is room, the writer's
         * last {@code count} residuals being those before it; its window then drops the oldest when
         * {@code count} is the most kept.
         */
        synchronized boolean append(int at, int count, double v) {
            if (at != filled || at == values.length || count != window) {
                return false;
            }
            v += 0.0; // −0 as 0: the window's order and its search must agree on equal values
            values[at] = v;
            filled++;
            int n = window;
            int pos = lowerBound(sorted, n, v);
            if (n < RESIDUALS) {
                System.arraycopy(sorted, pos, sorted, pos + 1, n - pos);
                sorted[pos] = v;
                window++;
                return true;
            }
            int d = Arrays.binarySearch(sorted, 0, n, values[at - RESIDUALS]);
            if (pos <= d) { // the ones between move up by one
                System.arraycopy(sorted, pos, sorted, pos + 1, d - pos);
                sorted[pos] = v;
            } else { // the ones between move down by one
                System.arraycopy(sorted, d + 1, sorted, d, pos - 1 - d);
                sorted[pos - 1] = v;
            }
            return true;
        }

        /**
         * The {@code i}-th smallest of the {@code count} values before {@code end}: read from the sorted
         * window when they are the last writer's, else sorted apart (an earlier state, read again).
         */
        synchronized double sortedAt(int end, int count, int i) {
            if (end == filled && count == window) {
                return sorted[i];
            }
            double[] apart = Arrays.copyOfRange(values, end - count, end);
            Arrays.sort(apart);
            return apart[i];
        }
    }

    /**
     * The last residuals of one kind, in arrival order and sorted ({@link Log}).
     *
     * @param log    residuals in arrival order: the last {@code count} before {@code end}
     * @param end    where this one's residuals end in the log
     * @param count  how many there are
     */
    public record Residuals(Log log, int end, int count) {
        static final Residuals NONE = new Residuals(new Log(new double[0], 0), 0, 0);

        Residuals add(double r) {
            Log l = log;
            int e = end;
            if (!l.append(e, count, r)) { // another state appended here first, or the log is full: a log of its own
                l = new Log(inOrder(), count);
                e = count;
                l.append(e, count, r);
            }
            return new Residuals(l, e + 1, Math.min(RESIDUALS, count + 1));
        }

        /** The residuals in arrival order, oldest first. */
        double[] inOrder() {
            return Arrays.copyOfRange(log.values, end - count, end);
        }

        /** The residuals, ascending, as the quantiles read them. */
        double[] sorted() {
            double[] s = new double[count];
            for (int i = 0; i < count; i++) {
                s[i] = log.sortedAt(end, count, i);
            }
            return s;
        }

        /** The largest residual, or 0 when none. */
        double max() {
            return count == 0 ? 0 : log.sortedAt(end, count, count - 1);
        }

        /** The {@code 1 − α} quantile (split-conformal rank); while there are few, at least the cold-start headroom. */
        double quantile(double alpha) {
            if (count == 0) {
                return COLD_HEADROOM;
            }
            int i;
            if (alpha <= 0) {
                i = count - 1;
            } else if (alpha >= 1) {
                i = 0;
            } else {
                i = Math.max(0, Math.min(count - 1, (int) Math.ceil((1 - alpha) * (count + 1)) - 1));
            }
            double q = log.sortedAt(end, count, i);
            return count < MIN_RESIDUALS ? Math.max(q, COLD_HEADROOM) : q;
        }
    }

    /**
     * Folds in the demand of the interval ending at {@code nowMs} and issues the bounds for the
     * next {@code horizonS} seconds.
     *
     * @param demand     the interval's demand
     * @param horizonS   the horizon, seconds
     * @param intervalMs the interval, ms
     * @param floor      the least a residual is relative to (one pod's worth of load)
     * @param target     the share of forecasts that may miss
     * @param step       ACI's step γ
     */
    Forecast observe(long nowMs, double demand, double horizonS, long intervalMs, double floor, double target,
                     double step) {
        boolean jump = surprisedBy(demand);

        // the set-aside forecasts see this interval; those whose horizon has passed become residuals
        double a = alpha;
        double rate = burstRate;
        Residuals end = atEnd;
        Residuals peak = atPeak;
        Pending p = pending;
        int n = p.size();
        long every = Math.max(intervalMs, Math.round(horizonS * 1000 / ISSUES_PER_HORIZON));
        boolean issue = issuedMs == Long.MIN_VALUE || nowMs - issuedMs >= every;
        int stay = issue ? 1 : 0; // the pending ones still due after now, and the one issued now
        for (int i = 0; i < n; i++) {
            if (nowMs < p.issued()[i].dueMs()) {
                stay++;
            }
        }
        Issued[] issued = new Issued[stay];
        double[] max = new double[stay];
        boolean[] bursts = new boolean[stay];
        double slowErr = slowError;
        double fastErr = fastError;
        int scored = trendsScored;
        int k = 0;
        for (int i = 0; i < n; i++) {
            Issued f = p.issued()[i];
            double hi = Math.max(p.peak()[i], demand);
            boolean burst = p.burst()[i] || jump;
            if (nowMs >= f.dueMs()) {
                rate += ((burst ? 1 : 0) - rate) / Math.min(RESIDUALS, end.count() + 1.0);
                if (!burst || rate > a) {
                    end = end.add((demand - f.point()) / f.scale());
                    peak = peak.add((hi - f.pointPeak()) / f.scale());
                }
                a = Math.max(0, Math.min(MAX_ALPHA, a + step * (target - (hi > f.bound() ? 1 : 0))));
                // each trend scored by how near its change came to demand's since the forecast's level
                double change = (demand - f.level()) / f.scale();
                double slowMiss = change - f.slowChange() / f.scale();
                double fastMiss = change - f.fastChange() / f.scale();
                scored++;
                double w = 1 / Math.min(RESIDUALS, (double) scored);
                slowErr += w * (slowMiss * slowMiss - slowErr);
                fastErr += w * (fastMiss * fastMiss - fastErr);
                continue;
            }
            issued[k] = f;
            max[k] = hi;
            bursts[k] = burst;
            k++;
        }

        // a pending burst's persistence, read one horizon after it
        double persist = persistence;
        int seenBursts = burstsSeen;
        long bDue = burstDueMs;
        double bBase = burstBase;
        double bRise = burstRise;
        if (bDue != Long.MIN_VALUE && nowMs >= bDue) {
            double share = Math.max(0, Math.min(1, (demand - bBase) / bRise));
            seenBursts++;
            persist += (share - persist) / Math.min(BURST_MEMORY, seenBursts + 1.0);
            bDue = Long.MIN_VALUE;
        }

        Noise nz = noise.add(demand);
        double lv;
        double tr;
        double sv = slopeVar;
        double ftr = fastTrend;
        double fsv = fastSlopeVar;
        double bs;
        if (lastMs == Long.MIN_VALUE || Double.isNaN(level)) {
            lv = demand;
            bs = demand;
            tr = 0;
        } else {
            double dt = Math.max(0.001, (nowMs - lastMs) / 1000.0);
            double projected = level + trend * dt;
            // the trend is the slope of the level the observations make, not of one a burst raised:
            // read from that, the fall back after a jump would be a falling trend, and on a steady
            // climb that the forecast trails, every other interval a burst
            double gain = nz.gain();
            double baseBefore = Double.isNaN(base) ? level : base;
            double baseProjected = baseBefore + trend * dt;
            bs = baseProjected + gain * (demand - baseProjected);
            double rise = Math.max(0, demand - projected);
            lv = projected + gain * (demand - projected);
            if (jump) {
                lv = Math.max(lv, projected + 2 * rise * persist);
                if (bDue == Long.MIN_VALUE && rise > 0) {
                    bDue = nowMs + Math.round(horizonS * 1000);
                    bBase = projected;
                    bRise = rise;
                }
            }
            if (jump && rise >= floor) {
                tr = trend; // a step of a pod's load or more is no slope to extrapolate
            } else {
                // a climb the forecast trails surprises it by less than a pod's load each interval:
                // its slope is the trend's to learn, or every interval stays a surprise
                double trendWeight = 1 - Math.exp(-dt / Math.max(dt, horizonS));
                double slope = (bs - baseBefore) / dt;
                tr = trendWeight * slope + (1 - trendWeight) * trend;
                sv = (1 - trendWeight) * (sv + trendWeight * (slope - trend) * (slope - trend));
                double fastWeight = Math.max(trendWeight, gain);
                ftr = fastWeight * slope + (1 - fastWeight) * fastTrend;
                fsv = (1 - fastWeight) * (fsv + fastWeight * (slope - fastTrend) * (slope - fastTrend));
            }
        }
        double slowNow = steady(tr, sv) * horizonS;
        double fastNow = steady(ftr, fsv) * horizonS;
        double trendNow = fastLeads(scored, slowErr, fastErr) ? fastNow : slowNow;
        Seasonal ss = seasonal.observe(nowMs, demand, horizonS, trendNow);
        double[] cycle = ss.changes(nowMs, horizonS, intervalMs);
        double endNow = Math.max(0, lv + (cycle != null ? cycle[0] : trendNow));
        double peakNow = Math.max(endNow, lv + (cycle != null ? cycle[1] : 0));
        long typN = typicalN + 1;
        double typ = Double.isNaN(typical) ? demand
                : typical + (demand - typical) / Math.min(typN, (double) RESIDUALS * every / Math.max(1, intervalMs));
        double scaleNow = Math.max(typ, floor);
        double arrivalNow = Math.max(0, endNow + end.quantile(a) * scaleNow);
        double horizonNow = Math.max(arrivalNow, peakNow + peak.quantile(a) * scaleNow);

        long issuedAt = issuedMs;
        if (issue) {
            issued[k] = new Issued(nowMs + Math.round(horizonS * 1000), endNow, peakNow, scaleNow, horizonNow, lv,
                    slowNow, fastNow);
            max[k] = Double.NEGATIVE_INFINITY;
            k++;
            issuedAt = nowMs;
        }
        Pending next = new Pending(issued, max, bursts);
        return new Forecast(lv, tr, sv, rate, nz, nowMs, endNow, peakNow, scaleNow, arrivalNow, horizonNow, jump, next,
                end, peak, a, issuedAt, persist, seenBursts, bDue, bBase, bRise, typ, typN, ss, bs, ftr, fsv, slowErr,
                fastErr, scored);
    }

    /** A trend as far as it has been steady: in proportion to its mean over its spread, at most whole. */
    private static double steady(double trend, double slopeVar) {
        return slopeVar > 0 ? trend * Math.min(1, Math.abs(trend) / Math.sqrt(slopeVar)) : trend;
    }

    /** Whether the forecast now takes the fast trend: its changes over the horizon have come closer. */
    boolean fastTrendLeads() {
        return fastLeads(trendsScored, slowError, fastError);
    }

    private static boolean fastLeads(int scored, double slowError, double fastError) {
        return scored >= MIN_RESIDUALS && fastError < slowError;
    }

    /** Whether {@code demand} would be a burst: above anything the last horizon bound allowed for. */
    boolean surprisedBy(double demand) {
        return lastMs != Long.MIN_VALUE && !Double.isNaN(level) && demand > widest();
    }

    /** Whether enough forecasts have come due for the headroom to be read from them. */
    boolean calibrated() {
        return atPeak.count() >= MIN_RESIDUALS;
    }

    /** The relative headroom of the horizon bound now. */
    double headroom() {
        return atPeak.quantile(alpha);
    }

    /** The highest demand the last horizon bound allowed for, with its largest residual: beyond it is a burst. */
    private double widest() {
        double r = atPeak.count() < MIN_RESIDUALS ? COLD_HEADROOM : atPeak.max();
        return pointPeak + Math.max(r, 0) * scale;
    }

    /** The first of {@code a[0..n)} whose value is at least {@code v}. */
    private static int lowerBound(double[] a, int n, double v) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
