package io.userscale.demo;

import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.loadgen.Stats;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One policy's run of {@code compare}, as the table and the JSON give it.
 *
 * @param policy              the policy
 * @param round               which of the policy's runs this is, from 1 ({@code --runs})
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
record CompareRow(String policy, int round, double replicasAvg, int replicasPeak, double throughputRps,
                  Double p50Ms, Double p95Ms, long errors, int sloViolationSeconds, double replicaSeconds,
                  Double firstScaleUpSeconds, Integer replicasAtStep, int scaleOperations, long requestsIssued,
                  Simulated simulated) {

    /** The simulator's prediction of a run. */
    record Simulated(double replicaSeconds, int sloViolationSeconds) {
    }

    CompareRow withSimulated(Simulated s) {
        return new CompareRow(policy, round, replicasAvg, replicasPeak, throughputRps, p50Ms, p95Ms, errors,
                sloViolationSeconds, replicaSeconds, firstScaleUpSeconds, replicasAtStep, scaleOperations, requestsIssued, s);
    }

    static CompareRow of(String policy, int round, List<Row> rows, Stats stats, Watch watch, long loadStartMs,
                         int loadStepS, int durationS, int sloMs) {
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
        return new CompareRow(policy, round, rows.isEmpty() ? 0 : round(replicaSeconds / rows.size(), 100), peak,
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

    /** The policy, and which of its runs this is when it ran more than once. */
    String label(boolean several) {
        return several ? policy + " #" + round : policy;
    }

    /** Whether {@code rows} hold more than one run of a policy. */
    static boolean several(List<CompareRow> rows) {
        return rows.stream().anyMatch(r -> r.round > 1);
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
        boolean several = several(rows);
        for (CompareRow r : rows) {
            out.printf(Locale.ROOT, "%-18s %9.2f %5d %9.1f %8s %8s %7d %10d %10.0f %10s %6d %9d%n", r.label(several),
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
                out.printf(Locale.ROOT, "%-18s %12d %12d %8s %12.0f %12.0f %8s%n", r.label(several),
                        r.sloViolationSeconds, r.simulated.sloViolationSeconds(), ratio(r.sloViolationSeconds, r.simulated.sloViolationSeconds()),
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
        m.put("round", round);
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

    /** The least, median and most of one measure over a policy's runs. */
    record Range(double min, double median, double max) {

        static Range of(List<Double> values) {
            List<Double> v = values.stream().sorted().toList();
            if (v.isEmpty()) {
                return null;
            }
            int n = v.size();
            double median = n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
            return new Range(v.getFirst(), median, v.getLast());
        }

        @Override
        public String toString() {
            return min == max ? fmt1(median) : fmt1(median) + " (" + fmt1(min) + "–" + fmt1(max) + ")";
        }

        /** As {@link #toString}, rounded to whole numbers. */
        String whole() {
            return min == max ? fmt(median) : fmt(median) + " (" + fmt(min) + "–" + fmt(max) + ")";
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("min", min);
            m.put("median", median);
            m.put("max", max);
            return m;
        }

        private static String fmt1(double v) {
            return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
        }
    }

    /**
     * One policy over its runs ({@code --runs}): the median and range of what decides a comparison.
     * A policy that met the step with replicas already there has no first scale-up in that run.
     *
     * @param noScaleUp runs without a scale-up after the load step
     */
    record Spread(String policy, int runs, Range sloViolationSeconds, Range replicaSeconds, Range p95Ms,
                  Range firstScaleUpSeconds, int noScaleUp, long errors) {

        /** The first scale-ups, and in how many runs there was none after the step. */
        String firstScaleUps() {
            return (firstScaleUpSeconds == null ? "-" : firstScaleUpSeconds.toString())
                    + (noScaleUp > 0 ? " (none after the step in " + noScaleUp + ")" : "");
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("policy", policy);
            m.put("runs", runs);
            m.put("sloViolationSeconds", sloViolationSeconds.json());
            m.put("replicaSeconds", replicaSeconds.json());
            m.put("p95Ms", p95Ms == null ? null : p95Ms.json());
            m.put("firstScaleUpSeconds", firstScaleUpSeconds == null ? null : firstScaleUpSeconds.json());
            m.put("runsWithoutScaleUp", noScaleUp);
            m.put("errors", errors);
            return m;
        }
    }

    /** Each policy's runs summed up, in the order the policies first ran. */
    static List<Spread> spread(List<CompareRow> rows) {
        Map<String, List<CompareRow>> by = new LinkedHashMap<>();
        for (CompareRow r : rows) {
            by.computeIfAbsent(r.policy, k -> new ArrayList<>()).add(r);
        }
        return by.entrySet().stream().map(e -> {
            List<CompareRow> rs = e.getValue();
            List<Double> up = rs.stream().map(CompareRow::firstScaleUpSeconds).filter(Objects::nonNull)
                    .toList();
            return new Spread(e.getKey(), rs.size(),
                    Range.of(rs.stream().map(r -> (double) r.sloViolationSeconds).toList()),
                    Range.of(rs.stream().map(CompareRow::replicaSeconds).toList()),
                    Range.of(rs.stream().map(CompareRow::p95Ms).filter(Objects::nonNull).toList()),
                    Range.of(up), rs.size() - up.size(), rs.stream().mapToLong(CompareRow::errors).sum());
        }).toList();
    }

    /** The table of each policy over its runs: median (least–most). */
    static void spreadTable(PrintWriter out, List<Spread> spreads) {
        out.printf(Locale.ROOT, "%-18s %4s  %-22s %-22s %-22s %s%n", "policy", "runs", "SLO-viol s", "replica-s",
                "p95 ms", "1st up, s");
        for (Spread s : spreads) {
            out.printf(Locale.ROOT, "%-18s %4d  %-22s %-22s %-22s %s%n", s.policy, s.runs, s.sloViolationSeconds,
                    s.replicaSeconds.whole(), s.p95Ms == null ? "-" : s.p95Ms.whole(), s.firstScaleUps());
        }
        out.flush();
    }

    /**
     * Each other policy against the HPA's runs, where the HPA ran at more than one target: the
     * question a user asks, could the HPA have done as well at some target? A policy is dominated
     * where some HPA run had no more SLO-violation seconds and no more replica-seconds, and fewer
     * of one (medians, over {@code --runs}). Returns one line per policy; none where the HPA ran
     * at fewer than two targets.
     */
    static List<String> againstHpa(List<Spread> spreads) {
        List<Spread> hpa = spreads.stream().filter(s -> CompareCommand.isHpa(s.policy)).toList();
        if (hpa.size() < 2) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (Spread s : spreads) {
            if (CompareCommand.isHpa(s.policy) || s.policy.equals("static")) {
                continue;
            }
            double v = s.sloViolationSeconds.median();
            double c = s.replicaSeconds.median();
            List<String> by = hpa.stream().filter(h -> {
                double hv = h.sloViolationSeconds.median();
                double hc = h.replicaSeconds.median();
                return hv <= v && hc <= c && (hv < v || hc < c);
            }).map(Spread::policy).toList();
            lines.add(String.format(Locale.ROOT, "%s (%s violation-s, %s replica-s): %s", s.policy, fmt(v), fmt(c),
                    by.isEmpty() ? "none of the " + hpa.size() + " HPA targets run did as well on both counts"
                            : "dominated by " + String.join(", ", by)));
        }
        return lines;
    }
}
