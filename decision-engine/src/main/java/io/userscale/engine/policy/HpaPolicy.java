package io.userscale.engine.policy;

import static io.userscale.engine.signal.Observation.known;

import io.userscale.engine.signal.Observation;
import io.userscale.kafka.contract.Decision.BlockedBy;
import io.userscale.kafka.contract.Decision.Mode;
import io.userscale.kafka.contract.Decision.Signal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kubernetes HorizontalPodAutoscaler (autoscaling/v2) reproduced for replay and simulation,
 * following the rules collected in BASELINES.md §1 from {@code replica_calculator.go} and
 * {@code horizontal.go}:
 *
 * <ul>
 *   <li>a sync every 15 s, on the controller's own clock (at the first observation at or after
 *       each tick); CPU seen as the mean over the observations since the previous sync
 *       (metrics-server's window), as integer utilisation;</li>
 *   <li>metrics as old as metrics-server serves them ({@code METRICS_AGE}, BASELINES.md §1.7): at a
 *       sync, CPU and users per pod are their means over the 15 s window that ended that many
 *       seconds before (users served through the same pipeline, as the simulator's snapshots give
 *       both), while pod counts are those of the sync (the API server's). Where the snapshots
 *       themselves are that old (the simulator reads the model's pods so), it is 0 and the
 *       snapshot's own metrics are used;</li>
 *   <li>two metrics: CPU {@code Utilization} at {@code CPU_TARGET}, and users as a Pods metric
 *       with {@code AverageValue} {@code USERS_TARGET_PER_POD};</li>
 *   <li>per metric {@code ceil(ratio × readyPods)} outside the 0.1 tolerance, with missing pods
 *       filled in at the target (CPU: at max(100 %, target)) on scale-down and at 0 on scale-up,
 *       unready pods at 0 on scale-up, and no direction flip;</li>
 *   <li>the max over metrics; an invalid metric blocks scale-down but not scale-up;</li>
 *   <li>the default {@code behavior}: scale-down stabilisation 300 s (max of recommendations),
 *       scale-up no stabilisation; rate limits up {@code max(+4 pods, +100 %)} per 15 s, down
 *       {@code -100 %} per 15 s, over the scale events of the period.</li>
 * </ul>
 */
public final class HpaPolicy extends NamedPolicy<HpaPolicy.State> {

    public static final long SYNC_MS = 15_000;
    public static final double TOLERANCE = 0.1;

    /** A rate-limit policy of {@code behavior}: {@code Pods} or {@code Percent} per period. */
    public record RatePolicy(boolean percent, int value, long periodMs) {
        public static RatePolicy pods(int value, long periodSeconds) {
            return new RatePolicy(false, value, periodSeconds * 1000);
        }

        public static RatePolicy percent(int value, long periodSeconds) {
            return new RatePolicy(true, value, periodSeconds * 1000);
        }
    }

    /** How several rate policies combine: the largest change ({@code Max}), the smallest, or none. */
    public enum Select { MAX, MIN, DISABLED }

    /** One direction of {@code behavior}. */
    public record Rules(long stabilizationMs, Select select, java.util.List<RatePolicy> policies) {
    }

    /**
     * {@code spec.behavior}.
     *
     * @param up   scale-up rules
     * @param down scale-down rules
     */
    public record Behavior(Rules up, Rules down) {
        /** The API defaults: up no stabilisation, max(4 pods, 100 %) per 15 s; down 300 s, 100 % per 15 s. */
        public static final Behavior DEFAULT = new Behavior(
                new Rules(0, Select.MAX, java.util.List.of(RatePolicy.pods(4, 15), RatePolicy.percent(100, 15))),
                new Rules(300_000, Select.MAX, java.util.List.of(RatePolicy.percent(100, 15))));

        long historyMs() {
            long m = Math.max(up.stabilizationMs(), down.stabilizationMs());
            for (RatePolicy r : up.policies()) {
                m = Math.max(m, r.periodMs());
            }
            for (RatePolicy r : down.policies()) {
                m = Math.max(m, r.periodMs());
            }
            return m;
        }
    }

    /**
     * @param lastSyncMs  last sync, {@link Long#MIN_VALUE} before the first
     * @param cpuSum      CPU values since the last sync (metrics-server's window)
     * @param cpuCount    how many
     * @param recTimes    times of recorded recommendations (for stabilisation)
     * @param recValues   the recommendations
     * @param eventTimes  times of scale events (for rate limits)
     * @param eventDeltas replica changes of those events
     * @param seen        recent metrics, for a {@code METRICS_AGE} above 0
     */
    public record State(long lastSyncMs, double cpuSum, int cpuCount, long[] recTimes, int[] recValues,
                        long[] eventTimes, int[] eventDeltas, Seen seen) {
    }

    /**
     * The metrics of recent observations, oldest first: what a sync reads when its metrics are
     * {@code METRICS_AGE} old.
     *
     * @param times        observation times
     * @param cpu          CPU utilisation, NaN when unknown
     * @param usersPerPod  users per ready pod, NaN when unknown
     */
    public record Seen(long[] times, double[] cpu, double[] usersPerPod) {
        static final Seen NONE = new Seen(new long[0], new double[0], new double[0]);

        /** With one more observation, forgetting those before {@code since}. */
        Seen add(long t, double c, double u, long since) {
            int from = 0;
            while (from < times.length && times[from] < since) {
                from++;
            }
            int n = times.length - from;
            long[] t2 = Arrays.copyOfRange(times, from, times.length + 1);
            double[] c2 = Arrays.copyOfRange(cpu, from, cpu.length + 1);
            double[] u2 = Arrays.copyOfRange(usersPerPod, from, usersPerPod.length + 1);
            t2[n] = t;
            c2[n] = c;
            u2[n] = u;
            return new Seen(t2, c2, u2);
        }

        /** The mean CPU over {@code (from, to]}, NaN when none was known. */
        double cpuMean(long from, long to) {
            return mean(cpu, from, to);
        }

        /** The mean users per pod over {@code (from, to]}, NaN when none was known. */
        double usersMean(long from, long to) {
            return mean(usersPerPod, from, to);
        }

        private double mean(double[] values, long from, long to) {
            double sum = 0;
            int count = 0;
            for (int i = 0; i < times.length; i++) {
                if (times[i] > from && times[i] <= to && known(values[i])) {
                    sum += values[i];
                    count++;
                }
            }
            return count > 0 ? sum / count : Double.NaN;
        }
    }

    private final Behavior behavior;

    public HpaPolicy(PolicyParams params) {
        this(params, Behavior.DEFAULT);
    }

    public HpaPolicy(PolicyParams params, Behavior behavior) {
        this("hpa", params, behavior);
    }

    /** The HPA under a name of its own, as {@code hpa@30} is the HPA at a CPU target of 30 %. */
    public HpaPolicy(String name, PolicyParams params, Behavior behavior) {
        super(name, "autoscaling/v2" + (behavior.equals(Behavior.DEFAULT) ? ""
                : "-behavior-" + Integer.toHexString(behavior.hashCode())), params);
        this.behavior = behavior;
    }




    @Override
    public State initialState() {
        return new State(Long.MIN_VALUE, 0, 0, new long[0], new int[0], new long[0], new int[0], Seen.NONE);
    }

    @Override
    public Evaluation<State> evaluate(State s, Observation o) {
        long now = o.tsMs();
        int cur = o.specReplicas();
        double cpuSum = s.cpuSum() + (known(o.cpuPercent()) ? o.cpuPercent() : 0);
        int cpuCount = s.cpuCount() + (known(o.cpuPercent()) ? 1 : 0);
        long ageMs = p.millis(Param.METRICS_AGE);
        double usersNow = known(o.users()) && o.readyPods() > 0 ? o.users() / o.readyPods() : Double.NaN;
        Seen seen = ageMs <= 0 ? Seen.NONE : s.seen().add(now, known(o.cpuPercent()) ? o.cpuPercent() : Double.NaN,
                usersNow, now - ageMs - SYNC_MS);
        Map<String, Signal> signals = new LinkedHashMap<>(4);
        if (s.lastSyncMs() != Long.MIN_VALUE && now - s.lastSyncMs() < SYNC_MS) {
            signals.put("users", new Signal(known(o.users()) ? o.users() : null, null, target(Param.USERS_TARGET_PER_POD), null));
            signals.put("cpu", new Signal(known(o.cpuPercent()) ? o.cpuPercent() : null, null, target(Param.CPU_TARGET), null));
            State next = new State(s.lastSyncMs(), cpuSum, cpuCount, s.recTimes(), s.recValues(), s.eventTimes(),
                    s.eventDeltas(), seen);
            return new Evaluation<>(next, cur, cur, cur, null, Mode.NORMAL, signals,
                    "(next HPA sync in " + (SYNC_MS - (now - s.lastSyncMs()) + 999) / 1000 + " s)");
        }
        int min = p.getInt(Param.MIN_REPLICAS);
        int max = p.getInt(Param.MAX_REPLICAS);
        // what metrics-server serves now: the window that ended METRICS_AGE ago (or the snapshot's own)
        double cpuWindow = ageMs <= 0 ? (cpuCount > 0 ? cpuSum / cpuCount : Double.NaN)
                : seen.cpuMean(now - ageMs - SYNC_MS, now - ageMs);
        double usersPerPod = ageMs <= 0 ? usersNow : seen.usersMean(now - ageMs - SYNC_MS, now - ageMs);

        int desired;
        BlockedBy blocked = null;
        int cpuProposal = -1;
        int usersProposal = -1;
        if (cur == 0) {
            desired = 0; // scaling disabled at zero replicas
        } else if (cur > max) {
            desired = max;
        } else if (cur < min) {
            desired = min;
        } else {
            int invalid = 0;
            int readyWithCpu = o.readyPods() - o.cpuMissing();
            if (known(cpuWindow) && readyWithCpu > 0) {
                double util = Math.floor(cpuWindow); // integer utilisation, as metrics/utilization.go
                double target = p.get(Param.CPU_TARGET);
                cpuProposal = replicas(util / target, readyWithCpu, o.unreadyPods(), o.cpuMissing(), cur,
                        Math.max(100, target) / target);
            } else {
                invalid++;
            }
            if (known(usersPerPod) && o.readyPods() > 0) {
                usersProposal = replicas(usersPerPod / p.get(Param.USERS_TARGET_PER_POD), o.readyPods(), 0,
                        o.unreadyPods(), cur, 1.0);
            } else {
                invalid++;
            }
            int best = Math.max(cpuProposal, usersProposal);
            if (invalid == 2 || (invalid > 0 && best < cur)) {
                desired = cur;
                blocked = BlockedBy.STALE_METRICS;
            } else {
                desired = best;
            }
        }
        signals.put("users", new Signal(known(o.users()) ? o.users() : null, null, target(Param.USERS_TARGET_PER_POD),
                usersProposal >= 0 ? usersProposal : null));
        signals.put("cpu", new Signal(known(cpuWindow) ? cpuWindow : null, null, target(Param.CPU_TARGET),
                cpuProposal >= 0 ? cpuProposal : null));

        Normalized n = normalize(s, now, cur, desired, min, max);
        if (blocked == null && n.blocked() != null) {
            blocked = n.blocked();
        }
        State next = new State(syncTick(s.lastSyncMs(), now), 0, 0, n.recTimes(), n.recValues(), n.eventTimes(),
                n.eventDeltas(), seen);
        return new Evaluation<>(next, cur, Stabilizers.applyBounds(min, max, desired), n.replicas(), blocked,
                Mode.NORMAL, signals, "");
    }

    /**
     * The tick of the controller's 15 s clock a sync at {@code nowMs} answers: the controller wakes
     * every sync period whatever the metrics, so where snapshots come at other intervals (every 2 s,
     * say) the syncs keep to the ticks (the first snapshot at or after each) rather than drift by
     * the remainder (a sync 16 s after the last, and the next 16 s after that).
     */
    static long syncTick(long lastTickMs, long nowMs) {
        if (lastTickMs == Long.MIN_VALUE) {
            return nowMs;
        }
        return lastTickMs + (nowMs - lastTickMs) / SYNC_MS * SYNC_MS;
    }

    private record Normalized(int replicas, BlockedBy blocked, long[] recTimes, int[] recValues, long[] eventTimes,
                              int[] eventDeltas) {
    }

    @Override
    public State restore(java.util.List<io.userscale.kafka.contract.Decision> history) {
        if (history.isEmpty()) {
            return initialState();
        }
        long last = history.get(history.size() - 1).ts().toEpochMilli();
        long keep = behavior.historyMs();
        var recent = history.stream().filter(d -> d.ts().toEpochMilli() > last - keep).toList();
        long[] recTimes = new long[recent.size()];
        int[] recValues = new int[recent.size()];
        java.util.List<long[]> events = new java.util.ArrayList<>();
        for (int i = 0; i < recent.size(); i++) {
            var d = recent.get(i);
            recTimes[i] = d.ts().toEpochMilli();
            recValues[i] = d.replicas().desired();
            if (d.replicas().finalCount() != d.replicas().current()) {
                events.add(new long[] {recTimes[i], d.replicas().finalCount() - d.replicas().current()});
            }
        }
        long[] eventTimes = events.stream().mapToLong(e -> e[0]).toArray();
        int[] eventDeltas = events.stream().mapToInt(e -> (int) e[1]).toArray();
        return new State(last, 0, 0, recTimes, recValues, eventTimes, eventDeltas, Seen.NONE);
    }

    @Override
    public long restoreLookbackMs() {
        return behavior.historyMs() + SYNC_MS;
    }

    /** {@code normalizeDesiredReplicasWithBehaviors}: stabilisation, then rate limits, then bounds. */
    private Normalized normalize(State s, long now, int cur, int desired, int min, int max) {
        long[] recTimes = s.recTimes();
        int[] recValues = s.recValues();
        int upRec = desired;
        int downRec = desired;
        for (int i = 0; i < recTimes.length; i++) {
            if (recTimes[i] > now - behavior.up().stabilizationMs()) {
                upRec = Math.min(upRec, recValues[i]);
            }
            if (recTimes[i] > now - behavior.down().stabilizationMs()) {
                downRec = Math.max(downRec, recValues[i]);
            }
        }
        int stab = cur;
        if (stab < upRec) {
            stab = upRec;
        }
        if (stab > downRec) {
            stab = downRec;
        }
        BlockedBy blocked = stab != Math.max(min, Math.min(max, desired)) && desired != cur
                ? BlockedBy.STABILIZATION : null;
        long history = behavior.historyMs();
        int keep = 0;
        while (keep < recTimes.length && recTimes[keep] <= now - history) {
            keep++;
        }
        recTimes = append(Arrays.copyOfRange(recTimes, keep, recTimes.length), now);
        recValues = append(Arrays.copyOfRange(recValues, keep, recValues.length), desired);

        long[] eventTimes = s.eventTimes();
        int[] eventDeltas = s.eventDeltas();
        int result = stab;
        if (stab > cur) {
            int limit = rateLimit(behavior.up(), eventTimes, eventDeltas, now, cur, true);
            limit = Math.max(limit, cur);
            result = Math.min(stab, Math.min(max, limit));
            if (result < Math.min(stab, max)) {
                blocked = BlockedBy.STEP_LIMIT;
            }
        } else if (stab < cur) {
            int limit = rateLimit(behavior.down(), eventTimes, eventDeltas, now, cur, false);
            limit = Math.min(limit, cur);
            result = Math.max(stab, Math.max(min, limit));
            if (result > Math.max(stab, min)) {
                blocked = BlockedBy.STEP_LIMIT;
            }
        }
        int keepEvents = 0;
        while (keepEvents < eventTimes.length && eventTimes[keepEvents] <= now - history) {
            keepEvents++;
        }
        eventTimes = Arrays.copyOfRange(eventTimes, keepEvents, eventTimes.length);
        eventDeltas = Arrays.copyOfRange(eventDeltas, keepEvents, eventDeltas.length);
        if (result != cur) {
            eventTimes = append(eventTimes, now);
            eventDeltas = append(eventDeltas, result - cur);
        }
        return new Normalized(result, blocked, recTimes, recValues, eventTimes, eventDeltas);
    }

    /** The replica limit one direction's rate policies allow now. */
    static int rateLimit(Rules rules, long[] eventTimes, int[] eventDeltas, long now, int cur, boolean up) {
        if (rules.select() == Select.DISABLED || rules.policies().isEmpty()) {
            return cur;
        }
        Integer limit = null;
        for (RatePolicy r : rules.policies()) {
            int added = 0;
            int removed = 0;
            for (int i = 0; i < eventTimes.length; i++) {
                if (eventTimes[i] > now - r.periodMs()) {
                    if (eventDeltas[i] > 0) {
                        added += eventDeltas[i];
                    } else {
                        removed -= eventDeltas[i];
                    }
                }
            }
            int start = cur - added + removed;
            int proposal = up
                    ? (r.percent() ? (int) Math.ceil(start * (1 + r.value() / 100.0) - 1e-9) : start + r.value())
                    : (r.percent() ? (int) (start * (1 - r.value() / 100.0) + 1e-9) : start - r.value());
            boolean largestChange = rules.select() == Select.MAX;
            if (limit == null) {
                limit = proposal;
            } else if (up == largestChange) {
                limit = Math.max(limit, proposal);
            } else {
                limit = Math.min(limit, proposal);
            }
        }
        return limit;
    }

    /**
     * The replica calculator for one Resource or Pods metric (BASELINES.md §1.3).
     *
     * @param ratio    usage ratio over the pods with metrics
     * @param ready    pods with metrics
     * @param unready  unready pods (count as 0 on scale-up)
     * @param missing  pods without metrics
     * @param current  current replicas
     * @param fillDown ratio a missing pod counts as on scale-down
     */
    static int replicas(double ratio, int ready, int unready, int missing, int current, double fillDown) {
        boolean scaleUpWithUnready = unready > 0 && ratio > 1;
        if (!scaleUpWithUnready && missing == 0) {
            return within(ratio) ? current : (int) Math.ceil(ratio * ready - 1e-9);
        }
        double sum = ratio * ready;
        int count = ready;
        if (missing > 0) {
            if (ratio < 1) {
                sum += fillDown * missing;
                count += missing;
            } else if (ratio > 1) {
                count += missing;
            }
        }
        if (scaleUpWithUnready) {
            count += unready;
        }
        double r2 = sum / count;
        if (within(r2) || (ratio < 1 && r2 > 1) || (ratio > 1 && r2 < 1)) {
            return current;
        }
        int n = (int) Math.ceil(r2 * count - 1e-9);
        if ((r2 < 1 && n > current) || (r2 > 1 && n < current)) {
            return current;
        }
        return n;
    }

    static boolean within(double ratio) {
        return ratio >= 1 - TOLERANCE && ratio <= 1 + TOLERANCE;
    }

    private double target(Param param) {
        return p.get(param);
    }

    private static long[] append(long[] a, long v) {
        long[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    private static int[] append(int[] a, int v) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }
}
