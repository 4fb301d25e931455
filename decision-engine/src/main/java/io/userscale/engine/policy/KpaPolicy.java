package io.userscale.engine.policy;

import static io.userscale.engine.signal.Observation.known;

import io.userscale.engine.signal.Observation;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.Decision.BlockedBy;
import io.userscale.kafka.contract.Decision.Mode;
import io.userscale.kafka.contract.Decision.Signal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Knative Serving's KPA reproduced for replay and simulation, following BASELINES.md §2 (from
 * {@code pkg/autoscaler/scaling/autoscaler.go}): observed concurrency in 1 s buckets; every 2 s
 * the averages over the 60 s stable and 6 s panic windows ask for
 * {@code ceil(average / (0.7 × containerConcurrency))} pods, bounded by a scale-up rate of 1000 and
 * a scale-down rate of 2 per decision; panic starts when the panic desire reaches 2× the ready
 * pods and lasts until a stable window passes without that, during which replicas never go down;
 * a fresh autoscaler with more than one ready pod starts in panic (it keeps the current scale).
 */
public final class KpaPolicy extends NamedPolicy<KpaPolicy.State> {

    public static final long TICK_MS = 2_000;
    public static final int STABLE_WINDOW_S = 60;
    public static final int PANIC_WINDOW_S = 6;
    public static final double PANIC_THRESHOLD = 2.0;
    public static final double TARGET_UTILIZATION = 0.7;
    public static final double MAX_SCALE_UP_RATE = 1000;
    public static final double MAX_SCALE_DOWN_RATE = 2;

    /**
     * @param buckets      total concurrency per second, ring of {@link #STABLE_WINDOW_S} slots
     * @param bucketSecond the epoch second each slot holds, {@link Long#MIN_VALUE} when empty
     * @param firstSecond  the first second with data, {@link Long#MIN_VALUE} before any
     * @param lastTickMs   last decision tick
     * @param panicSinceMs when panic mode was (last) entered or extended, {@link Long#MIN_VALUE} if not panicking
     * @param maxPanicPods the highest desire while panicking
     */
    public record State(double[] buckets, long[] bucketSecond, long firstSecond, long lastTickMs, long panicSinceMs,
                        int maxPanicPods) {
    }

    public KpaPolicy(PolicyParams params) {
        super("kpa", "knative-kpa", params);
    }

    @Override
    public State initialState() {
        long[] seconds = new long[STABLE_WINDOW_S];
        Arrays.fill(seconds, Long.MIN_VALUE);
        return new State(new double[STABLE_WINDOW_S], seconds, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, 0);
    }

    @Override
    public Evaluation<State> evaluate(State s, Observation o) {
        long now = o.tsMs();
        int cur = o.specReplicas();
        double[] buckets = s.buckets().clone();
        long[] seconds = s.bucketSecond().clone();
        long first = s.firstSecond();
        long nowSecond = Math.floorDiv(now, 1000);
        if (known(o.concurrency())) {
            long covered = Math.max(1, Math.min(STABLE_WINDOW_S, Math.round(o.intervalMs() / 1000.0)));
            record(buckets, seconds, nowSecond, covered, o.concurrency());
            if (first == Long.MIN_VALUE) {
                first = nowSecond - covered + 1;
            }
        }
        double target = Math.max(0.01, p.get(Param.CONTAINER_CONCURRENCY) * TARGET_UTILIZATION);
        Map<String, Signal> signals = new LinkedHashMap<>(2);
        if (s.lastTickMs() != Long.MIN_VALUE && now - s.lastTickMs() < TICK_MS) {
            signals.put("concurrency", new Signal(known(o.concurrency()) ? o.concurrency() : null, null, target, null));
            State next = new State(buckets, seconds, first, s.lastTickMs(), s.panicSinceMs(), s.maxPanicPods());
            return new Evaluation<>(next, cur, cur, cur, null, Mode.NORMAL, signals, "(between KPA ticks)");
        }
        if (first == Long.MIN_VALUE) { // no data yet: keep the scale
            signals.put("concurrency", new Signal(null, null, target, null));
            State next = new State(buckets, seconds, first, now, s.panicSinceMs(), s.maxPanicPods());
            return new Evaluation<>(next, cur, cur, cur, BlockedBy.STALE_METRICS, Mode.NORMAL, signals, "");
        }
        double stable = windowAverage(buckets, seconds, first, nowSecond, STABLE_WINDOW_S);
        double panic = windowAverage(buckets, seconds, first, nowSecond, PANIC_WINDOW_S);

        int readyCount = o.readyPods();
        int ready = Math.max(1, readyCount);
        int maxUp = (int) Math.ceil(MAX_SCALE_UP_RATE * ready);
        int maxDown = (int) Math.floor(ready / MAX_SCALE_DOWN_RATE);
        int dspc = (int) Math.ceil(stable / target - 1e-9);
        int dppc = (int) Math.ceil(panic / target - 1e-9);
        int stablePods = Math.max(maxDown, Math.min(maxUp, dspc));
        int panicPods = Math.max(maxDown, Math.min(maxUp, dppc));

        long panicSince = s.panicSinceMs();
        int maxPanicPods = s.maxPanicPods();
        if (s.lastTickMs() == Long.MIN_VALUE && readyCount > 1) { // a new autoscaler starts in panic
            panicSince = now;
            maxPanicPods = readyCount;
        }
        boolean overPanic = (double) dppc / ready >= PANIC_THRESHOLD;
        if (overPanic) {
            panicSince = now;
        } else if (panicSince != Long.MIN_VALUE && panicSince + STABLE_WINDOW_S * 1000L < now) {
            panicSince = Long.MIN_VALUE;
            maxPanicPods = 0;
        }
        int desired;
        if (panicSince != Long.MIN_VALUE) {
            desired = Math.max(stablePods, panicPods);
            maxPanicPods = Math.max(maxPanicPods, desired);
            desired = maxPanicPods;
        } else {
            desired = stablePods;
        }
        int min = p.getInt(Param.MIN_REPLICAS);
        int max = p.getInt(Param.MAX_REPLICAS);
        int bounded = Stabilizers.applyBounds(min, max, desired);
        BlockedBy blocked = bounded != desired && bounded == cur ? BlockedBy.BOUNDS : null;
        Mode mode = panicSince != Long.MIN_VALUE ? Mode.BURST : Mode.NORMAL;
        signals.put("concurrency", new Signal(known(o.concurrency()) ? o.concurrency() : null, stable, target,
                dspc));
        signals.put("panicConcurrency", new Signal(null, panic, target, dppc));
        State next = new State(buckets, seconds, first, now, panicSince, maxPanicPods);
        return new Evaluation<>(next, cur, bounded, bounded, blocked, mode, signals,
                mode == Mode.BURST ? "(panic mode)" : "");
    }

    /**
     * The state rebuilt from the decisions published for a target (oldest first): the concurrency
     * each one observed refills the per-second buckets (over the seconds since the decision before
     * it), the last tick resumes the 2 s rhythm, and a trailing run of panic ticks resumes panic
     * with the highest replicas it asked for, extended at the last tick whose panic desire reached
     * twice the replicas. A decision records the replicas but not how many were ready; the two are
     * equal for a settled target, and where pods were still starting panic may end a little
     * earlier than it would have.
     */
    @Override
    public State restore(List<Decision> history) {
        State s = initialState();
        double[] buckets = s.buckets();
        long[] seconds = s.bucketSecond();
        long first = Long.MIN_VALUE;
        long lastTick = Long.MIN_VALUE;
        long panicSince = Long.MIN_VALUE;
        int maxPanicPods = 0;
        long previousMs = Long.MIN_VALUE;
        for (Decision d : history) {
            long t = d.ts().toEpochMilli();
            long sec = Math.floorDiv(t, 1000);
            Signal c = d.signals().get("concurrency");
            if (c != null && c.raw() != null) {
                long covered = previousMs == Long.MIN_VALUE ? 1
                        : Math.max(1, Math.min(STABLE_WINDOW_S, Math.round((t - previousMs) / 1000.0)));
                record(buckets, seconds, sec, covered, c.raw());
                if (first == Long.MIN_VALUE) {
                    first = sec - covered + 1;
                }
            }
            previousMs = t;
            boolean tick = d.signals().containsKey("panicConcurrency") || d.blockedBy() == BlockedBy.STALE_METRICS;
            if (!tick) {
                continue;
            }
            lastTick = t;
            if (d.mode() == Mode.BURST) {
                Signal panic = d.signals().get("panicConcurrency");
                boolean overPanic = panic != null && panic.desired() != null
                        && (double) panic.desired() / Math.max(1, d.replicas().current()) >= PANIC_THRESHOLD;
                maxPanicPods = panicSince == Long.MIN_VALUE ? d.replicas().desired()
                        : Math.max(maxPanicPods, d.replicas().desired());
                if (overPanic || panicSince == Long.MIN_VALUE) {
                    panicSince = t;
                }
            } else if (d.signals().containsKey("panicConcurrency")) {
                panicSince = Long.MIN_VALUE;
                maxPanicPods = 0;
            }
        }
        return new State(buckets, seconds, first, lastTick, panicSince, maxPanicPods);
    }

    @Override
    public long restoreLookbackMs() {
        return 5 * STABLE_WINDOW_S * 1000L;
    }

    /**
     * The mean of the per-second buckets over the last {@code windowS} seconds, counting seconds
     * without data as 0 but not seconds before the first datum.
     */
    static double windowAverage(double[] buckets, long[] seconds, long firstSecond, long nowSecond, int windowS) {
        long from = Math.max(firstSecond, nowSecond - windowS + 1);
        long span = nowSecond - from + 1;
        if (span <= 0) {
            return 0;
        }
        double sum = 0;
        for (long sec = from; sec <= nowSecond; sec++) {
            int slot = (int) Math.floorMod(sec, (long) buckets.length);
            if (seconds[slot] == sec) {
                sum += buckets[slot];
            }
        }
        return sum / span;
    }

    /** Writes {@code value} into the per-second buckets of the {@code covered} seconds ending at {@code lastSecond}. */
    private static void record(double[] buckets, long[] seconds, long lastSecond, long covered, double value) {
        for (long sec = lastSecond - covered + 1; sec <= lastSecond; sec++) {
            int slot = (int) Math.floorMod(sec, (long) STABLE_WINDOW_S);
            buckets[slot] = value;
            seconds[slot] = sec;
        }
    }
}
