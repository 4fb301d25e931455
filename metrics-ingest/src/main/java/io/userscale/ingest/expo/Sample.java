package io.userscale.ingest.expo;

import java.util.Map;

/**
 * One sample of an exposition.
 *
 * @param name        the sample name as written ({@code userscale_latency_ms_bucket})
 * @param family      the name of the family it belongs to ({@code userscale_latency_ms})
 * @param labels      its labels in written order, values unescaped; unmodifiable
 * @param value       its value; {@code NaN} and infinities are kept as such
 * @param timestampMs its timestamp in milliseconds since the epoch (OpenMetrics seconds rounded
 *                    to the millisecond), or {@code null} when the line had none
 */
public record Sample(String name, String family, Map<String, String> labels, double value, Long timestampMs) {

    /** The value of a label, or {@code null} when the sample has no such label. */
    public String label(String labelName) {
        return labels.get(labelName);
    }
}
