package io.userscale.engine.tools;

import io.userscale.engine.sim.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A simulation as one self-contained HTML page: demand, each policy's replicas against the
 * oracle's, and each policy's p95 latency against the SLO, over time, as inline SVG.
 */
final class Chart {

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
            "#e377c2"};
    private static final int W = 1100;
    private static final int H = 240;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 35;

    private Chart() {
    }

    static String html(Simulation.Result r) {
        StringBuilder sb = new StringBuilder(256 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>userscale simulate: ").append(esc(r.trace())).append("</title>")
                .append("<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}")
                .append("table{border-collapse:collapse;margin:12px 0}td,th{padding:4px 10px;border-bottom:1px solid #ddd;")
                .append("text-align:right}th:first-child,td:first-child{text-align:left}")
                .append("svg{display:block;margin:8px 0}.lg span{margin-right:16px}</style></head><body>\n");
        sb.append("<h1>userscale simulate</h1><p>Trace <b>").append(esc(r.trace())).append("</b>, ")
                .append(r.seconds()).append(" s, peak ").append(fmt(r.peakRate())).append(" req/s (")
                .append(fmt(r.model().peakPods())).append(" pods at the SLO). SLO p95 ≤ ")
                .append(fmt(r.model().sloMs())).append(" ms; pod start-up ").append(fmt(r.model().startupS()))
                .append(" s. Oracle: ").append(fmt(r.oracleReplicaSeconds())).append(" replica-seconds.</p>\n");
        sb.append("<table><tr><th>policy</th><th>SLO-violation s</th><th>replica-s</th><th>× oracle</th>")
                .append("<th>scale ops</th><th>peak p95 ms</th></tr>\n");
        for (var p : r.policies()) {
            sb.append("<tr><td>").append(esc(p.policy())).append("</td><td>").append(p.sloViolationSeconds())
                    .append("</td><td>").append(fmt(p.replicaSeconds())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.2f", p.oracleRatio())).append("</td><td>")
                    .append(p.scaleOperations()).append("</td><td>").append(fmt(p.peakP95Ms())).append("</td></tr>\n");
        }
        sb.append("</table>\n");
        sb.append("<div class=\"lg\">");
        for (int i = 0; i < r.policies().size(); i++) {
            sb.append("<span style=\"color:").append(COLORS[i % COLORS.length]).append("\">━ ")
                    .append(esc(r.policies().get(i).policy())).append("</span>");
        }
        sb.append("<span style=\"color:#555\">┅ oracle / SLO</span></div>\n");

        sb.append(panel("Demand (requests per second)", r, List.of(new Line(r.demand(), "#555", false)), false, null));
        List<Line> replicas = new ArrayList<>();
        for (int i = 0; i < r.policies().size(); i++) {
            replicas.add(new Line(r.policies().get(i).series().replicas(), COLORS[i % COLORS.length], false));
        }
        replicas.add(new Line(r.oracleSeries(), "#555", true));
        sb.append(panel("Replicas (pods asked for; oracle: ready pods)", r, replicas, false, null));
        List<Line> p95 = new ArrayList<>();
        for (int i = 0; i < r.policies().size(); i++) {
            p95.add(new Line(r.policies().get(i).series().p95(), COLORS[i % COLORS.length], false));
        }
        sb.append(panel("p95 latency, ms (log scale; highest per " + r.bucketS() + " s)", r, p95, true,
                r.model().sloMs()));
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private record Line(double[] values, String color, boolean dashed) {
    }

    private static String panel(String title, Simulation.Result r, List<Line> lines, boolean log, Double rule) {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Line l : lines) {
            for (double v : l.values()) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        if (rule != null) {
            max = Math.max(max, rule * 1.2);
        }
        double lo = log ? Math.max(1, Math.min(min, rule == null ? min : rule / 4)) : 0;
        double hi = log ? Math.max(lo * 10, max) : Math.max(1, max * 1.05);
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        int n = lines.get(0).values().length;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg width=\"").append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W)
                .append(' ').append(H).append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.append("<text x=\"").append(LEFT).append("\" y=\"18\" font-size=\"14\" font-weight=\"bold\">")
                .append(esc(title)).append("</text>");
        sb.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(pw)
                .append("\" height=\"").append(ph).append("\" fill=\"none\" stroke=\"#ccc\"/>");
        for (int k = 0; k <= 4; k++) { // y ticks
            double v = log ? lo * Math.pow(hi / lo, k / 4.0) : lo + (hi - lo) * k / 4.0;
            double y = TOP + ph - (double) ph * k / 4;
            sb.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
                    .append("\" font-size=\"11\" text-anchor=\"end\">").append(fmt(v)).append("</text>");
            sb.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + pw).append("\" y1=\"").append(fmt(y))
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#eee\"/>");
        }
        for (int k = 0; k <= 6; k++) { // x ticks, in hours or minutes
            double seconds = (double) r.seconds() * k / 6;
            double x = LEFT + (double) pw * k / 6;
            String label = r.seconds() > 4 * 3600 ? fmt(seconds / 3600) + " h" : fmt(seconds / 60) + " min";
            sb.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(H - 12)
                    .append("\" font-size=\"11\" text-anchor=\"middle\">").append(label).append("</text>");
        }
        if (rule != null) {
            double y = yOf(rule, lo, hi, log, ph);
            sb.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + pw).append("\" y1=\"").append(fmt(y))
                    .append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#555\" stroke-dasharray=\"6 4\"/>");
        }
        for (Line l : lines) {
            sb.append("<polyline fill=\"none\" stroke-width=\"1.4\" stroke=\"").append(l.color()).append('"');
            if (l.dashed()) {
                sb.append(" stroke-dasharray=\"5 3\"");
            }
            sb.append(" points=\"");
            double[] v = l.values();
            for (int i = 0; i < v.length; i++) {
                double x = LEFT + (n <= 1 ? 0 : (double) pw * i / (n - 1));
                double val = Double.isFinite(v[i]) ? Math.min(hi, Math.max(lo, v[i])) : hi;
                sb.append(fmt(x)).append(',').append(fmt(yOf(val, lo, hi, log, ph))).append(' ');
            }
            sb.append("\"/>");
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static double yOf(double v, double lo, double hi, boolean log, int ph) {
        double f = log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
        return TOP + ph - f * ph;
    }

    static String fmt(double v) {
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return Long.toString(Math.round(v));
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
