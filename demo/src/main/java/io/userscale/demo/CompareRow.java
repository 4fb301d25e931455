package io.userscale.demo;

import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.loadgen.Stats;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One policy's run of {@code compare}, as the table and the JSON give it.
 *
 * @param policy              the policy
 * @param replicasAvg         mean replicas asked for over the load
 * @param replicasPeak        most replicas asked for
 * @param throughputRps       requests answered without error per second of load
 * @param p50Ms               median latency over the run, as loadgen measured it (from when each request was due)
 * @param p95Ms               95th percentile of the same
 * @param errors              requests that failed (refused, timed out, broken)
 * @param sloViolationSeconds seconds of load whose p95 broke the SLO or which had an error
 * @param replicaSeconds      replicas asked for, summed over the seconds of load
 * @param firstScaleUpSeconds from the load step to the first scale-up command (null: none)
 * @param replicasAtStep      replicas asked for when the load stepped up (null: it does not): a policy that
 *                            scaled out before the step may need no scale-up after it
 * @param scaleOperations     scale commands published
 * @param requestsIssued      requests sent
 * @param simulated           what the simulator predicted for the same scenario (null: not run)
 */
record CompareRow(String policy, double replicasAvg, int replicasPeak, double throughputRps, Double p50Ms,
                  Double p95Ms, long errors, int sloViolationSeconds, double replicaSeconds,
                  Double firstScaleUpSeconds, Integer replicasAtStep, int scaleOperations, long requestsIssued,
                  Simulated simulated) {

    /** The simulator's prediction of a run. */
    record Simulated(double replicaSeconds, int sloViolationSeconds) {
    }

    CompareRow withSimulated(Simulated s) {
        return new CompareRow(policy, replicasAvg, replicasPeak, throughputRps, p50Ms, p95Ms, errors,
                sloViolationSeconds, replicaSeconds, firstScaleUpSeconds, replicasAtStep, scaleOperations, requestsIssued, s);
    }

    static CompareRow of(String policy, List<Row> rows, Stats stats, Watch watch, long loadStartMs, int loadStepS,
                         int durationS, int sloMs) {
        double replicaSeconds = rows.stream().mapToInt(Row::spec).sum();
        // the measured window only: what a warm-up before it did is not counted
        List<Watch.Seen<ScaleCommand>> commands = watch.commands().stream()
                .filter(c -> c.timestampMs() >= loadStartMs).toList();
        int peak = Summary.peakReplicas(rows, commands);
        long errors = stats == null ? 0 : stats.errorsByKind().values().stream().mapToLong(Long::longValue).sum();
        long ok = stats == null ? 0 : stats.successes();
        int violations = 0;
        if (stats != null) {
            for (Stats.Second s : stats.timeline()) {
                if (overSlo(s, sloMs)) {
                    violations++;
                }
            }
        }
        Double firstUp = Summary.secondsToFirstScaleUp(commands, loadStartMs + loadStepS * 1000L);
        if (firstUp != null) {
            firstUp = round(firstUp, 10);
        }
        Integer atStep = loadStepS > 0 && rows.size() >= loadStepS ? rows.get(loadStepS - 1).spec() : null;
        return new CompareRow(policy, rows.isEmpty() ? 0 : round(replicaSeconds / rows.size(), 100), peak,
                round((double) ok / durationS, 10), ms(stats, 50), ms(stats, 95), errors, violations, replicaSeconds,
                firstUp, atStep, commands.size(), ok + errors, null);
    }

    /** Whether a second of load counts against the SLO: its p95 over it, or any request failed. */
    static boolean overSlo(Stats.Second s, int sloMs) {
        return s.errors() > 0 || s.ok() > 0 && s.p95Ms() > sloMs;
    }

    private static Double ms(Stats stats, double p) {
        double v = stats == null ? Double.NaN : stats.percentileMs(p);
        return Double.isNaN(v) ? null : round(v, 10);
    }

    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }

    /** One line after a run. */
    String line() {
        return String.format(Locale.ROOT, "%s: replicas %.2f avg, %d peak; %.1f req/s; p95 %s ms; %d errors; "
                        + "%d s over the SLO; %.0f replica-s; first scale-up %s; %d scale operations", policy,
                replicasAvg, replicasPeak, throughputRps, p95Ms == null ? "-" : fmt(p95Ms), errors,
                sloViolationSeconds, replicaSeconds, firstScaleUpSeconds != null ? firstScaleUpSeconds + " s"
                        : replicasAtStep != null ? "none after the step (" + replicasAtStep + (replicasAtStep == 1 ? " replica" : " replicas")
                        + " at it)" : "none",
                scaleOperations);
    }

    /** The table of all runs. */
    static void table(PrintWriter out, List<CompareRow> rows) {
        out.printf(Locale.ROOT, "%-18s %9s %5s %9s %8s %8s %7s %10s %10s %10s %6s %9s%n", "policy", "replicas",
                "peak", "req/s", "p50 ms", "p95 ms", "errors", "SLO-viol s", "replica-s", "1st up, s", "scales",
                "requests");
        for (CompareRow r : rows) {
            out.printf(Locale.ROOT, "%-18s %9.2f %5d %9.1f %8s %8s %7d %10d %10.0f %10s %6d %9d%n", r.policy,
                    r.replicasAvg, r.replicasPeak, r.throughputRps, r.p50Ms == null ? "-" : fmt(r.p50Ms),
                    r.p95Ms == null ? "-" : fmt(r.p95Ms), r.errors, r.sloViolationSeconds, r.replicaSeconds,
                    r.firstScaleUpSeconds == null ? "-" : String.format(Locale.ROOT, "%.1f", r.firstScaleUpSeconds),
                    r.scaleOperations, r.requestsIssued);
        }
        if (rows.stream().anyMatch(r -> r.simulated != null)) {
            out.println();
            out.println("the simulator on the same scenario (sim-to-real: live over simulated)");
            out.printf(Locale.ROOT, "%-18s %12s %12s %8s %12s %12s %8s%n", "policy", "viol s live", "simulated",
                    "ratio", "replica-s", "simulated", "ratio");
            for (CompareRow r : rows) {
                if (r.simulated == null) {
                    continue;
                }
                out.printf(Locale.ROOT, "%-18s %12d %12d %8s %12.0f %12.0f %8s%n", r.policy, r.sloViolationSeconds,
                        r.simulated.sloViolationSeconds(), ratio(r.sloViolationSeconds, r.simulated.sloViolationSeconds()),
                        r.replicaSeconds, r.simulated.replicaSeconds(), ratio(r.replicaSeconds,
                                r.simulated.replicaSeconds()));
            }
        }
        out.flush();
    }

    private static String ratio(double live, double simulated) {
        return simulated > 0 ? String.format(Locale.ROOT, "%.2f", live / simulated) : live == 0 ? "=" : "-";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** The run as the documented JSON object. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", policy);
        m.put("replicasAvg", replicasAvg);
        m.put("replicasPeak", replicasPeak);
        m.put("throughputRps", throughputRps);
        m.put("p50Ms", p50Ms);
        m.put("p95Ms", p95Ms);
        m.put("errors", errors);
        m.put("sloViolationSeconds", sloViolationSeconds);
        m.put("replicaSeconds", replicaSeconds);
        m.put("firstScaleUpSeconds", firstScaleUpSeconds);
        m.put("replicasAtStep", replicasAtStep);
        m.put("scaleOperations", scaleOperations);
        m.put("requestsIssued", requestsIssued);
        m.put("simulated", simulated == null ? null : Map.of("replicaSeconds", simulated.replicaSeconds(),
                "sloViolationSeconds", simulated.sloViolationSeconds()));
        return m;
    }
}
