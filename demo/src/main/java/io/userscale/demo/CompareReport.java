package io.userscale.demo;

import io.userscale.kafka.contract.Decision;
import io.userscale.loadgen.Scenario;
import io.userscale.loadgen.Stats;
import io.userscale.loadgen.TimeChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code compare}'s HTML report: the table, the runs overlaid over time, and every scaling decision. */
final class CompareReport {

    private CompareReport() {
    }

    static String html(List<CompareCommand.Run> runs, Scenario shape, double peakRate, int duration, int slots,
                       int workMs, int sloMs, int interval) {
        var c = TimeChart.PALETTE;
        StringBuilder intro = new StringBuilder();
        intro.append(String.format(Locale.ROOT, "<p>The same open-loop load (<b>%s</b>, %.0f req/s at the peak, "
                        + "%d s) through the local pipeline once per policy, scraped every %d s. The workload is "
                        + "gpu-app's <b>modelled device</b>: each replica serves %d requests at once for %d ms each "
                        + "(%.1f req/s) and queues the rest, without burning CPU, so that a replica's capacity is its "
                        + "own, as on a cluster, although all replicas share this machine. SLO: p95 ≤ %d ms each "
                        + "second.</p>", TimeChart.esc(shape.cliName()), peakRate, duration, interval, slots, workMs,
                slots * 1000.0 / workMs, sloMs));
        intro.append("<table><tr><th>policy</th><th>replicas (avg)</th><th>peak</th><th>req/s</th><th>p50 ms</th>")
                .append("<th>p95 ms</th><th>errors</th><th>SLO-violation s</th><th>replica-s</th>")
                .append("<th>load step → first scale-up, s</th><th>scale operations</th><th>requests</th></tr>");
        boolean several = CompareRow.several(runs.stream().map(CompareCommand.Run::summary).toList());
        for (var r : runs) {
            CompareRow s = r.summary();
            intro.append("<tr>").append(td(s.label(several)))
                    .append(td(String.format(Locale.ROOT, "%.2f", s.replicasAvg())))
                    .append(td(s.replicasPeak())).append(td(String.format(Locale.ROOT, "%.1f", s.throughputRps())))
                    .append(td(s.p50Ms() == null ? "-" : fmt(s.p50Ms()))).append(td(s.p95Ms() == null ? "-" : fmt(s.p95Ms())))
                    .append(td(s.errors())).append(td(s.sloViolationSeconds())).append(td(fmt(s.replicaSeconds())))
                    .append(td(s.firstScaleUpSeconds() == null ? "-" : s.firstScaleUpSeconds()))
                    .append(td(s.scaleOperations())).append(td(s.requestsIssued())).append("</tr>");
        }
        intro.append("</table>\n");
        if (several) {
            intro.append("<p>Each policy over its runs, median (least–most); each round's warm-up was longer by "
                    + "another share of the HPA's 15 s sync period.</p><table><tr><th>policy</th><th>runs</th>"
                    + "<th>SLO-violation s</th><th>replica-s</th><th>p95 ms</th><th>load step → first scale-up, s"
                    + "</th></tr>");
            for (var sp : CompareRow.spread(runs.stream().map(CompareCommand.Run::summary).toList())) {
                intro.append("<tr>").append(td(sp.policy())).append(td(sp.runs()))
                        .append(td(sp.sloViolationSeconds())).append(td(sp.replicaSeconds().whole()))
                        .append(td(sp.p95Ms() == null ? "-" : sp.p95Ms().whole()))
                        .append(td(sp.firstScaleUps()))
                        .append("</tr>");
            }
            intro.append("</table>\n");
        }
        List<TimeChart.Series> replicas = new ArrayList<>();
        List<TimeChart.Series> p95 = new ArrayList<>();
        List<TimeChart.Series> offered = new ArrayList<>();
        List<String> order = runs.stream().map(CompareCommand.Run::policy).distinct().toList();
        for (int i = 0; i < runs.size(); i++) {
            var r = runs.get(i);
            String color = c.get(order.indexOf(r.policy()) % c.size()); // a policy's runs share its colour
            double[] t = r.rows().stream().mapToDouble(Row::t).toArray();
            String label = r.summary().label(several);
            replicas.add(new TimeChart.Series(label, color, t, r.rows().stream().mapToDouble(Row::spec).toArray(),
                    false, true));
            List<Stats.Second> tl = r.stats() == null ? List.of() : r.stats().timeline();
            double[] ts = tl.stream().mapToDouble(Stats.Second::second).toArray();
            p95.add(TimeChart.Series.line(label, color, ts,
                    tl.stream().mapToDouble(s -> s.ok() > 0 ? s.p95Ms() : Double.NaN).toArray()));
            if (i == 0) {
                offered.add(new TimeChart.Series("offered req/s", c.get(6), ts,
                        tl.stream().mapToDouble(s -> s.targetRps() == null ? Double.NaN : s.targetRps()).toArray(),
                        true, true));
            }
            offered.add(TimeChart.Series.line(label + ": answered req/s", color, ts,
                    tl.stream().mapToDouble(Stats.Second::ok).toArray()));
        }
        List<TimeChart.Marker> markers = new ArrayList<>();
        int step = runs.isEmpty() ? 0 : runs.getFirst().loadStepS();
        if (step > 0) {
            markers.add(new TimeChart.Marker(step, "load step"));
        }
        String page = TimeChart.page("userscale compare", intro.toString(), List.of(
                new TimeChart.Panel("Replicas asked for", "replicas", replicas),
                new TimeChart.Panel("p95 latency per second (loadgen)", "ms", p95),
                new TimeChart.Panel("Offered and answered load", "req/s", offered)), markers);
        StringBuilder changes = new StringBuilder("<h2>Scaling decisions</h2><p>Times in seconds since each run's "
                + "load started, as on the charts.</p><table><tr><th>policy</th><th>time, s</th><th>decision</th></tr>\n");
        for (var r : runs) {
            for (var d : r.decisions()) {
                if (d.value().action() != Decision.Action.NONE) {
                    changes.append("<tr><td>").append(TimeChart.esc(r.summary().label(several))).append("</td><td>")
                            .append(String.format(Locale.ROOT, "%.1f", (d.timestampMs() - r.loadStartMs()) / 1000.0))
                            .append("</td><td style=\"text-align:left\">").append(TimeChart.esc(d.value().summary()))
                            .append("</td></tr>\n");
                }
            }
        }
        changes.append("</table>\n");
        return page.replace("</body></html>", changes + "</body></html>");
    }

    private static String td(Object v) {
        return "<td>" + TimeChart.esc(String.valueOf(v)) + "</td>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
