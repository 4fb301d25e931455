package io.userscale.engine.policy;

import static io.userscale.engine.signal.Observation.known;

import io.userscale.engine.signal.Aggregator;
import io.userscale.engine.signal.Observation;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.Decision.BlockedBy;
import io.userscale.kafka.contract.Decision.Mode;
import io.userscale.kafka.contract.Decision.Signal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code userscale} policy: replicas sized from a model of the target, every number of which
 * is measured from the target itself rather than chosen for some traffic.
 *
 * <ul>
 *   <li><b>Demand</b> is active users (or, where pods report none, busy pods: utilisation × ready
 *       pods).</li>
 *   <li><b>Capacity</b> per pod is learned ({@link Capacity}): the load a pod carries at full
 *       utilisation times the utilisation at which p95 latency reaches the SLO
 *       ({@code LATENCY_TARGET_MS}); before there is evidence, {@code CPU_TARGET} and
 *       {@code USERS_TARGET_PER_POD} stand in. Breaks in the first horizon it watches are not
 *       evidence: its pods may still drain a backlog from before it watched. A break whose requests
 *       waited longer than the interval's mean utilisation allows is read at the utilisation their
 *       waiting shows ({@link #metByRequests}).</li>
 *   <li><b>Horizon</b>: the pods' measured start-up ({@link Startup}, 90th percentile of created →
 *       ready; {@code STARTUP_SECONDS} until a pod has been seen starting) plus one scrape
 *       interval: what is asked for now serves no sooner.</li>
 *   <li><b>Forecast</b> ({@link Forecast}): the highest demand over the horizon as an upper
 *       quantile, adapted online so that demand outruns it in {@code FORECAST_MISS} of
 *       horizons.</li>
 *   <li><b>Replicas</b>: {@code ceil(bound ÷ capacity)}. Pods asked for but still starting count,
 *       so scale-ups never stack. A queue left by too few pods takes pods more to clear it: what
 *       would still be queued when new pods could serve (the ready pods, and the pods still
 *       starting once ready, clear what they serve beyond the arrivals, and what they lack adds to
 *       it), cleared within half a horizon of their being ready. Down only when the bound, with a
 *       share of it to spare, fits on fewer pods throughout one horizon (what is removed takes a
 *       horizon to come back), and never while the last interval broke the SLO or left a backlog.
 *       The share is learned from the scale-downs ({@link Release}): {@code TOLERANCE} at most, less
 *       where they hold, so that one in ten is undone within a horizon.
 *       Where demand came back after lulls longer than the horizon to pods let go, and the SLO
 *       broke, the pods demand needed are kept through lulls that long ({@link Recurrence}, up to
 *       {@code HOLD_MAX}); those asked for to drain a queue are not.</li>
 *   <li><b>SLO guard</b>: when the interval broke the SLO and no pod is starting, one pod more,
 *       whatever the model says.</li>
 * </ul>
 * Each decision's summary names what drove it (forecast, burst, SLO guard) and the model's numbers.
 */
public final class ModelPolicy extends NamedPolicy<ModelPolicy.State> {

    /** Signals that carry the model's numbers in a decision (and restore it after a restart). */
    static final Set<String> MODEL_SIGNALS = Set.of("forecast", "capacity", "horizon", "headroom", "spare");

    /**
     * @param forecast      the demand forecast
     * @param capacity      what a pod can take
     * @param startup       pods' start-up
     * @param usersDemand   whether demand is users (else busy pods); fixed by the first known signal
     * @param demandSeen    whether any demand was ever known
     * @param sinceMs       first observation (or restart)
     * @param lastScaleMs   last replica change
     * @param window        recent scale-down desires
     * @param serviceMs     the lowest mean latency seen (drifting up slowly): the service time without queueing
     * @param lastSeenMs    when users, CPU, GPU and latency were last known ({@link #UNSET}: never)
     * @param disturbed     whether the last interval was a burst or backlogged (its queue spills into the next)
     * @param recurrence    the lulls after which demand came back and found too few pods
     * @param needs         recent demand's pods (the forecast's, without a queue's or the SLO guard's),
     *                      over the longest lull that {@code recurrence} keeps pods through
     * @param release       the share of demand kept to spare before pods are let go, and the last
     *                      scale-down while it is on trial
     */
    public record State(Forecast forecast, Capacity capacity, Startup startup, boolean usersDemand,
                        boolean demandSeen, long sinceMs, long lastScaleMs, Stabilizers.Desires window,
                        double serviceMs, long[] lastSeenMs, boolean disturbed,
                        Recurrence recurrence, Stabilizers.Desires needs, Release release) {
    }

    static final long UNSET = Long.MIN_VALUE / 4;
    /** How fast the service-time floor forgets a low reading, per observation (it rises 0.05 %). */
    static final double SERVICE_DRIFT = 1.0005;

    public ModelPolicy(String name, PolicyParams params) {
        super(name, "model-16", params);
    }

    @Override
    public State initialState() {
        return new State(Forecast.initial(p.get(Param.FORECAST_MISS)), Capacity.initial(p.get(Param.CPU_TARGET) / 100),
                Startup.NONE, true, false, UNSET, UNSET, Stabilizers.Desires.empty(), Double.NaN,
                new long[] {UNSET, UNSET, UNSET, UNSET}, false, Recurrence.NONE, Stabilizers.Desires.empty(),
                Release.initial(p.get(Param.TOLERANCE)));
    }

    @Override
    public Evaluation<State> evaluate(State s, Observation o) {
        long now = o.tsMs();
        int current = o.specReplicas();
        int ready = o.readyPods();
        int min = p.getInt(Param.MIN_REPLICAS);
        int max = p.getInt(Param.MAX_REPLICAS);
        double slo = p.get(Param.LATENCY_TARGET_MS);
        long sinceMs = s.sinceMs() == UNSET ? now : s.sinceMs();

        Startup startup = s.startup().observe(o.pods(), now, o.intervalMs());
        double intervalS = Math.max(1, o.intervalMs()) / 1000.0;
        double startupS = startup.p90(p.get(Param.STARTUP_SECONDS));
        double horizonS = startupS + intervalS;

        // what has gone missing: a signal seen before and not for STALE_AFTER forbids a scale-down
        long staleMs = p.millis(Param.STALE_AFTER);
        double[] values = {o.users(), o.cpuPercent(), o.gpuPercent(), o.p95Ms()};
        long[] seen = s.lastSeenMs().clone();
        boolean stale = false;
        for (int i = 0; i < values.length; i++) {
            if (known(values[i])) {
                seen[i] = now;
            } else if (seen[i] != UNSET && now - seen[i] > staleMs) {
                stale = true;
            }
        }

        double utilisation = utilisation(o);
        double p95 = o.latency() != null ? o.latency().quantile(0.95) : o.p95Ms();
        boolean broken = known(p95) && p95 > slo;
        boolean usersDemand = s.demandSeen() ? s.usersDemand() : known(o.users()) || !known(utilisation);
        double demand = usersDemand ? o.users() : known(utilisation) && ready > 0 ? utilisation * ready : Double.NaN;
        if (demand < 0 || Double.isInfinite(demand)) {
            demand = Double.NaN;
        }
        double perPodLoad = ready > 0 && known(demand) ? demand / ready : Double.NaN;

        // capacity: the utilisation aimed at is where broken intervals stay within the budget (and
        // never above where the median p95 reaches the SLO); the load a pod carries at full
        // utilisation makes it a load per pod
        double budget = p.get(Param.SLO_BUDGET);
        // the queue: what is in flight beyond what is being served (the service time is the lowest
        // mean latency seen); by Little's law it alone makes requests wait queued ÷ rps
        double mean = o.latency() != null ? o.latency().mean() : Double.NaN;
        double serviceMs = !known(s.serviceMs()) ? mean
                : known(mean) && mean < s.serviceMs() ? mean : s.serviceMs() * SERVICE_DRIFT;
        double queued = known(o.concurrency()) && known(o.rps()) && known(serviceMs) && ready > 0 && o.rps() > 0
                ? o.concurrency() - o.rps() * serviceMs / 1000 : 0;
        // an interval whose latency a backlog made (its queue alone takes longer than the SLO to
        // clear, as after a burst), one a burst of at least a pod's load hit in its course (its mean
        // utilisation is not what its slowest requests met), and the one after either (it serves
        // what they queued) say nothing of what the pods can take: left out of capacity
        boolean backlogged = queued > o.rps() * slo / 1000;
        boolean disturbed = backlogged || known(demand) && s.forecast().surprisedBy(demand)
                && demand - s.forecast().pointPeak() >= perPodLoad; // a burst of at least one pod's load
        // in the first horizon it watches, the engine sees pods in a state that formed before it
        // watched: a backlog queued while they were too few, at one pod or all, drains into intervals
        // it never saw fill it. A break then says nothing of what the pods can take; an interval that
        // held despite it says so all the more, and counts.
        long windowMs = Math.round(horizonS * 1000);
        boolean settling = now - sinceMs < windowMs;
        // how much of the interval broke: all of it where its p95 did, else the requests that met a
        // pod breaking the SLO (under routed load, seconds break while the interval's p95 holds).
        // Read only where it counts: for the capacity, or for a scale-down on trial
        boolean readsBreaks = !disturbed && !s.disturbed() || s.release().onTrial();
        double brokenShare = broken ? 1 : readsBreaks ? Aggregator.shareAtBrokenPods(o.pods(), slo) : 0;
        boolean breaks = broken || brokenShare > 0;
        Capacity capacity = s.capacity();
        if (!disturbed && !s.disturbed()) {
            if (!(settling && breaks)) {
                // a break is read where its requests were. Where they waited longer than even a single
                // server as busy as the interval's mean would have made them wait, load came and went
                // within it, and they met pods busier than its mean shows (metByRequests): read at its
                // mean, one break made by a burst's queue draining as the load fell away, at 10 % busy,
                // held the aim near idle for hours. A hold stays at the mean: read lower than what its
                // requests met, it claims less than they showed.
                double uMet = breaks ? metByRequests(utilisation, mean, serviceMs) : utilisation;
                capacity = capacity.observeAt(utilisation, uMet, usersDemand ? perPodLoad : utilisation, p95,
                        known(brokenShare) ? brokenShare : 0, slo);
            }
        }
        Capacity.Curve curve = capacity.curve(slo);
        double uAim = Math.min(curve.uSlo(), Math.max(Capacity.MIN_UTILISATION, curve.highestWithin(budget)));
        double perPodFull = usersDemand ? capacity.perPod() : 1;
        if (!(perPodFull > 0)) { // utilisation never seen: the configured users per pod, at the prior
            perPodFull = p.get(Param.USERS_TARGET_PER_POD) / capacity.prior();
        }
        double podCapacity = uAim * perPodFull;

        Map<String, Signal> signals = new LinkedHashMap<>(12);
        if (!known(demand)) {
            // nothing to size on: hold, whatever else is known
            State next = new State(s.forecast(), capacity, startup, usersDemand, s.demandSeen(),
                    sinceMs, s.lastScaleMs(), s.window(), s.serviceMs(), seen, disturbed,
                    s.recurrence(), s.needs(), s.release());
            putSignals(signals, o, p95, slo, uAim, podCapacity, perPodFull, usersDemand, Double.NaN, Double.NaN, -1,
                    -1, horizonS, startupS, s.forecast());
            signals.put("spare", new Signal(s.release().tolerance(), null, p.get(Param.TOLERANCE), null));
            return new Evaluation<>(next, current, current, current, BlockedBy.STALE_METRICS, Mode.NORMAL, signals,
                    "[no demand signal: holding]");
        }

        Forecast forecast = s.forecast().observe(now, demand, horizonS, o.intervalMs(), podCapacity,
                p.get(Param.FORECAST_MISS), p.get(Param.ACI_STEP));
        double bound = forecast.arrival();
        int byForecast = Math.max(min, Stabilizers.perPod(bound, podCapacity));

        // a queue built while too few pods served must drain too. Pods asked for now serve only after
        // the horizon; until then the ready pods, and each pod still starting once it is ready, serve
        // the arrivals: what they have beyond them clears the queue, what they lack adds to it (left
        // out, the pods asked for a surge at 120 s start-ups found more queued than they were sized
        // for, and the SLO broke for another minute after they came). The pods asked for it an interval
        // before count: left out, each interval asked again for the whole queue as it grew while they
        // started (on a step at 120 s start-ups, 4 pods more to drain it, then 10, 14 … 63, and the 60
        // pods' maximum held for minutes once the first of them had cleared it). What is still queued
        // then takes enough pods more to clear it within half a horizon of their being ready: twice
        // as fast as it built up while they started, without asking for a start-up's worth of pods to
        // clear it in one interval.
        int drain = 0;
        if (broken && queued > 0) {
            double perPodRate = o.rps() / ready / Math.max(known(utilisation) ? utilisation : 1,
                    Capacity.MIN_UTILISATION);
            double arrivingPods = usersDemand && perPodFull > 0 ? demand / perPodFull : ready;
            double spare = startup.spareWithin(now, startupS, horizonS, ready, arrivingPods);
            double left = queued - spare * perPodRate;
            drain = left > 0 ? (int) Math.ceil(left / (perPodRate * horizonS / 2)) : 0;
        }
        int guard = -1;
        if (broken && startup.pending() == 0 && ready >= current && byForecast + drain <= current) {
            guard = current + 1;
        }
        int wanted = Math.max(byForecast + drain, guard);
        int desired = Stabilizers.applyBounds(min, max, wanted);

        // what must stay: the highest demand of the horizon, with the tolerance to spare, for a whole
        // horizon (a pod removed now takes a horizon to come back, and demand that dipped may return);
        // what demand alone needs leaves out the pods asked for to drain a queue or by the SLO guard.
        // The tolerance is learned from the scale-downs (Release): the last one, on trial for a
        // horizon, missed if pods were asked back or the SLO broke in it; never more than TOLERANCE
        double step = p.get(Param.TOLERANCE);
        Release release = s.release().observe(now, desired, breaks, windowMs, step);
        double tol = release.tolerance();
        int need = Stabilizers.applyBounds(min, max,
                Math.max(byForecast, Stabilizers.perPod(forecast.horizon() * (1 + tol), podCapacity)));
        int keep = Math.max(desired, need);
        Recurrence recurrence = s.recurrence().observe(now, Stabilizers.perPod(demand, podCapacity), ready, broken,
                windowMs, p.millis(Param.HOLD_MAX));
        long holdMs = recurrence.holdMs() > 0 ? recurrence.holdMs() + o.intervalMs() : 0;
        // what stays is the horizon's highest keep and, through lulls that cost the SLO before, the most
        // pods demand needed since the longest of them: not those asked for to drain a queue or by the
        // SLO guard, which were asked for because too few pods served when demand came back; with the
        // pods demand needs kept, no queue builds. Kept too, the pods a clustered burst's queue asked for
        // at 120 s start-ups (57, where demand then needed 34–40) stayed from 7 to 27 minutes in, at
        // 2.46× the oracle's cost
        long since = now - windowMs;
        Stabilizers.Desires window = s.window().add(now, keep, since);
        int kept = window.max(since, keep);
        long holdSince = now - Math.max(windowMs, holdMs);
        Stabilizers.Desires needs = s.needs().add(now, need, holdSince);
        int held = needs.max(holdSince, need);
        long heldS = held > kept ? Math.round(holdMs / 1000.0) : 0; // kept through a lull, beyond the horizon's keep
        keep = Math.max(kept, held);

        int target = current;
        BlockedBy blocked = null;
        if (desired > current) {
            target = desired;
            blocked = wanted > max ? BlockedBy.BOUNDS : null;
        } else if (desired < current) {
            if (stale) {
                blocked = BlockedBy.STALE_METRICS;
            } else if (broken || backlogged) {
                // the pods in service are not keeping up now, whatever the demand signal says
                blocked = BlockedBy.STABILIZATION;
            } else if (settling || !forecast.calibrated()) {
                // less than a horizon seen, or too few forecasts come due to know the headroom: too
                // little to trust a scale-down
                blocked = BlockedBy.STABILIZATION;
            } else if (keep < current) {
                target = keep;
                blocked = keep > desired ? BlockedBy.STABILIZATION : null;
            } else {
                blocked = BlockedBy.STABILIZATION;
            }
        } else if (wanted != desired) {
            blocked = BlockedBy.BOUNDS;
        }
        long lastScale = target != current ? now : s.lastScaleMs();
        if (target < current) {
            release = release.released(now, target, step);
        }

        putSignals(signals, o, p95, slo, uAim, podCapacity, perPodFull, usersDemand, demand, bound, byForecast, guard,
                horizonS, startupS, forecast);
        signals.put("spare", new Signal(tol, null, step, null));
        String note = note(forecast, usersDemand, demand, bound, podCapacity, uAim, horizonS, guard, drain, p95, slo,
                heldS, target < current ? tol : Double.NaN, step);
        State next = new State(forecast, capacity, startup, usersDemand, true, sinceMs, lastScale, window,
                serviceMs, seen, disturbed, recurrence, needs, release);
        return new Evaluation<>(next, current, desired, target, blocked, forecast.burst() ? Mode.BURST : Mode.NORMAL,
                signals, note);
    }

    /**
     * The least utilisation the interval's requests met, 0–1: its mean {@code u} where their waiting
     * fits it; where it does not, how busy a single server with exponential service times would
     * have to be for its mean latency to be {@code meanMs}: {@code 1 − service ÷ mean}, by the M/M/1
     * queue's {@code latency = service ÷ (1 − u)}. A pod with more slots, or steadier service, waits
     * less at the same utilisation, so its requests met at least that. (Service times far more
     * spread than exponential wait longer, and this reads them busier than they were.)
     */
    static double metByRequests(double u, double meanMs, double serviceMs) {
        if (!known(u) || !(meanMs > serviceMs) || !(serviceMs > 0)) {
            return u;
        }
        return Math.max(u, 1 - serviceMs / meanMs);
    }

    /** Utilisation of the ready pods, 0–1: the busier of CPU and GPU, NaN when neither is known. */
    private static double utilisation(Observation o) {
        double u = Double.NaN;
        if (known(o.cpuPercent())) {
            u = o.cpuPercent() / 100;
        }
        if (known(o.gpuPercent()) && !(u >= o.gpuPercent() / 100)) {
            u = o.gpuPercent() / 100;
        }
        return u;
    }

    private static void putSignals(Map<String, Signal> signals, Observation o, double p95, double slo, double uStar,
                                   double podCapacity, double perPodFull, boolean usersDemand, double demand,
                                   double bound, int byForecast, int guard, double horizonS, double startupS,
                                   Forecast f) {
        signals.put("users", new Signal(known(o.users()) ? o.users() : null,
                usersDemand && known(f.level()) ? f.level() : null, usersDemand ? podCapacity : null,
                usersDemand && byForecast >= 0 ? byForecast : null));
        signals.put("cpu", new Signal(known(o.cpuPercent()) ? o.cpuPercent() : null, null, 100 * uStar, null));
        signals.put("gpu", new Signal(known(o.gpuPercent()) ? o.gpuPercent() : null, null, 100 * uStar, null));
        signals.put("latency", new Signal(known(o.p95Ms()) ? o.p95Ms() : null, known(p95) ? p95 : null, slo,
                guard >= 0 ? guard : null));
        signals.put("forecast", new Signal(known(demand) ? demand : null, known(bound) ? bound : null, podCapacity,
                byForecast >= 0 ? byForecast : null));
        signals.put("capacity", new Signal(podCapacity, 100 * uStar, perPodFull, null));
        signals.put("horizon", new Signal(horizonS, startupS, null, null));
        signals.put("headroom", new Signal(1 - Math.max(0, Math.min(1, f.alpha())), f.headroom(), null, null));
    }

    private static String note(Forecast f, boolean usersDemand, double demand, double bound, double podCapacity,
                               double uStar, double horizonS, int guard, int drain, double p95, double slo,
                               long heldS, double spare, double most) {
        String unit = usersDemand ? " users" : " busy pods";
        StringBuilder sb = new StringBuilder(160);
        if (guard >= 0) {
            sb.append("[SLO guard: p95 ");
            Summaries.number(sb, p95).append(" ms > ");
            Summaries.number(sb, slo).append(" ms, one pod more] ");
        } else if (f.burst()) {
            sb.append("[burst: ");
            Summaries.number(sb, demand).append(unit).append(" above the forecast] ");
        }
        if (drain > 0) {
            sb.append("[queue: ").append(drain).append(drain == 1 ? " pod" : " pods").append(" more to drain it] ");
        }
        if (heldS > 0) {
            sb.append("[lulls: pods kept ").append(heldS).append(" s after demand last needed them; it came back "
                    + "after lulls that long to pods let go, and the SLO broke] ");
        }
        if (known(spare)) {
            sb.append("[down: ").append(Math.round(100 * spare)).append("% of demand kept to spare (at most ")
                    .append(Math.round(100 * most)).append("%, less where scale-downs were not undone within a horizon)] ");
        }
        if (f.seasonal().periodS() > 0) {
            sb.append("[cycle: demand recurs every ").append(f.seasonal().periodS()).append(" s] ");
        } else if (f.fastTrendLeads()) {
            sb.append("[trend: as fast as the level follows; its forecasts came closer] ");
        }
        sb.append("[forecast ");
        Summaries.number(sb, bound).append(unit).append(" within ").append(Math.round(horizonS))
                .append(" s; capacity ");
        Summaries.number(sb, podCapacity).append(usersDemand ? " users" : "").append("/pod at ")
                .append(Math.round(100 * uStar)).append("% busy]");
        return sb.toString();
    }

    @Override
    public State restore(List<Decision> history) {
        if (history.isEmpty()) {
            return initialState();
        }
        Decision last = history.get(history.size() - 1);
        long lastTs = last.ts().toEpochMilli();
        double horizon = value(last, "horizon", true);
        double startup = value(last, "horizon", false);
        double uStar = value(last, "capacity", false) / 100;
        Signal cap = last.signals().get("capacity");
        Signal users = last.signals().get("users");
        double podCapacity = cap != null && cap.raw() != null ? cap.raw() : Double.NaN;
        double perPod = Double.isFinite(podCapacity) && uStar > 0 && users != null && users.target() != null
                ? podCapacity / uStar : Double.NaN;
        double level = value(last, "headroom", true);
        double alpha = Double.isFinite(level) ? 1 - level : p.get(Param.FORECAST_MISS);
        long windowMs = Double.isFinite(horizon) ? Math.round(horizon * 1000) : 0;
        long lastScale = UNSET;
        for (Decision d : history) {
            if (d.action() != Decision.Action.NONE) {
                lastScale = d.ts().toEpochMilli();
            }
        }
        var inWindow = history.stream().filter(d -> d.ts().toEpochMilli() > lastTs - windowMs).toList();
        long[] times = new long[inWindow.size()];
        int[] desires = new int[inWindow.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = inWindow.get(i).ts().toEpochMilli();
            desires[i] = inWindow.get(i).replicas().desired();
        }
        Forecast f = Forecast.initial(alpha);
        double spare = value(last, "spare", true);
        double most = p.get(Param.TOLERANCE);
        Release release = Release.initial(Double.isFinite(spare) && spare >= 0 ? Math.min(spare, most) : most);
        return new State(f, Capacity.restored(uStar, perPod, p.get(Param.CPU_TARGET) / 100),
                Startup.restored(startup), users == null || users.target() != null, false,
                history.get(0).ts().toEpochMilli(), lastScale, Stabilizers.Desires.of(times, desires), Double.NaN,
                new long[] {UNSET, UNSET, UNSET, UNSET}, false, Recurrence.NONE, Stabilizers.Desires.empty(), release);
    }

    private static double value(Decision d, String signal, boolean raw) {
        Signal s = d.signals().get(signal);
        Double v = s == null ? null : raw ? s.raw() : s.smoothed();
        return v == null ? Double.NaN : v;
    }

    @Override
    public long restoreLookbackMs() {
        return Math.round(4 * 60_000 + 1000 * p.get(Param.STARTUP_SECONDS));
    }
}
