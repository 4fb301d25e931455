package io.userscale.loadgen;

import java.util.List;
import java.util.Locale;

/**
 * Time series as one self-contained HTML page of inline SVG panels (no scripts, no network):
 * each panel a titled chart with a shared time axis in seconds, a legend, and optional dashed
 * reference lines. Used for loadgen's {@code --chart} and the demo's report.
 */
public final class TimeChart {

    /** Colours that stay apart for readers with the common colour-vision deficiencies. */
    public static final List<String> PALETTE = List.of("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00",
            "#56b4e9", "#555555");

    private static final int W = 1000;
    private static final int H = 220;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 12;
    private static final int BOTTOM = 40;

    /**
     * One line.
     *
     * @param name   its legend entry
     * @param color  CSS colour
     * @param t      seconds
     * @param y      values ({@code NaN} leaves a gap)
     * @param dashed drawn dashed (targets, thresholds)
     * @param step   drawn as steps (counts such as replicas)
     */
    public record Series(String name, String color, double[] t, double[] y, boolean dashed, boolean step) {

        public static Series line(String name, String color, double[] t, double[] y) {
            return new Series(name, color, t, y, false, false);
        }
    }

    /**
     * One chart.
     *
     * @param title  above it
     * @param unit   of the y axis
     * @param series its lines
     */
    public record Panel(String title, String unit, List<Series> series) {
    }

    /**
     * A moment marked on every panel: a dashed vertical line with a label at its top.
     *
     * @param t     seconds
     * @param label what happened then
     */
    public record Marker(double t, String label) {
    }

    private TimeChart() {
    }

    /** The page: a heading, an HTML fragment (already escaped), then the panels. */
    public static String page(String title, String introHtml, List<Panel> panels) {
        return page(title, introHtml, panels, List.of());
    }

    /** The page, with {@code markers} drawn on every panel. */
    public static String page(String title, String introHtml, List<Panel> panels, List<Marker> markers) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1040px}")
                .append("table{border-collapse:collapse;margin:12px 0}td,th{padding:3px 10px;border-bottom:1px solid #ddd;")
                .append("text-align:right}th:first-child,td:first-child{text-align:left}h2{font-size:1.05em;margin:18px 0 2px}")
                .append(".lg span{margin-right:14px;font-size:.9em}svg{display:block}</style></head><body>\n<h1>")
                .append(esc(title)).append("</h1>\n").append(introHtml == null ? "" : introHtml).append('\n');
        for (Panel p : panels) {
            panel(sb, p, markers);
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void panel(StringBuilder sb, Panel p, List<Marker> markers) {
        double tMax = 1;
        double yMax = 0;
        for (Series s : p.series()) {
            for (int i = 0; i < s.t().length; i++) {
                tMax = Math.max(tMax, s.t()[i]);
                if (Double.isFinite(s.y()[i])) {
                    yMax = Math.max(yMax, s.y()[i]);
                }
            }
        }
        double yStep = niceStep(yMax / 4);
        yMax = Math.max(yStep, Math.ceil(yMax / yStep - 1e-9) * yStep);
        sb.append("<h2>").append(esc(p.title())).append("</h2><div class=\"lg\">");
        for (Series s : p.series()) {
            sb.append("<span style=\"color:").append(s.color()).append("\">").append(s.dashed() ? "┅ " : "━ ")
                    .append(esc(s.name())).append("</span>");
        }
        sb.append("</div>\n<svg width=\"").append(W).append("\" height=\"").append(H).append("\" viewBox=\"0 0 ")
                .append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"").append(esc(p.title()))
                .append("\">");
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        for (double v = 0; v <= yMax + yStep / 2; v += yStep) { // y grid and labels at a 1-2-2.5-5 step
            double y = TOP + plotH - plotH * v / yMax;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>",
                    LEFT, y, W - RIGHT, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, y + 4, label(v)));
        }
        double tStep = niceStep(tMax / 10);
        for (double t = 0; t <= tMax + 1e-9; t += tStep) { // time axis
            double x = LEFT + plotW * t / tMax;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                    x, H - 24, label(t)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">"
                + "time, s</text>", LEFT + plotW / 2.0, H - 6));
        for (Marker m : markers) {
            if (m.t() < 0 || m.t() > tMax) {
                continue;
            }
            double x = LEFT + plotW * m.t() / tMax;
            boolean right = m.t() > 0.85 * tMax; // the label left of the line near the right edge
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\" "
                    + "stroke-dasharray=\"3 3\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#555\" "
                    + "text-anchor=\"%s\">%s</text>", x, TOP, x, TOP + plotH, right ? x - 4 : x + 4, TOP + 10,
                    right ? "end" : "start", esc(m.label())));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 12 %d)\" "
                + "text-anchor=\"middle\">%s</text>", TOP + plotH / 2, TOP + plotH / 2, esc(p.unit())));
        for (Series s : p.series()) {
            StringBuilder d = new StringBuilder();
            boolean pen = false;
            double lastY = 0;
            for (int i = 0; i < s.t().length; i++) {
                double v = s.y()[i];
                if (!Double.isFinite(v)) {
                    pen = false;
                    continue;
                }
                double x = LEFT + plotW * s.t()[i] / tMax;
                double y = TOP + plotH - plotH * Math.min(v, yMax) / yMax;
                if (pen && s.step()) {
                    d.append(String.format(Locale.ROOT, "L%.1f %.1f", x, lastY));
                }
                d.append(String.format(Locale.ROOT, "%s%.1f %.1f", pen ? "L" : "M", x, y));
                pen = true;
                lastY = y;
            }
            sb.append("<path fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.color()).append('"')
                    .append(s.dashed() ? " stroke-dasharray=\"6 4\"" : "").append(" d=\"").append(d).append("\"/>");
        }
        sb.append("</svg>\n");
    }

    /** The smallest of 1, 2, 2.5, 5 × 10^k at least {@code v}. */
    private static double niceStep(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= v - 1e-12) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    private static String label(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }

    /** Escapes text for HTML. */
    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
