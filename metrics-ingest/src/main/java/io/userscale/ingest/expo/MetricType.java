package io.userscale.ingest.expo;

import java.util.List;

/**
 * The type of a metric family, as a {@code # TYPE} line names it, with the sample name suffixes
 * the family owns ({@code _total}, {@code _bucket}, ...).
 */
public enum MetricType {

    COUNTER("counter", List.of("_total", "_created")),
    GAUGE("gauge", List.of()),
    HISTOGRAM("histogram", List.of("_bucket", "_count", "_sum", "_created")),
    GAUGEHISTOGRAM("gaugehistogram", List.of("_bucket", "_gcount", "_gsum")),
    SUMMARY("summary", List.of("_count", "_sum", "_created")),
    INFO("info", List.of("_info")),
    STATESET("stateset", List.of()),
    /** No type given: {@code untyped} in the Prometheus text format, {@code unknown} in OpenMetrics. */
    UNTYPED("untyped", List.of());

    private final String text;
    private final List<String> suffixes;

    MetricType(String text, List<String> suffixes) {
        this.text = text;
        this.suffixes = suffixes;
    }

    /** The name as a {@code # TYPE} line writes it ({@code untyped} for {@link #UNTYPED}). */
    public String text() {
        return text;
    }

    /** The suffixes that sample names of a family of this type may add to the family name. */
    public List<String> suffixes() {
        return suffixes;
    }

    /** The type a {@code # TYPE} line names, case-sensitively as both formats require; {@code null} if none. */
    public static MetricType fromText(String text) {
        if (text.equals("unknown")) {
            return UNTYPED;
        }
        for (MetricType t : values()) {
            if (t.text.equals(text)) {
                return t;
            }
        }
        return null;
    }
}
