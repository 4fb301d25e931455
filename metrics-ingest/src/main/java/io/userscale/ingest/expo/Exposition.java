package io.userscale.ingest.expo;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed metrics exposition, in the Prometheus text format or OpenMetrics.
 *
 * <p>Parsing never throws on bad input: a line that cannot be read is left out and recorded in
 * {@link #skipped()} with its line number and the reason ({@code unterminated label value},
 * {@code bad value 'abc'}, {@code duplicate label 'x'}, {@code line after # EOF}, ...), and the
 * lines around it are read as usual. Input cut at a size limit, and an OpenMetrics text without its
 * closing {@code # EOF}, are recorded there too, numbered as the line after the last one read.
 *
 * @param format       the format the text was read as, never {@link Format#AUTO}
 * @param samples      the samples in written order
 * @param families     every family, by name, in order of first appearance: those a {@code # TYPE},
 *                     {@code # HELP} or {@code # UNIT} line declares, and one
 *                     {@link MetricType#UNTYPED} family for each sample name without metadata
 * @param skipped      the lines left out, in order; at most 1000 (all are counted in {@code skippedCount})
 * @param skippedCount how many lines were left out, all of them counted
 * @param lineCount    how many lines the text had (as far as it was read)
 * @param truncated    whether the input was longer than the size limit and only its start was read
 */
public record Exposition(Format format, List<Sample> samples, Map<String, Family> families,
                         List<SkippedLine> skipped, int skippedCount, int lineCount, boolean truncated) {

    /** The default size limit of {@link #parse(byte[], Format, int)} and {@link #read}: 16 MiB. */
    public static final int DEFAULT_MAX_BYTES = 16 << 20;

    public Exposition {
        samples = Collections.unmodifiableList(new ArrayList<>(samples));
        families = Collections.unmodifiableMap(new LinkedHashMap<>(families));
        skipped = List.copyOf(skipped);
    }

    /** Parses {@code text}, telling the format from it ({@link Format#AUTO}). */
    public static Exposition parse(String text) {
        return parse(text, Format.AUTO);
    }

    /** Parses {@code text} (a {@code null} text reads as empty) as {@code format}. */
    public static Exposition parse(String text, Format format) {
        return parse(text == null ? "" : text, format, null);
    }

    /**
     * Parses UTF-8 bytes (malformed sequences read as U+FFFD) as {@code format}, reading at most
     * {@code maxBytes} of them: beyond that, the input is cut after its last whole line within the
     * limit and marked {@link #truncated()}.
     */
    public static Exposition parse(byte[] utf8, Format format, int maxBytes) {
        checkLimit(maxBytes);
        byte[] bytes = utf8 == null ? new byte[0] : utf8;
        if (bytes.length <= maxBytes) {
            return parse(new String(bytes, StandardCharsets.UTF_8), format, null);
        }
        int cut = maxBytes;
        while (cut > 0 && bytes[cut - 1] != '\n') {
            cut--;
        }
        return parse(new String(bytes, 0, cut, StandardCharsets.UTF_8), format, limitNote(maxBytes, "bytes"));
    }

    /**
     * Reads and parses a UTF-8 stream as {@link #parse(byte[], Format, int)} does; reads no more
     * than {@code maxBytes + 1} bytes of it and does not close it.
     *
     * @throws IOException only when reading the stream fails; bad content never throws
     */
    public static Exposition read(InputStream in, Format format, int maxBytes) throws IOException {
        checkLimit(maxBytes);
        return parse(in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1), format, maxBytes);
    }

    /**
     * Reads and parses text from {@code in}, at most {@code maxChars} characters of it (cut after
     * the last whole line within the limit, and marked {@link #truncated()}); does not close it.
     *
     * @throws IOException only when reading fails; bad content never throws
     */
    public static Exposition read(Reader in, Format format, int maxChars) throws IOException {
        checkLimit(maxChars);
        StringBuilder b = new StringBuilder(Math.min(maxChars, 1 << 16));
        char[] buf = new char[8192];
        long limit = (long) maxChars + 1;
        int n;
        while (b.length() < limit && (n = in.read(buf, 0, (int) Math.min(buf.length, limit - b.length()))) >= 0) {
            b.append(buf, 0, n);
        }
        if (b.length() <= maxChars) {
            return parse(b.toString(), format, null);
        }
        int cut = b.lastIndexOf("\n", maxChars - 1) + 1;
        return parse(b.substring(0, cut), format, limitNote(maxChars, "characters"));
    }

    private static Exposition parse(String text, Format format, String truncatedNote) {
        boolean openMetrics = switch (format == null ? Format.AUTO : format) {
            case OPENMETRICS -> true;
            case PROMETHEUS_TEXT -> false;
            case AUTO -> ExpositionParser.looksLikeOpenMetrics(text);
        };
        return new ExpositionParser(text, openMetrics).parse(truncatedNote);
    }

    private static void checkLimit(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("size limit must not be negative: " + max);
        }
    }

    private static String limitNote(int max, String unit) {
        return "input exceeds the limit of " + max + " " + unit + "; the rest was not read";
    }

    /** The family called {@code name}, or {@code null}. */
    public Family family(String name) {
        return families.get(name);
    }

    /** The family a sample belongs to. */
    public Family familyOf(Sample sample) {
        return families.get(sample.family());
    }

    /** The samples called {@code name} (the sample name, e.g. {@code x_bucket}), in written order. */
    public List<Sample> samples(String name) {
        List<Sample> found = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals(name)) {
                found.add(s);
            }
        }
        return found;
    }
}
