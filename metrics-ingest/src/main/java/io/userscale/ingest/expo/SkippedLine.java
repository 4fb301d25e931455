package io.userscale.ingest.expo;

/**
 * A line the parser left out, and why.
 *
 * @param line   1-based line number
 * @param reason what was wrong with it, e.g. {@code bad value 'abc'}
 */
public record SkippedLine(int line, String reason) {
}
