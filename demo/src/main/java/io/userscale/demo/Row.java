package io.userscale.demo;

import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.loadgen.Stats;
import java.util.List;

/**
 * One second of a demo run: what loadgen did in it, and the latest snapshot and decision the
 * pipeline had published by its end.
 *
 * @param t         seconds since the load started
 * @param loadUsers users loadgen ran
 * @param reqPerS   requests completed
 * @param clientP95 loadgen's p95 latency, ms ({@code NaN}: none completed)
 * @param spec      replicas asked for
 * @param ready     replicas ready
 * @param users     users the engine saw (sum over ready pods; null: none reported yet)
 * @param cpu       mean CPU of the warm ready pods, % (null: none warm yet)
 * @param gpu       mean GPU utilisation, % (null: no GPU)
 * @param p95       the pods' p95 latency over the last scrape, ms (null: no requests)
 */
record Row(int t, int loadUsers, double reqPerS, double clientP95, int spec, int ready, Double users, Double cpu,
           Double gpu, Double p95) {

    static Row of(int t, Stats stats, boolean loadRunning, Watch watch) {
        Stats.Second last = null;
        if (stats != null && loadRunning) { // the load's latest second while it runs, nothing once it is over
            List<Stats.Second> tl = stats.timeline();
            last = tl.isEmpty() ? null : tl.getLast();
        }
        TargetSnapshot snap = watch.lastSnapshot();
        Decision d = watch.lastDecision();
        return new Row(t, last == null ? 0 : last.users(), last == null ? 0 : last.ok(),
                last == null || last.ok() == 0 ? Double.NaN : last.p95Ms(),
                snap == null ? 0 : snap.replicas().spec(), snap == null ? 0 : snap.replicas().ready(),
                raw(d, "users"), raw(d, "cpu"), raw(d, "gpu"), raw(d, "latency"));
    }

    private static Double raw(Decision d, String signal) {
        if (d == null || d.signals() == null || d.signals().get(signal) == null) {
            return null;
        }
        return d.signals().get(signal).raw();
    }
}
