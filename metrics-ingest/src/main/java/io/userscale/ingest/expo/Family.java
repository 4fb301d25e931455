package io.userscale.ingest.expo;

/**
 * A metric family: the metadata its {@code # TYPE}, {@code # HELP} and {@code # UNIT} lines give.
 * A sample without metadata forms a family of its own name, {@link MetricType#UNTYPED}.
 *
 * @param name the family name ({@code userscale_latency_ms}; an OpenMetrics counter's name has no
 *             {@code _total})
 * @param type its type, {@link MetricType#UNTYPED} when no {@code # TYPE} line named it
 * @param help the help text, unescaped; {@code null} when there was no {@code # HELP} line
 * @param unit the unit of an OpenMetrics {@code # UNIT} line; {@code null} when none
 */
public record Family(String name, MetricType type, String help, String unit) {
}
