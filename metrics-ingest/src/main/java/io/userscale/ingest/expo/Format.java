package io.userscale.ingest.expo;

import java.util.Locale;

/** The exposition format a text is read as. */
public enum Format {

    /**
     * Decide from the text: OpenMetrics when it has a {@code # EOF} or a {@code # UNIT} line,
     * the Prometheus text format otherwise.
     */
    AUTO,

    /** The Prometheus text format 0.0.4: timestamps are integer milliseconds. */
    PROMETHEUS_TEXT,

    /** OpenMetrics 1.0: timestamps are seconds (with a fraction), {@code # EOF} ends the text. */
    OPENMETRICS;

    /**
     * The format an HTTP {@code Content-Type} names: {@code application/openmetrics-text} is
     * {@link #OPENMETRICS}, {@code text/plain} is {@link #PROMETHEUS_TEXT}, anything else (or
     * {@code null}) is {@link #AUTO}.
     */
    public static Format fromContentType(String contentType) {
        if (contentType == null) {
            return AUTO;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/openmetrics-text" -> OPENMETRICS;
            case "text/plain" -> PROMETHEUS_TEXT;
            default -> AUTO;
        };
    }

    /** A short name for reports: {@code auto}, {@code prometheus} or {@code openmetrics}. */
    public String label() {
        return switch (this) {
            case AUTO -> "auto";
            case PROMETHEUS_TEXT -> "prometheus";
            case OPENMETRICS -> "openmetrics";
        };
    }
}
