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
    private static final int BOTTOM = 30;

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

    private TimeChart() {
    }

    /** The page: a heading, an HTML fragment (already escaped), then the panels. */
    public static String page(String title, String introHtml, List<Panel> panels) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1040px}")
                .append("table{border-collapse:collapse;margin:12px 0}td,th{padding:3px 10px;border-bottom:1px solid #ddd;")
                .append("text-align:right}th:first-child,td:first-child{text-align:left}h2{font-size:1.05em;margin:18px 0 2px}")
                .append(".lg span{margin-right:14px;font-size:.9em}svg{display:block}</style></head><body>\n<h1>")
                .append(esc(title)).append("</h1>\n").append(introHtml == null ? "" : introHtml).append('\n');
        for (Panel p : panels) {
            panel(sb, p);
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void panel(StringBuilder sb, Panel p) {
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
        yMax = niceCeil(yMax);
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
        for (int i = 0; i <= 4; i++) { // y grid and labels
            double v = yMax * i / 4;
            double y = TOP + plotH - plotH * i / 4.0;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>",
                    LEFT, y, W - RIGHT, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, y + 4, label(v)));
        }
        for (int i = 0; i <= 10; i++) { // time axis
            double t = tMax * i / 10;
            double x = LEFT + plotW * i / 10.0;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                    x, H - 10, label(t) + (i == 10 ? " s" : "")));
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
            sb.append("<path fill=\"none\" stroke-width=\"1.6\" stroke=\"").append(s.color()).append('"')
                    .append(s.dashed() ? " stroke-dasharray=\"6 4\"" : "").append(" d=\"").append(d).append("\"/>");
        }
        sb.append("</svg>\n");
    }

    private static double niceCeil(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * mag >= v) {
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
