package io.userscale.ingest.expo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A hand-written, single-pass parser of one exposition, written from the Prometheus text format
 * 0.0.4 and OpenMetrics 1.0 specifications: lines, comments (HELP, TYPE, UNIT, EOF), samples,
 * exemplars and the families samples belong to. It reads the text in place (no line copies, no
 * regular expressions); a line it cannot take is recorded with the reason and left out, and the
 * rest is read on. One instance parses one text.
 *
 * <p>It is lenient where a stricter parser would gain nothing: blanks and tabs around tokens,
 * a trailing comma in a label set, CRLF line ends, blank lines, a missing final newline, either
 * format's type names, exemplars in either format, the quoted (UTF-8) metric and label names of
 * newer Prometheus versions.
 */
final class ExpositionParser {

    /** The most skipped lines kept with their reason; all are counted. */
    static final int MAX_RECORDED_SKIPS = 1000;

    private final String text;
    private final boolean openMetrics;
    private final LineScanner in;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, FamilyState> families = new LinkedHashMap<>();
    private final Set<SeriesKey> series = new HashSet<>();
    private final List<SkippedLine> skipped = new ArrayList<>();
    private int skippedCount;
    private int lineCount;
    private boolean eof;

    ExpositionParser(String text, boolean openMetrics) {
        this.text = text;
        this.openMetrics = openMetrics;
        this.in = new LineScanner(text);
    }

    /**
     * Reads the whole text.
     *
     * @param truncatedNote a note to record after the last line (the input was cut), or {@code null}
     */
    Exposition parse(String truncatedNote) {
        int n = text.length();
        int start = n > 0 && text.charAt(0) == '\uFEFF' ? 1 : 0;
        while (start < n) {
            int nl = text.indexOf('\n', start);
            int lineEnd = nl < 0 ? n : nl;
            lineCount++;
            in.line(start, lineEnd > start && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd);
            line();
            start = nl < 0 ? n : nl + 1;
        }
        if (truncatedNote != null) {
            skip(lineCount + 1, truncatedNote);
        } else if (openMetrics && !eof) {
            skip(lineCount + 1, "missing # EOF: the exposition may be truncated");
        }
        Map<String, Family> fams = new LinkedHashMap<>();
        for (FamilyState f : families.values()) {
            fams.put(f.name, new Family(f.name, f.type, f.help, f.unit));
        }
        return new Exposition(openMetrics ? Format.OPENMETRICS : Format.PROMETHEUS_TEXT, samples, fams, skipped,
                skippedCount, lineCount, truncatedNote != null);
    }

    private void line() {
        in.skipBlanks();
        if (in.atEnd()) {
            return;
        }
        if (eof) {
            skip(lineCount, "line after # EOF");
            return;
        }
        try {
            if (in.peek() == '#') {
                comment();
            } else {
                sample();
            }
        } catch (LineError e) {
            skip(lineCount, e.getMessage());
        } catch (RuntimeException e) { // a parser bug must not lose the whole scrape
            skip(lineCount, "internal parser error: " + e);
        }
    }

    private void skip(int line, String reason) {
        skippedCount++;
        if (skipped.size() < MAX_RECORDED_SKIPS) {
            skipped.add(new SkippedLine(line, reason));
        }
    }

    // ---- comments -------------------------------------------------------------------------

    private void comment() {
        in.advance(); // '#'
        if (in.atEnd() || !LineScanner.isBlank(in.peek())) {
            return; // "#TYPE ..." is a plain comment: the keyword is the token after "# "
        }
        in.skipBlanks();
        int wordStart = in.pos();
        in.skipToken();
        switch (text.substring(wordStart, in.pos())) {
            case "HELP" -> help();
            case "TYPE" -> type();
            case "UNIT" -> unit();
            case "EOF" -> {
                in.skipBlanks();
                eof = in.atEnd() && openMetrics;
            }
            default -> {
                // any other comment is ignored
            }
        }
    }

    private void help() {
        String name = metadataName("HELP");
        in.skipBlanks();
        int helpEnd = in.end();
        while (helpEnd > in.pos() && LineScanner.isBlank(text.charAt(helpEnd - 1))) {
            helpEnd--;
        }
        FamilyState f = family(name);
        if (f.help != null) {
            throw new LineError("duplicate HELP for " + Numbers.quote(name));
        }
        f.help = unescapeHelp(in.pos(), helpEnd);
    }

    private void type() {
        String name = metadataName("TYPE");
        String word = lastWord("TYPE line without a type", "type");
        MetricType type = MetricType.fromText(word);
        if (type == null) {
            throw new LineError("unknown metric type " + Numbers.quote(word));
        }
        FamilyState f = families.get(name);
        if (f != null && f.typed) {
            throw new LineError("duplicate TYPE for " + Numbers.quote(name));
        }
        if (f != null && f.sampleCount > 0) {
            throw new LineError("TYPE for " + Numbers.quote(name) + " after its samples");
        }
        f = family(name);
        f.type = type;
        f.typed = true;
    }

    private void unit() {
        String name = metadataName("UNIT");
        String unit = lastWord(null, "unit");
        FamilyState f = family(name);
        if (f.unit != null) {
            throw new LineError("duplicate UNIT for " + Numbers.quote(name));
        }
        f.unit = unit;
    }

    /** The metric name a HELP, TYPE or UNIT line is about. */
    private String metadataName(String keyword) {
        in.skipBlanks();
        if (in.atEnd()) {
            throw new LineError(keyword + " line without a metric name");
        }
        String name = in.at('"') ? in.quoted("unterminated quoted metric name") : in.metricNameEndingAt("");
        if (name.isEmpty()) {
            throw new LineError(keyword + " line with an empty metric name");
        }
        return name;
    }

    /**
     * The one word left on the line (empty when none).
     *
     * @param missing the reason when there is none, or {@code null} when none is allowed
     */
    private String lastWord(String missing, String what) {
        in.skipBlanks();
        if (in.atEnd() && missing != null) {
            throw new LineError(missing);
        }
        int start = in.pos();
        in.skipToken();
        String word = text.substring(start, in.pos());
        in.skipBlanks();
        if (!in.atEnd()) {
            throw new LineError("unexpected text after " + what + ": " + in.quoteRest());
        }
        return word;
    }

    /** HELP text unescaped: {@code \\} and {@code \n}, and in OpenMetrics {@code \"}. */
    private String unescapeHelp(int from, int to) {
        int firstEscape = from;
        while (firstEscape < to && text.charAt(firstEscape) != '\\') {
            firstEscape++;
        }
        if (firstEscape == to) {
            return text.substring(from, to);
        }
        StringBuilder b = new StringBuilder(to - from).append(text, from, firstEscape);
        for (int i = firstEscape; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < to) {
                char e = text.charAt(i + 1);
                if (e == '\\' || e == 'n' || e == '"' && openMetrics) {
                    b.append(e == 'n' ? '\n' : e);
                    i++;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    private FamilyState family(String name) {
        return families.computeIfAbsent(name, FamilyState::new);
    }

    // ---- samples --------------------------------------------------------------------------

    private void sample() {
        String name = in.at('{') ? null : in.metricNameEndingAt("{");
        in.skipBlanks();
        Map<String, String> labels = Map.of();
        if (in.at('{')) {
            in.advance();
            LineScanner.LabelSet set = in.labelSet(name == null);
            labels = set.labels();
            if (name == null) {
                name = set.quotedName();
                if (name == null) {
                    throw new LineError("sample without a metric name");
                }
            }
        }
        in.skipBlanks();
        if (in.atEnd()) {
            throw new LineError("missing value");
        }
        int valueStart = in.pos();
        in.skipToken();
        Double value = Numbers.parseFloat(text, valueStart, in.pos());
        if (value == null) {
            throw new LineError("bad value " + Numbers.quote(text, valueStart, in.pos()));
        }
        in.skipBlanks();
        Long timestamp = null;
        if (!in.atEnd() && !in.at('#')) {
            int tsStart = in.pos();
            in.skipToken();
            timestamp = openMetrics ? Numbers.parseSecondsAsMillis(text, tsStart, in.pos())
                    : Numbers.parseMillis(text, tsStart, in.pos());
            if (timestamp == null) {
                throw new LineError("bad timestamp " + Numbers.quote(text, tsStart, in.pos())
                        + (openMetrics ? " (OpenMetrics wants seconds)" : " (want integer milliseconds)"));
            }
            in.skipBlanks();
        }
        if (!in.atEnd()) {
            if (!in.at('#')) {
                throw new LineError("unexpected text after " + (timestamp == null ? "value: " : "timestamp: ")
                        + in.quoteRest());
            }
            exemplar();
        }
        accept(name, labels, value, timestamp);
    }

    /** An exemplar, {@code # {labels} value [timestamp]}: checked, then dropped. */
    private void exemplar() {
        in.advance(); // '#'
        try {
            in.skipBlanks();
            if (!in.at('{')) {
                throw new LineError("expected '{'");
            }
            in.advance();
            in.labelSet(false);
            in.skipBlanks();
            int valueStart = in.pos();
            in.skipToken();
            if (Numbers.parseFloat(text, valueStart, in.pos()) == null) {
                throw new LineError(valueStart == in.pos() ? "missing value"
                        : "bad value " + Numbers.quote(text, valueStart, in.pos()));
            }
            in.skipBlanks();
            if (!in.atEnd()) {
                int tsStart = in.pos();
                in.skipToken();
                if (Numbers.parseSecondsAsMillis(text, tsStart, in.pos()) == null) {
                    throw new LineError("bad timestamp " + Numbers.quote(text, tsStart, in.pos()));
                }
                in.skipBlanks();
                if (!in.atEnd()) {
                    throw new LineError("unexpected text " + in.quoteRest());
                }
            }
        } catch (LineError e) {
            throw new LineError("bad exemplar: " + e.getMessage());
        }
    }

    /** Checks a read sample against its family and the samples before it, and keeps it. */
    private void accept(String name, Map<String, String> labels, double value, Long timestamp) {
        FamilyState f = familyOf(name);
        String familyName = f == null ? name : f.name;
        MetricType type = f == null ? MetricType.UNTYPED : f.type;
        if ((type == MetricType.HISTOGRAM || type == MetricType.GAUGEHISTOGRAM)
                && name.length() == familyName.length() + 7 && name.endsWith("_bucket")) {
            checkBound(labels, "le", "histogram bucket without an 'le' label");
        } else if (type == MetricType.SUMMARY && name.equals(familyName)) {
            checkBound(labels, "quantile", "summary sample without a 'quantile' label");
        }
        if (!series.add(new SeriesKey(name, labels, timestamp))) {
            throw new LineError("duplicate sample " + Numbers.quote(name + labels));
        }
        if (f == null) {
            f = family(name);
        }
        f.sampleCount++;
        samples.add(new Sample(name, f.name, labels, value, timestamp));
    }

    private static void checkBound(Map<String, String> labels, String label, String missing) {
        String bound = labels.get(label);
        if (bound == null) {
            throw new LineError(missing);
        }
        if (Double.isNaN(Numbers.parseBound(bound))) {
            throw new LineError("bad " + label + " " + Numbers.quote(bound));
        }
    }

    /**
     * The family a sample name belongs to: one of that very name, else one whose type owns the
     * suffix the name ends with ({@code _total}, {@code _bucket}, ...); {@code null} when none.
     */
    private FamilyState familyOf(String name) {
        FamilyState exact = families.get(name);
        if (exact != null) {
            return exact;
        }
        int us = name.lastIndexOf('_');
        if (us <= 0) {
            return null;
        }
        FamilyState base = families.get(name.substring(0, us));
        if (base != null && base.type.suffixes().contains(name.substring(us))) {
            return base;
        }
        return null;
    }

    /** Whether {@code text} is OpenMetrics by its own lines: a {@code # EOF} or a {@code # UNIT} line. */
    static boolean looksLikeOpenMetrics(String text) {
        return hasLine(text, "# EOF", true) || hasLine(text, "# UNIT ", false);
    }

    private static boolean hasLine(String text, String start, boolean whole) {
        for (int i = text.indexOf(start); i >= 0; i = text.indexOf(start, i + 1)) {
            if (i > 0 && text.charAt(i - 1) != '\n') {
                continue;
            }
            if (!whole) {
                return true;
            }
            int j = i + start.length();
            while (j < text.length() && (LineScanner.isBlank(text.charAt(j)) || text.charAt(j) == '\r')) {
                j++;
            }
            if (j == text.length() || text.charAt(j) == '\n') {
                return true;
            }
        }
        return false;
    }

    /** A family's metadata as it is being read. */
    private static final class FamilyState {
        final String name;
        MetricType type = MetricType.UNTYPED;
        boolean typed;
        String help;
        String unit;
        int sampleCount;

        FamilyState(String name) {
            this.name = name;
        }
    }

    /** What makes a sample a duplicate: the same name, labels (in any order) and timestamp. */
    private record SeriesKey(String name, Map<String, String> labels, Long timestamp) {
    }
}
