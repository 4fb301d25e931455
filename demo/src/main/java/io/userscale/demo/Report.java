package io.userscale.demo;

import io.userscale.kafka.contract.Decision;
import io.userscale.loadgen.Loadgen;
import io.userscale.loadgen.Scenario;
import io.userscale.loadgen.TimeChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The demo's HTML report: the summary, charts of the run, and every scaling decision. */
final class Report {

    private Report() {
    }

    /**
     * The page. Times are seconds since the load started ({@code loadStartMs}, wall clock), as on
     * the live view.
     */
    static String html(Scenario s, Loadgen.Plan plan, int interval, Summary sum, List<Row> rows,
                       List<Watch.Seen<Decision>> decisions, long loadStartMs) {
        double[] t = series(rows, Row::t);
        var c = TimeChart.PALETTE;
        StringBuilder intro = new StringBuilder();
        intro.append(String.format(Locale.ROOT, "<p>Scenario <b>%s</b>: %d users at the peak, %d s of load (the load "
                        + "steps up at %d s), scraped every %d s, policy <b>userscale</b>.</p>", TimeChart.esc(s.cliName()),
                plan.concurrency(), plan.durationS(), sum.loadStepSeconds(), interval));
        intro.append("<table><tr><th>peak replicas</th><th>final</th><th>p95 before scaling</th><th>p95 after</th>")
                .append("<th>load step → first scale-up command</th><th>decisions</th><th>commands</th>")
                .append("<th>actuations</th></tr><tr>")
                .append(td(sum.peakReplicas())).append(td(sum.finalReplicas()))
                .append(td(sum.p95BeforeMs() == null ? "n/a" : fmt(sum.p95BeforeMs()) + " ms"))
                .append(td(sum.p95AfterMs() == null ? "n/a" : fmt(sum.p95AfterMs()) + " ms"))
                .append(td(sum.secondsToFirstScaleCommand() == null ? "none"
                        : String.format(Locale.ROOT, "%.1f s", sum.secondsToFirstScaleCommand())))
                .append(td(sum.decisions())).append(td(sum.commands())).append(td(sum.actuations()))
                .append("</tr></table>\n");
        String page = TimeChart.page("userscale demo", intro.toString(), List.of(
                new TimeChart.Panel("Replicas", "replicas", List.of(
                        new TimeChart.Series("asked for", c.get(0), t, series(rows, Row::spec), false, true),
                        new TimeChart.Series("ready", c.get(2), t, series(rows, Row::ready), false, true))),
                new TimeChart.Panel("Users", "users", List.of(
                        new TimeChart.Series("loadgen users", c.get(6), t, series(rows, Row::loadUsers),
                                true, true),
                        TimeChart.Series.line("active users seen by the pods", c.get(0), t,
                                series(rows, r -> orNaN(r.users()))))),
                new TimeChart.Panel("p95 latency", "ms", List.of(
                        TimeChart.Series.line("loadgen p95 (per second)", c.get(1), t,
                                series(rows, Row::clientP95)),
                        TimeChart.Series.line("pods' p95 (per scrape)", c.get(4), t, series(rows, r -> orNaN(r.p95()))))),
                new TimeChart.Panel("CPU and requests", "% / req/s", List.of(
                        TimeChart.Series.line("mean CPU of ready pods, %", c.get(3), t, series(rows, r -> orNaN(r.cpu()))),
                        TimeChart.Series.line("completed req/s", c.get(5), t, series(rows, Row::reqPerS))))),
                markers(sum, plan));
        StringBuilder changes = new StringBuilder("<h2>Scaling decisions</h2><p>Times in seconds since the load "
                + "started, as on the charts.</p><table><tr><th>time, s</th><th>decision</th></tr>\n");
        List<Watch.Seen<Decision>> scaling = new ArrayList<>();
        for (var d : decisions) {
            if (d.value().action() != Decision.Action.NONE) {
                scaling.add(d);
            }
        }
        for (var d : scaling) {
            changes.append("<tr><td>").append(String.format(Locale.ROOT, "%.1f", (d.timestampMs() - loadStartMs) / 1000.0))
                    .append("</td><td style=\"text-align:left\">").append(TimeChart.esc(d.value().summary()))
                    .append("</td></tr>\n");
        }
        changes.append("</table>\n");
        return page.replace("</body></html>", changes + "</body></html>");
    }

    private static List<TimeChart.Marker> markers(Summary sum, Loadgen.Plan plan) {
        List<TimeChart.Marker> m = new ArrayList<>();
        if (sum.loadStepSeconds() > 0) {
            m.add(new TimeChart.Marker(sum.loadStepSeconds(), "load step"));
        }
        m.add(new TimeChart.Marker(plan.durationS(), "load ends"));
        return m;
    }

    private static double orNaN(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static double[] series(List<Row> rows, ToDoubleFunction<Row> f) {
        return rows.stream().mapToDouble(f).toArray();
    }

    private static String td(Object v) {
        return "<td>" + TimeChart.esc(String.valueOf(v)) + "</td>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
