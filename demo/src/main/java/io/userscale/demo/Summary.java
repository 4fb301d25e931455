package io.userscale.demo;

import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.loadgen.Stats;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a demo run showed.
 *
 * @param peakReplicas               most replicas asked for
 * @param finalReplicas              replicas at the end
 * @param minReplicas                the configured minimum
 * @param p95BeforeMs                loadgen's p95 from the load step until the first added replica was ready
 * @param p95AfterMs                 loadgen's p95 once the peak replica count was ready, to the end of the load
 * @param secondsToFirstScaleCommand from the load step to the first scale-up command on the topic
 * @param decisions                  decisions published during the run
 * @param commands                   scale commands published
 * @param actuations                 actuation results published
 * @param statuses                   actuation results by status
 * @param loadStepSeconds            when the load stepped up, seconds into the load
 * @param usersOfferedPeak           most users loadgen ran at once
 * @param usersSeenPeak              most users the engine saw (the sum over the ready pods of their active users)
 */
record Summary(int peakReplicas, int finalReplicas, int minReplicas, Double p95BeforeMs, Double p95AfterMs,
               Double secondsToFirstScaleCommand, int decisions, int commands, int actuations,
               Map<String, Integer> statuses, int loadStepSeconds, int usersOfferedPeak, Double usersSeenPeak) {

    static Summary of(List<Row> rows, Stats stats, Watch watch, long loadStartMs, int loadStepS,
                      int minReplicas) {
        List<Watch.Seen<ScaleCommand>> commands = watch.commands();
        List<Watch.Seen<ActuationResult>> actuations = watch.actuations();
        int peak = peakReplicas(rows, commands);
        var lastSnapshot = watch.lastSnapshot();
        int last = lastSnapshot != null ? lastSnapshot.replicas().spec() : rows.isEmpty() ? 0 : rows.getLast().spec();

        int loadEnd = stats == null ? 0 : stats.timeline().size();
        int readyAtStep = rows.stream().filter(r -> r.t() >= Math.max(1, loadStepS)).findFirst()
                .map(Row::ready).orElse(1);
        int firstUp = rows.stream().filter(r -> r.t() > loadStepS && r.t() <= loadEnd && r.ready() > readyAtStep)
                .mapToInt(Row::t).findFirst().orElse(loadEnd);
        int peakReady = rows.stream().filter(r -> r.t() <= loadEnd).mapToInt(Row::ready).max().orElse(0);
        int atPeak = rows.stream().filter(r -> r.t() > loadStepS && r.t() <= loadEnd && r.ready() == peakReady)
                .mapToInt(Row::t).findFirst().orElse(loadEnd);
        Double before = stats == null ? null : nan(stats.percentileMs(95, loadStepS + 1, firstUp));
        Double after = stats == null || peakReady <= readyAtStep ? null
                : nan(stats.percentileMs(95, atPeak + 1, loadEnd));

        Double toFirst = secondsToFirstScaleUp(commands, loadStartMs + loadStepS * 1000L);
        Map<String, Integer> statuses = new TreeMap<>();
        actuations.forEach(a -> statuses.merge(a.value().status().name(), 1, Integer::sum));
        int offered = rows.stream().mapToInt(Row::loadUsers).max().orElse(0);
        Double seen = rows.stream().map(Row::users).filter(java.util.Objects::nonNull)
                .max(Double::compare).orElse(null);
        return new Summary(peak, last, minReplicas, before, after, toFirst, watch.decisions().size(), commands.size(),
                actuations.size(), statuses, loadStepS, offered, seen);
    }

    /** The most replicas asked for: each second's, and each scale command's (which may come between seconds). */
    static int peakReplicas(List<Row> rows, List<Watch.Seen<ScaleCommand>> commands) {
        int peak = rows.stream().mapToInt(Row::spec).max().orElse(0);
        for (var c : commands) {
            peak = Math.max(peak, c.value().replicas());
        }
        return peak;
    }

    /** Seconds from {@code stepMs} to the first scale-up command published at or after it (null: none). */
    static Double secondsToFirstScaleUp(List<Watch.Seen<ScaleCommand>> commands, long stepMs) {
        return commands.stream().filter(c -> c.value().replicas() > c.value().previousReplicas())
                .filter(c -> c.timestampMs() >= stepMs).findFirst()
                .map(c -> (c.timestampMs() - stepMs) / 1000.0).orElse(null);
    }

    private static Double nan(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
    }

    void print(PrintWriter out) {
        out.println("summary");
        out.printf(Locale.ROOT, "  replicas          peak %d, final %d (minimum %d)%n", peakReplicas, finalReplicas,
                minReplicas);
        out.printf(Locale.ROOT, "  p95 latency       %s before scaling, %s after (loadgen, from the load step)%n",
                ms(p95BeforeMs), ms(p95AfterMs));
        out.printf(Locale.ROOT, "  reaction          %s from the load step (at %d s) to the first scale-up command%n",
                secondsToFirstScaleCommand == null ? "no scale-up command"
                        : String.format(Locale.ROOT, "%.1f s", secondsToFirstScaleCommand), loadStepSeconds);
        out.printf(Locale.ROOT, "  users             %d at the peak from loadgen, %s seen by the engine at most%n",
                usersOfferedPeak, usersSeenPeak == null ? "none" : String.format(Locale.ROOT, "%.0f", usersSeenPeak));
        out.printf(Locale.ROOT, "  records           %d decisions, %d commands, %d actuation results %s%n", decisions,
                commands, actuations, statuses);
        out.flush();
    }

    private static String ms(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.0f ms", v);
    }

    /** The summary as the documented JSON object. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peakReplicas", peakReplicas);
        m.put("finalReplicas", finalReplicas);
        m.put("minReplicas", minReplicas);
        m.put("p95BeforeMs", p95BeforeMs);
        m.put("p95AfterMs", p95AfterMs);
        m.put("secondsToFirstScaleCommand", secondsToFirstScaleCommand);
        m.put("decisions", decisions);
        m.put("commands", commands);
        m.put("actuations", actuations);
        m.put("actuationStatuses", statuses);
        m.put("loadStepSeconds", loadStepSeconds);
        m.put("usersOfferedPeak", usersOfferedPeak);
        m.put("usersSeenPeak", usersSeenPeak);
        return m;
    }
}
