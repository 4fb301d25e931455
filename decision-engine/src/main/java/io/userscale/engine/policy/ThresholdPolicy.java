package io.userscale.engine.policy;

import static io.userscale.engine.signal.Observation.known;

import io.userscale.engine.signal.Observation;
import io.userscale.kafka.contract.Decision.BlockedBy;
import io.userscale.kafka.contract.Decision.Mode;
import io.userscale.kafka.contract.Decision.Signal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The multi-signal threshold policy, behind both {@code seed} (the rules as users know them: EWMA,
 * thresholds with low marks, cooldown, steps, consecutive limit) and {@code userscale-v1} (the same
 * rules with burst handling, a scale-down stabilisation window and a trend look-ahead, tuned on the
 * simulator; {@code userscale} is now the model policy, {@link ModelPolicy}).
 *
 * <p>Per observation: smooth each signal; ask each fresh signal for replicas (users
 * {@code ceil(users / USERS_TARGET_PER_POD)}; CPU, GPU and latency proportionally outside the
 * tolerance band, downward only below their low marks); take the max within bounds; hold when no
 * signal is fresh, and never scale down while a signal seen before has gone stale; then apply the
 * stabilisation window, cooldown, consecutive limit and step limits. In burst mode (a raw signal
 * above {@code BURST_FACTOR} times its target) scale-up uses raw values and skips cooldown, the
 * consecutive limit and step limits.
 */
public final class ThresholdPolicy extends NamedPolicy<ThresholdPolicy.State> {

    /**
     * @param sinceMs       first observation (or restart); no scale-down before a full stabilisation window
     * @param lastScaleMs   when it last changed the replica count
     * @param consecutive   operations in a row in {@code direction}
     * @param direction     +1 up, -1 down, 0 none yet
     * @param window        desires recorded over the stabilisation window
     */
    public record State(Track users, Track cpu, Track gpu, Track latency, long sinceMs, long lastScaleMs,
                        int consecutive, int direction, Stabilizers.Desires window) {

        static final long UNSET = Long.MIN_VALUE / 4;
        static final State INITIAL = new State(Track.NEVER, Track.NEVER, Track.NEVER, Track.NEVER, UNSET, UNSET, 0, 0,
                Stabilizers.Desires.empty());

        /** A state after a restart: signals unknown, behaviour history restored. */
        public static State restored(long sinceMs, long lastScaleMs, int consecutive, int direction, long[] times,
                                     int[] desires) {
            return new State(Track.NEVER, Track.NEVER, Track.NEVER, Track.NEVER, sinceMs, lastScaleMs, consecutive,
                    direction, Stabilizers.Desires.of(times, desires));
        }
    }

    public ThresholdPolicy(String name, PolicyParams params) {
        super(name, "1", params);
    }




    @Override
    public State initialState() {
        return State.INITIAL;
    }

    @Override
    public Evaluation<State> evaluate(State s, Observation o) {
        long now = o.tsMs();
        int current = o.specReplicas();
        double alpha = p.get(Param.ALPHA);
        double beta = p.get(Param.TREND_BETA);
        double ahead = p.get(Param.PREDICT_AHEAD);
        boolean holt = ahead > 0;
        double calm = p.get(Param.NOISY_ALPHA);
        Track users = s.users().update(o.users(), now, alpha, beta, holt, calm);
        Track cpu = s.cpu().update(o.cpuPercent(), now, alpha, beta, holt, calm);
        Track gpu = s.gpu().update(o.gpuPercent(), now, alpha, beta, holt, calm);
        Track latency = s.latency().update(o.p95Ms(), now, alpha, beta, holt, calm);

        double usersTarget = p.get(Param.USERS_TARGET_PER_POD);
        double cpuTarget = p.get(Param.CPU_TARGET);
        double gpuTarget = p.get(Param.GPU_TARGET);
        double latencyTarget = p.get(Param.LATENCY_TARGET_MS);
        double burstFactor = p.get(Param.BURST_FACTOR);
        boolean burst = burstFactor > 0 && (
                known(users.raw()) && users.raw() > burstFactor * usersTarget * Math.max(1, current)
                        || known(cpu.raw()) && cpu.raw() > burstFactor * cpuTarget
                        || known(gpu.raw()) && gpu.raw() > burstFactor * gpuTarget
                        || known(latency.raw()) && latency.raw() > burstFactor * latencyTarget);

        double surgeFactor = p.get(Param.SURGE_FACTOR);
        boolean surge = surgeFactor > 0 && surging(s.users(), users, surgeFactor);
        burst |= surge;
        long staleMs = p.millis(Param.STALE_AFTER);
        double tol = p.get(Param.TOLERANCE);
        double z = p.get(Param.NOISE_HEADROOM);
        // noisy load (few requests per sample): size it from its calm level plus noise headroom,
        // and trust no trend, which on such load is mostly noise
        double gate = p.get(Param.NOISE_GATE);
        boolean byUsers = users.fresh(now, staleMs);
        Track load = byUsers ? users : cpu;
        double onePod = byUsers ? usersTarget : cpuTarget; // below one pod's worth, noise is measured against it
        // noise of a mean over one sample, expressed per second (white noise falls as 1/√seconds)
        double perSecond = Math.sqrt(Math.max(1.0, o.intervalMs() / 1000.0));
        double relativeNoise = load.relativeNoise(onePod) * perSecond;
        boolean noisy = gate > 0 && load.fresh(now, staleMs) && relativeNoise > gate;
        double signalAhead = noisy ? 0 : ahead;
        int dUsers = -1;
        if (byUsers) {
            double v = noisy ? users.calm() + p.get(Param.NOISY_HEADROOM) * users.noiseSd() * perSecond
                    : users.ahead(ahead) + z * users.spread();
            dUsers = Stabilizers.perPod(burstValue(v, users, s.users(), burst, surge), usersTarget);
        }
        // utilisations saturate at 100 %: no noise headroom or surge extrapolation on them
        int dCpu = cpu.fresh(now, staleMs) ? Stabilizers.proportional(current,
                value(cpu, s.cpu(), burst, false, signalAhead, 0), cpuTarget, p.get(Param.CPU_SCALE_DOWN_BELOW), tol)
                : -1;
        int dGpu = gpu.fresh(now, staleMs) ? Stabilizers.proportional(current,
                value(gpu, s.gpu(), burst, false, signalAhead, 0), gpuTarget, p.get(Param.GPU_SCALE_DOWN_BELOW), tol)
                : -1;
        int dLatency = latency.fresh(now, staleMs) ? Stabilizers.proportional(current,
                value(latency, s.latency(), burst, false, signalAhead, 0), latencyTarget,
                p.get(Param.LATENCY_SCALE_DOWN_BELOW_MS), tol) : -1;
        double latencyCap = p.get(Param.LATENCY_RATIO_CAP);
        if (latencyCap > 0 && dLatency > 0) {
            dLatency = Math.min(dLatency, (int) Math.ceil(Math.max(1, current) * latencyCap - 1e-9));
        }
        String note = noisy ? "[noisy load: " + Math.round(100 * relativeNoise) + "% sample noise]" : "";

        Map<String, Signal> signals = new LinkedHashMap<>(8);
        signals.put("users", signal(users, usersTarget, dUsers));
        signals.put("cpu", signal(cpu, cpuTarget, dCpu));
        signals.put("gpu", signal(gpu, gpuTarget, dGpu));
        signals.put("latency", signal(latency, latencyTarget, dLatency));
        Mode mode = burst ? Mode.BURST : Mode.NORMAL;

        int wanted = Math.max(Math.max(dUsers, dCpu), Math.max(dGpu, dLatency));
        int min = p.getInt(Param.MIN_REPLICAS);
        int max = p.getInt(Param.MAX_REPLICAS);
        long sinceMs = s.sinceMs() == State.UNSET ? now : s.sinceMs();
        if (wanted < 0) { // no signal fresh enough: hold, whatever the bounds say
            State next = new State(users, cpu, gpu, latency, sinceMs, s.lastScaleMs(), s.consecutive(), s.direction(),
                    s.window());
            return new Evaluation<>(next, current, current, current, BlockedBy.STALE_METRICS, mode, signals, note);
        }
        int desired = Stabilizers.applyBounds(min, max, wanted);

        long windowMs = p.millis(noisy ? Param.NOISY_STABILIZATION_WINDOW : Param.STABILIZATION_WINDOW);
        long since = now - windowMs;
        int stabilized = desired < current && windowMs > 0
                ? Math.min(current, s.window().max(since, desired))
                : desired;
        if (desired < current && windowMs > 0 && now - sinceMs < windowMs) {
            stabilized = current; // too little history yet to trust a scale-down
        }
        Stabilizers.Desires window = windowMs > 0 ? s.window().add(now, desired, since) : s.window();

        boolean staleSignal = stale(users, now, staleMs) || stale(cpu, now, staleMs) || stale(gpu, now, staleMs)
                || stale(latency, now, staleMs);
        BlockedBy blocked = null;
        int goal = stabilized;
        if (goal < current && staleSignal) {
            goal = current;
            blocked = BlockedBy.STALE_METRICS;
        } else if (stabilized != desired) {
            blocked = BlockedBy.STABILIZATION;
        } else if (desired != wanted && desired == current) {
            blocked = BlockedBy.BOUNDS;
        }

        long lastScale = s.lastScaleMs();
        int consecutive = now - lastScale >= p.millis(Param.CONSECUTIVE_PAUSE) ? 0 : s.consecutive();
        int direction = s.direction();
        int target = current;
        if (goal == current) {
            if (blocked == null) {
                consecutive = 0; // a settled evaluation ends a run of operations
            }
        } else {
            int dir = goal > current ? 1 : -1;
            boolean burstUp = dir > 0 && burst;
            long cooldown = dir > 0 && direction > 0
                    ? Math.min(p.millis(Param.COOLDOWN_PERIOD), p.millis(Param.SCALE_UP_REPEAT_COOLDOWN))
                    : p.millis(Param.COOLDOWN_PERIOD);
            if (!burstUp && now - lastScale < cooldown) {
                blocked = BlockedBy.COOLDOWN;
            } else if (!burstUp && dir == direction && consecutive >= p.getInt(Param.MAX_CONSECUTIVE)) {
                blocked = BlockedBy.CONSECUTIVE_LIMIT;
            } else {
                target = burstUp ? goal : Stabilizers.limitStep(current, goal,
                        Stabilizers.upStep(current, p.getInt(Param.SCALE_UP_STEP), p.get(Param.SCALE_UP_PERCENT)),
                        Stabilizers.downStep(current, p.getInt(Param.SCALE_DOWN_STEP), p.get(Param.SCALE_DOWN_PERCENT)));
                if (target != goal) {
                    blocked = BlockedBy.STEP_LIMIT;
                } else if (stabilized != desired) {
                    blocked = BlockedBy.STABILIZATION;
                } else {
                    blocked = desired != wanted ? BlockedBy.BOUNDS : null;
                }
                consecutive = dir == direction ? consecutive + 1 : 1;
                direction = dir;
                lastScale = now;
            }
        }
        State next = new State(users, cpu, gpu, latency, sinceMs, lastScale, consecutive, direction, window);
        return new Evaluation<>(next, current, desired, target, blocked, mode, signals, note);
    }

    @Override
    public State restore(java.util.List<io.userscale.kafka.contract.Decision> history) {
        if (history.isEmpty()) {
            return State.INITIAL;
        }
        long since = history.get(0).ts().toEpochMilli();
        long lastScale = State.UNSET;
        int consecutive = 0;
        int direction = 0;
        long pause = p.millis(Param.CONSECUTIVE_PAUSE);
        for (var d : history) {
            long t = d.ts().toEpochMilli();
            if (t - lastScale >= pause) {
                consecutive = 0;
            }
            switch (d.action()) {
                case SCALE_UP, SCALE_DOWN -> {
                    int dir = d.action() == io.userscale.kafka.contract.Decision.Action.SCALE_UP ? 1 : -1;
                    consecutive = dir == direction ? consecutive + 1 : 1;
                    direction = dir;
                    lastScale = t;
                }
                case NONE -> {
                    if (d.blockedBy() == null) {
                        consecutive = 0;
                    }
                }
            }
        }
        long last = history.get(history.size() - 1).ts().toEpochMilli();
        long windowMs = p.millis(Param.STABILIZATION_WINDOW);
        var inWindow = history.stream().filter(d -> windowMs > 0 && d.ts().toEpochMilli() > last - windowMs).toList();
        long[] times = new long[inWindow.size()];
        int[] desires = new int[inWindow.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = inWindow.get(i).ts().toEpochMilli();
            desires[i] = inWindow.get(i).replicas().desired();
        }
        return State.restored(since, lastScale, consecutive, direction, times, desires);
    }

    @Override
    public long restoreLookbackMs() {
        return Math.max(Math.max(p.millis(Param.COOLDOWN_PERIOD), p.millis(Param.CONSECUTIVE_PAUSE)),
                p.millis(Param.STABILIZATION_WINDOW)) + 60_000;
    }

    /**
     * The value a signal is judged by: its level looked ahead along the trend, plus {@code z}
     * standard deviations of noise; in a burst the raw value if that is higher.
     */
    private static double value(Track t, Track before, boolean burst, boolean surge, double aheadS, double z) {
        return burstValue(t.ahead(aheadS) + z * t.spread(), t, before, burst, surge);
    }

    private static double burstValue(double v, Track t, Track before, boolean burst, boolean surge) {
        if (!burst || !known(t.raw())) {
            return v;
        }
        double raw = t.raw();
        if (surge && before.seen() && known(before.level()) && raw > before.level()) {
            raw += raw - before.level(); // the interval saw, on average, half of a step
        }
        return Math.max(raw, v);
    }

    /** Whether a signal's newest raw value jumped to {@code factor} times its level before. */
    private static boolean surging(Track before, Track after, double factor) {
        return before.seen() && known(before.level()) && before.level() > 0 && known(after.raw())
                && after.raw() >= factor * before.level();
    }

    private static boolean stale(Track t, long now, long staleMs) {
        return t.seen() && !t.fresh(now, staleMs);
    }

    private static Signal signal(Track t, double target, int desired) {
        return new Signal(known(t.raw()) ? t.raw() : null, known(t.level()) ? t.level() : null, target,
                desired >= 0 ? desired : null);
    }
}
