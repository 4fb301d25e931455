package io.userscale.ingest.expo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What userscale would take from one exposition: how much was read, which lines were left out and
 * why, and the signals. As JSON:
 *
 * <pre>{@code
 * {"format": "prometheus", "families": 26, "samples": 118, "skippedTotal": 1,
 *  "skipped": [{"line": 12, "reason": "bad value 'abc'"}],
 *  "signals": {"users": 37.0, "cpuPercent": 63.25, "gpuPercent": null, "inflight": 4.0,
 *              "requests": 25.0,
 *              "latencyMs": {"count": 25.0, "sum": 20863.0, "buckets": {"25.0": 6.0, ..., "+Inf": 25.0}}}}
 * }</pre>
 *
 * Absent signals are {@code null}; counters and the histogram are cumulative, as scraped.
 *
 * @param exposition the parsed exposition
 * @param signals    the signals taken from it
 */
public record ScrapeReport(Exposition exposition, Signals signals) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The report of {@code exposition} read with {@code mapping}. */
    public static ScrapeReport of(Exposition exposition, SignalMapping mapping) {
        return new ScrapeReport(exposition, Signals.extract(exposition, mapping));
    }

    /** The report as a JSON document. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", exposition.format().label());
        root.put("families", exposition.families().size());
        root.put("samples", exposition.samples().size());
        root.put("skippedTotal", exposition.skippedCount());
        ArrayNode skipped = root.putArray("skipped");
        for (SkippedLine s : exposition.skipped()) {
            skipped.addObject().put("line", s.line()).put("reason", s.reason());
        }
        ObjectNode sig = root.putObject("signals");
        sig.put("users", signals.users());
        sig.put("cpuPercent", signals.cpuPercent());
        sig.put("gpuPercent", signals.gpuPercent());
        sig.put("inflight", signals.inflight());
        sig.put("requests", signals.requests());
        CumulativeHistogram h = signals.latencyMs();
        if (h == null) {
            sig.putNull("latencyMs");
        } else {
            ObjectNode lat = sig.putObject("latencyMs");
            lat.put("count", h.count());
            lat.put("sum", h.sum());
            ObjectNode buckets = lat.putObject("buckets");
            h.buckets().forEach(buckets::put);
        }
        return root;
    }

    /** The JSON document as indented text. */
    public String toJsonText() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report for people: the signals first, then the lines left out with their reasons. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        b.append("signals (").append(exposition.format().label()).append(", ")
                .append(exposition.families().size()).append(" families, ")
                .append(exposition.samples().size()).append(" samples)\n");
        row(b, "users", signals.users(), "");
        row(b, "cpu percent", signals.cpuPercent(), "");
        row(b, "gpu percent", signals.gpuPercent(), "");
        row(b, "inflight", signals.inflight(), "");
        row(b, "requests", signals.requests(), " (cumulative)");
        CumulativeHistogram h = signals.latencyMs();
        if (h == null) {
            row(b, "latency ms", null, "");
        } else {
            b.append(String.format("  %-14s count %s, sum %s (cumulative)\n", "latency ms", number(h.count()),
                    number(h.sum())));
            for (Map.Entry<String, Double> e : h.buckets().entrySet()) {
                b.append(String.format("    le %-11s %s\n", e.getKey(), number(e.getValue())));
            }
        }
        if (exposition.skippedCount() == 0) {
            b.append("skipped lines: none\n");
        } else {
            b.append("skipped lines: ").append(exposition.skippedCount()).append('\n');
            for (SkippedLine s : exposition.skipped()) {
                b.append("  line ").append(s.line()).append(": ").append(s.reason()).append('\n');
            }
            int unlisted = exposition.skippedCount() - exposition.skipped().size();
            if (unlisted > 0) {
                b.append("  (").append(unlisted).append(" more not listed)\n");
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, Double value, String note) {
        b.append(String.format("  %-14s %s\n", name, value == null ? "absent" : number(value) + note));
    }

    /** A value as people write it: {@code 37}, {@code 63.25}, {@code +Inf}; {@code absent} for null. */
    static String number(Double v) {
        if (v == null) {
            return "absent";
        }
        if (v.isNaN()) {
            return "NaN";
        }
        if (v.isInfinite()) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString(v.longValue());
        }
        return Double.toString(v);
    }
}
