package io.userscale.engine.policy;

/**
 * Every policy parameter, under the configuration name users set it by, with its default (the
 * {@code default} profile), its allowed range and its unit.
 */
public enum Param {
    /** Active users one pod should serve; users ask for {@code ceil(users / this)} replicas. */
    USERS_TARGET_PER_POD(10, 0.001, 1e6, false, "users"),
    /** Mean CPU per pod to aim for. */
    CPU_TARGET(50, 1, 100, false, "%"),
    /** CPU asks for fewer replicas only below this. */
    CPU_SCALE_DOWN_BELOW(35, 0, 100, false, "%"),
    /** Mean GPU utilisation per pod to aim for. */
    GPU_TARGET(60, 1, 100, false, "%"),
    /** GPU asks for fewer replicas only below this. */
    GPU_SCALE_DOWN_BELOW(40, 0, 100, false, "%"),
    /** p95 latency to aim for. */
    LATENCY_TARGET_MS(200, 1, 600_000, false, "ms"),
    /** Latency asks for fewer replicas only below this. */
    LATENCY_SCALE_DOWN_BELOW_MS(100, 0, 600_000, false, "ms"),
    /** EWMA weight of the newest value, 1 = no smoothing. */
    ALPHA(0.6, 0.01, 1, false, ""),
    /** Seconds between scale operations. */
    COOLDOWN_PERIOD(30, 0, 3600, false, "s"),
    /**
     * Seconds between two scale-ups in a row, when shorter than the cooldown: replicas still
     * starting count as current, so a rising desire can be followed without overshoot.
     */
    SCALE_UP_REPEAT_COOLDOWN(30, 0, 3600, false, "s"),
    /** Most replicas one scale-up adds. */
    SCALE_UP_STEP(2, 1, 10_000, true, "replicas"),
    /** A scale-up may also add this percentage of the current replicas, if more than the step. */
    SCALE_UP_PERCENT(0, 0, 1000, false, "%"),
    /** Most replicas one scale-down removes. */
    SCALE_DOWN_STEP(1, 1, 10_000, true, "replicas"),
    /** A scale-down may also remove this percentage of the current replicas, if more than the step. */
    SCALE_DOWN_PERCENT(0, 0, 100, false, "%"),
    /**
     * Latency asks for at most this many times the current replicas (0: no cap). Latency grows
     * far faster than linearly near saturation, so a proportional rule on it overshoots.
     */
    LATENCY_RATIO_CAP(0, 0, 100, false, "x"),
    /** Scale operations in one direction before a pause. */
    MAX_CONSECUTIVE(3, 1, 1000, true, "operations"),
    /** How long that pause lasts, counted from the last operation. */
    CONSECUTIVE_PAUSE(60, 0, 3600, false, "s"),
    /** Fewest replicas. */
    MIN_REPLICAS(1, 1, 10_000, true, "replicas"),
    /** Most replicas. */
    MAX_REPLICAS(10, 1, 10_000, true, "replicas"),
    /**
     * Proportional signals ignore ratios within 1 ± this of their target. The {@code userscale}
     * policy keeps at most this share of demand to spare before it lets pods go: it starts there and
     * learns less from its scale-downs, in steps of this size.
     */
    TOLERANCE(0.1, 0, 0.99, false, ""),
    /** A raw signal above this many times its target is a burst (0 turns burst handling off). */
    BURST_FACTOR(0, 0, 100, false, "x"),
    /**
     * A surge: raw users at least this many times their smoothed level (0 turns it off). A step
     * in load lands at a random moment of a scrape interval, so the interval's mean shows on
     * average half of it: in a surge users are judged at {@code raw + (raw - level)}, and
     * scale-up skips cooldown and steps, as in a burst.
     */
    SURGE_FACTOR(0, 0, 100, false, "x"),
    /** Scale-down takes the highest desire of this many seconds. */
    STABILIZATION_WINDOW(0, 0, 3600, false, "s"),
    /** Pods younger than this are left out of the CPU mean. */
    WARMUP_PERIOD(30, 0, 3600, false, "s"),
    /** A signal not seen for this long is stale. */
    STALE_AFTER(30, 1, 3600, false, "s"),
    /** Look this far ahead along the smoothed trend when scaling up (0 = no prediction). */
    PREDICT_AHEAD(0, 0, 3600, false, "s"),
    /**
     * Headroom for noise: users are judged at their level plus this many standard deviations of
     * their recent values (0: none). Noisy load gets spare capacity, smooth load runs near target.
     */
    NOISE_HEADROOM(0, 0, 10, false, "sd"),
    /**
     * Load whose sample-to-sample noise, scaled to one second (× √scrape seconds), exceeds this
     * fraction of its level (or of one pod's worth, {@code USERS_TARGET_PER_POD} or
     * {@code CPU_TARGET}, when the level is below it) is noisy (0: never). Request counts are noisy when few requests arrive
     * a second (noise ≈ 1/√requests): such
     * load is sized from its calm level ({@code NOISY_ALPHA}) plus {@code NOISY_HEADROOM} noise
     * deviations, no signal is looked ahead along its trend, and scale-down stabilises over
     * {@code NOISY_STABILIZATION_WINDOW}. Judged on users, or on CPU where users are unknown.
     */
    NOISE_GATE(0, 0, 10, false, ""),
    /** Headroom for noisy load, in standard deviations of its noise scaled to one second. */
    NOISY_HEADROOM(3, 0, 20, false, "sd"),
    /** Weight of the newest value in the calm level that sizes noisy load. */
    NOISY_ALPHA(0.4, 0.01, 1, false, ""),
    /** The scale-down stabilisation window while the load is noisy (its calm level already smooths). */
    NOISY_STABILIZATION_WINDOW(10, 0, 3600, false, "s"),
    /** Weight of the newest slope in the trend (Holt's beta). */
    TREND_BETA(0.3, 0.01, 1, false, ""),
    /**
     * Pod start-up assumed until one has been seen starting (the {@code userscale} policy then
     * measures it from the snapshots: created → ready).
     */
    STARTUP_SECONDS(30, 0, 3600, false, "s"),
    /**
     * The share of scrape intervals whose p95 may break the SLO at the utilisation the
     * {@code userscale} policy aims for: it aims at the highest utilisation where, by what it has
     * learned of its pods, intervals break no more often than this.
     */
    SLO_BUDGET(0.001, 0.00001, 0.5, false, ""),
    /**
     * The share of forecasts whose horizon may see demand above the {@code userscale} policy's
     * upper bound: its headroom adapts (adaptive conformal inference) until misses come at this
     * rate. A miss is not a broken SLO: the capacity it aims at keeps a margin of its own.
     */
    FORECAST_MISS(0.2, 0.001, 0.9, false, ""),
    /**
     * How fast that headroom adapts: the step of adaptive conformal inference (Gibbs and Candès,
     * 2021), per forecast that comes due.
     */
    ACI_STEP(0.005, 0, 0.5, false, ""),
    /**
     * The longest lull through which the {@code userscale} policy keeps pods when letting them go
     * has cost the SLO (0: pods are kept for one horizon only). A pod let go is back only a start-up
     * after it is asked for; where the SLO broke when demand came back after a lull longer than the
     * horizon, pods are kept through lulls as long as the longest such of the last four times this,
     * up to this. The default is the HPA's scale-down stabilisation window.
     */
    HOLD_MAX(300, 0, 3600, false, "s"),
    /**
     * How old the newest metrics are when the {@code hpa} policy reads them at a sync: metrics-server
     * samples every 15 s, so at a sync its window ended on average half of that before (BASELINES.md
     * §1.7). 0 where the snapshots are already that old (the simulator's {@code hpa}).
     */
    METRICS_AGE(7, 0, 14, false, "s"),
    /** Requests in flight one pod is built to handle (Knative's containerConcurrency; used by kpa). */
    CONTAINER_CONCURRENCY(10, 0.01, 1e6, false, "requests"),
    /**
     * Rounds in a row in which no pod reported any signal (every scrape failed) before the
     * fallback acts; until then the policy's own rules apply.
     */
    FALLBACK_AFTER(3, 1, 1000, true, "rounds"),
    /** What the fallback does: 0 holds the current count; K goes to K replicas (within the bounds). */
    FALLBACK_REPLICAS(0, 0, 10_000, true, "replicas"),
    /**
     * 1: the fallback goes to {@code FALLBACK_REPLICAS} only when that is more than the current
     * count, and otherwise holds (KEDA's {@code currentReplicasIfHigher}); 0: it goes there either way.
     */
    FALLBACK_KEEP_HIGHER(0, 0, 1, true, "");

    private final double defaultValue;
    private final double min;
    private final double max;
    private final boolean integer;
    private final String unit;

    Param(double defaultValue, double min, double max, boolean integer, String unit) {
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
        this.integer = integer;
        this.unit = unit;
    }

    public double defaultValue() {
        return defaultValue;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public boolean integer() {
        return integer;
    }

    public String unit() {
        return unit;
    }

    /** The allowed range in words, e.g. {@code [1, 100] %}. */
    public String range() {
        return "[" + format(min) + ", " + format(max) + "]" + (unit.isEmpty() ? "" : " " + unit)
                + (integer ? ", a whole number" : "");
    }

    public static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
