package io.userscale.engine.tools;

import io.userscale.engine.sim.Frontier;
import io.userscale.engine.sim.Grid;
import io.userscale.engine.sim.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The evaluation as one self-contained HTML page: a summary per policy, then per policy a table of
 * traces × scenarios whose cells are coloured by the verdict against the HPA frontier and show
 * SLO-violation seconds and cost over the oracle's; every cell's tooltip lists the frontier; and
 * a chart per trace at the first scenario, each policy's point among the HPA's.
 */
final class Scoreboard {

    private Scoreboard() {
    }

    static String html(List<String> policies, List<Grid.Cell> cells, List<Grid.Summary> summaries) {
        List<String> traces = new ArrayList<>(new LinkedHashSet<>(cells.stream().map(Grid.Cell::trace).toList()));
        List<Scenario> scenarios = new ArrayList<>(new LinkedHashSet<>(cells.stream().map(Grid.Cell::scenario)
                .toList()));
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>userscale evaluate</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222}")
                .append("table{border-collapse:collapse;margin:8px 0 24px}")
                .append("td,th{border:1px solid #ccc;padding:4px 6px;text-align:right;white-space:nowrap}")
                .append("th{background:#f3f3f3}td.t{text-align:left}")
                .append(".C{background:#1a9850;color:#fff}.w{background:#a6d96a}.x{background:#f46d43;color:#fff}")
                .append("small{color:#666}</style></head><body>");
        h.append("<h1>userscale evaluate</h1><p>Each cell: one trace under one scenario. A policy's run is "
                + "<span class=\"x\">&nbsp;dominated&nbsp;</span> when the HPA at some CPU target (")
                .append(Frontier.CPU_TARGETS).append(" %) is at least as good on SLO-violation seconds and "
                + "replica-seconds and better on one; <span class=\"w\">&nbsp;won&nbsp;</span> otherwise; "
                + "<span class=\"C\">&nbsp;clear win&nbsp;</span> when, also, every HPA target with no more "
                + "violations costs ≥ ").append(Frontier.CLEAR_COST).append("× as much and every HPA target "
                + "costing no more has ≥ ").append(fmt(Frontier.CLEAR_VIOLATIONS)).append("× its violations + ")
                .append(fmt(Frontier.CLEAR_SLACK_S)).append(" s, and it has no more violations than some HPA "
                + "target (one with more than every target is worse on the SLO at any of them: won at most). "
                + "Cells show violation-seconds / cost over the oracle's; hover for the frontier.</p>");

        h.append("<h2>Summary</h2><table><tr><th>policy</th><th>cells</th><th>not dominated</th><th>clear wins</th>"
                + "<th>median × oracle</th><th>violation-seconds</th><th>beats fixed</th></tr>");
        for (Grid.Summary s : summaries) {
            h.append("<tr><td class=\"t\">").append(esc(s.policy())).append("</td><td>").append(s.cells())
                    .append("</td><td>").append(s.notDominated()).append(" (")
                    .append(pct(s.notDominatedShare())).append(")</td><td>").append(s.clearWins()).append(" (")
                    .append(pct(s.clearWinShare())).append(")</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", s.medianOracleRatio())).append("</td><td>")
                    .append(s.violationSeconds()).append("</td><td>").append(s.beatsFixed()).append("</td></tr>");
        }
        h.append("</table><p>").append(esc(Grid.ORACLE)).append(": ").append(esc(Grid.ORACLE_MEANING))
                .append(". Beats fixed: ").append(esc(Grid.FIXED_MEANING)).append(".</p>");

        h.append("<h2>Scenarios</h2><table><tr><th>#</th><th>name</th><th>scrape s</th><th>start-up s</th>"
                + "<th>SLO ms</th><th>peak pods</th><th>arrivals</th></tr>");
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            h.append("<tr><td>").append(i + 1).append("</td><td class=\"t\">").append(esc(s.name())).append("</td><td>")
                    .append(fmt(s.scrapeS())).append("</td><td>").append(fmt(s.startupS())).append("</td><td>")
                    .append(fmt(s.sloMs())).append("</td><td>").append(fmt(s.peakPods())).append("</td><td>")
                    .append(s.arrivals().label()).append("</td></tr>");
        }
        h.append("</table>");

        for (String p : policies) {
            h.append("<h2>").append(esc(p)).append("</h2><table><tr><th>trace</th>");
            for (int i = 0; i < scenarios.size(); i++) {
                h.append("<th title=\"").append(esc(scenarios.get(i).name())).append("\">").append(i + 1)
                        .append("</th>");
            }
            h.append("</tr>");
            for (String t : traces) {
                h.append("<tr><td class=\"t\">").append(esc(t)).append("</td>");
                for (Scenario s : scenarios) {
                    Grid.Cell c = find(cells, t, s);
                    Grid.Run r = c == null ? null : c.policies().stream().filter(x -> x.policy().equals(p))
                            .findFirst().orElse(null);
                    if (r == null) {
                        h.append("<td></td>");
                        continue;
                    }
                    String cls = switch (c.verdict(r)) {
                        case CLEAR_WIN -> "C";
                        case WON -> "w";
                        case DOMINATED -> "x";
                    };
                    h.append("<td class=\"").append(cls).append("\" title=\"").append(esc(tooltip(c, r)))
                            .append("\">").append(r.violations()).append(" / ")
                            .append(String.format(Locale.ROOT, "%.2f", r.oracleRatio())).append("</td>");
                }
                h.append("</tr>");
            }
            h.append("</table>");
        }

        Scenario first = scenarios.get(0);
        h.append("<h2>Against the frontier at ").append(esc(first.name())).append("</h2><p><small>x: replica-seconds "
                + "over the oracle's; y: SLO-violation seconds (log scale, 0 at the bottom); grey: the HPA at each "
                + "CPU target, joined.</small></p><div style=\"display:flex;flex-wrap:wrap;gap:12px\">");
        for (String t : traces) {
            Grid.Cell c = find(cells, t, first);
            if (c != null) {
                h.append(chart(c, policies));
            }
        }
        h.append("</div>");

        h.append("<h2>Elasticity at ").append(esc(first.name())).append("</h2><p><small>SPEC RG metrics (Herbst et "
                + "al., TOMPECS 2018), percent of seconds; demand = the oracle's ready pods, supply = the policy's. "
                + "θU/θO: mean relative under/over-provisioning; τU/τO: share of time under/over-provisioned; υ: "
                + "share of time supply and demand move differently.</small></p><table><tr><th>trace</th>"
                + "<th>policy</th><th>θU</th><th>θO</th><th>τU</th><th>τO</th><th>υ</th></tr>");
        for (String t : traces) {
            Grid.Cell c = find(cells, t, first);
            if (c == null) {
                continue;
            }
            for (Grid.Run r : c.policies()) {
                var e = r.elasticity();
                h.append("<tr><td class=\"t\">").append(esc(t)).append("</td><td class=\"t\">").append(esc(r.policy()))
                        .append("</td>");
                for (double v : new double[] {e.thetaU(), e.thetaO(), e.tauU(), e.tauO(), e.upsilon()}) {
                    h.append("<td>").append(String.format(Locale.ROOT, "%.2f", v)).append("</td>");
                }
                h.append("</tr>");
            }
        }
        h.append("</table></body></html>\n");
        return h.toString();
    }

    private static Grid.Cell find(List<Grid.Cell> cells, String trace, Scenario s) {
        return cells.stream().filter(c -> c.trace().equals(trace) && c.scenario().equals(s)).findFirst().orElse(null);
    }

    private static String tooltip(Grid.Cell c, Grid.Run r) {
        StringBuilder t = new StringBuilder();
        t.append(r.policy()).append(": ").append(r.violations()).append(" violation-s, ")
                .append(String.format(Locale.ROOT, "%.0f replica-s (%.2f× oracle), %d scale ops", r.replicaSeconds(),
                        r.oracleRatio(), r.scaleOperations()));
        for (Grid.Run f : c.frontier()) {
            t.append("\nhpa@").append(f.cpuTarget()).append("%: ").append(f.violations()).append(" violation-s, ")
                    .append(String.format(Locale.ROOT, "%.2f× oracle", f.oracleRatio()));
        }
        Frontier.Fixed fx = c.fixedFor(r);
        if (fx != null) {
            t.append("\nfixed at ").append(fx.replicas()).append(" replicas: ").append(fx.violations())
                    .append(" violation-s, ").append(String.format(Locale.ROOT, "%.2f× oracle",
                            fx.replicaSeconds() / c.oracleReplicaSeconds()))
                    .append(c.dominatedByFixed(r) ? " (dominates it)" : "");
        }
        return t.toString();
    }

    private static final String[] COLOURS = {"#d73027", "#4575b4", "#1a9850", "#984ea3", "#ff7f00", "#a65628"};

    /** A small scatter: the frontier as a grey line, each policy as a coloured dot. */
    private static String chart(Grid.Cell c, List<String> policies) {
        int w = 300;
        int hgt = 220;
        int pad = 36;
        List<Grid.Run> all = new ArrayList<>(c.frontier());
        all.addAll(c.policies());
        double xMin = all.stream().mapToDouble(Grid.Run::oracleRatio).min().orElse(1);
        double xMax = all.stream().mapToDouble(Grid.Run::oracleRatio).max().orElse(2);
        xMin = Math.min(1, xMin);
        double yMax = Math.log10(1 + all.stream().mapToLong(Grid.Run::violations).max().orElse(1));
        double span = Math.max(1e-9, xMax - xMin);
        double ySpan = Math.max(1, yMax);
        StringBuilder s = new StringBuilder();
        s.append("<svg width=\"").append(w).append("\" height=\"").append(hgt).append("\" style=\"border:1px solid #ddd\">")
                .append("<text x=\"").append(pad).append("\" y=\"14\" font-size=\"11\">").append(esc(c.trace()))
                .append("</text>");
        s.append("<line x1=\"").append(pad).append("\" y1=\"").append(hgt - pad).append("\" x2=\"").append(w - 8)
                .append("\" y2=\"").append(hgt - pad).append("\" stroke=\"#999\"/>");
        s.append("<text x=\"").append(pad).append("\" y=\"").append(hgt - pad + 14).append("\" font-size=\"10\">")
                .append(String.format(Locale.ROOT, "%.2f×", xMin)).append("</text><text x=\"").append(w - 40)
                .append("\" y=\"").append(hgt - pad + 14).append("\" font-size=\"10\">")
                .append(String.format(Locale.ROOT, "%.2f×", xMax)).append("</text>");
        s.append("<text x=\"2\" y=\"30\" font-size=\"10\">")
                .append(Math.round(Math.pow(10, yMax) - 1)).append(" s</text>");
        StringBuilder line = new StringBuilder();
        for (Grid.Run f : c.frontier()) {
            double x = pad + (w - pad - 12) * (f.oracleRatio() - xMin) / span;
            double y = hgt - pad - (hgt - pad - 24) * Math.log10(1 + f.violations()) / ySpan;
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#999\"><title>hpa@%d%%: "
                    + "%d s, %.2f×</title></circle>", x, y, f.cpuTarget(), f.violations(), f.oracleRatio()));
        }
        s.append("<polyline points=\"").append(line).append("\" fill=\"none\" stroke=\"#bbb\"/>");
        for (Grid.Run r : c.policies()) {
            int i = Math.max(0, policies.indexOf(r.policy()));
            double x = pad + (w - pad - 12) * (r.oracleRatio() - xMin) / span;
            double y = hgt - pad - (hgt - pad - 24) * Math.log10(1 + r.violations()) / ySpan;
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"><title>%s: %d s, "
                    + "%.2f×</title></circle>", x, y, COLOURS[i % COLOURS.length], esc(r.policy()), r.violations(),
                    r.oracleRatio()));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"%s\">%s</text>",
                    x + 6, y - 4, COLOURS[i % COLOURS.length], esc(r.policy())));
        }
        s.append("</svg>");
        return s.toString();
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * share);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
