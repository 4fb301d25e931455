package io.userscale.demo;

import io.userscale.kafka.contract.Decision;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;

/**
 * The demo's live view: a row when something it shows changes (in practice once a scrape, as
 * each scrape brings a decision, and when the load or the replica count moves), never wider
 * than {@link #WIDTH} columns; an unknown value ({@code -}) is explained the first time it shows.
 */
final class LiveView {

    /** The widest line it prints, in terminal columns. */
    static final int WIDTH = 120;

    private static final String FORMAT = "%5ds %6d %6.0f %7s | %5d %5d %6s %6s %6s %7s | ";

    private final PrintWriter out;
    private final long warmupS;
    private String shown;
    private final java.util.Set<String> explained = new java.util.HashSet<>();

    /** @param warmupS the engine's warm-up: pods younger than this are left out of the CPU mean */
    LiveView(PrintWriter out, long warmupS) {
        this.out = out;
        this.warmupS = warmupS;
    }

    void header() {
        out.println("          ------- load ------- | ------------------ pods (each scrape) ------------------ |");
        out.println("   time  users  req/s  p95 ms | asked ready  users  cpu %  gpu %  p95 ms | latest decision");
        out.flush();
    }

    /** Prints {@code row} if it differs from the last one printed; {@code latest} is the newest decision. */
    void show(Row row, Decision latest) {
        String key = Objects.hash(row.loadUsers(), row.spec(), row.ready(), row.users(), row.cpu(), row.gpu(),
                row.p95()) + "/" + (latest == null ? "" : latest.ts() + latest.summary());
        if (key.equals(shown)) {
            return;
        }
        shown = key;
        out.println(line(row, latest));
        if (row.ready() > 0 && latest != null) {
            explainOnce(row.users() == null, "users: - until a pod reports userscale_active_users");
            explainOnce(row.cpu() == null, "cpu: - while every ready pod is in its first " + warmupS
                    + " s (WARMUP_PERIOD: start-up CPU is not load)");
            explainOnce(row.gpu() == null, "gpu: - when the pods report no GPU (gpu-app computes on the CPU here)");
        }
        out.flush();
    }

    /** Prints {@code text} under the row the first time {@code unknown} holds for it. */
    private void explainOnce(boolean unknown, String text) {
        if (unknown && explained.add(text.substring(0, text.indexOf(':')))) {
            out.println(fit("          " + text));
        }
    }

    static String line(Row r, Decision latest) {
        String head = String.format(Locale.ROOT, FORMAT, r.t(), r.loadUsers(), r.reqPerS(), fmt(r.clientP95()), r.spec(),
                r.ready(), fmt(r.users()), fmt(r.cpu()), fmt(r.gpu()), fmt(r.p95()));
        return fit(head + (latest == null ? "(no decision yet)" : latest.summary()));
    }

    /** {@code s} cut to {@link #WIDTH} terminal columns (emoji take two), ending in … when cut. */
    static String fit(String s) {
        StringBuilder sb = new StringBuilder();
        int cols = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int w = columns(cp);
            if (cols + w > WIDTH - 1 && i + Character.charCount(cp) < s.length()) {
                return sb.append('…').toString();
            }
            sb.appendCodePoint(cp);
            cols += w;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /** Terminal columns of one code point: 0 for joiners and variation selectors, 2 for emoji and wide symbols. */
    static int columns(int cp) {
        if (cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F)) {
            return 0;
        }
        if (cp >= 0x1F000 || (cp >= 0x2300 && cp <= 0x23FF) || (cp >= 0x2600 && cp <= 0x27BF)
                || (cp >= 0x2B00 && cp <= 0x2BFF)) {
            return 2;
        }
        return 1;
    }

    /** The width of {@code s} in terminal columns. */
    static int width(String s) {
        return s.codePoints().map(LiveView::columns).sum();
    }

    private static String fmt(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }
}
