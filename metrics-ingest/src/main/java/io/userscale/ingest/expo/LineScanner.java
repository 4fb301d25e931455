package io.userscale.ingest.expo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cursor over one line of an exposition, reading in place the tokens both formats share: metric
 * and label names, quoted strings with their escapes, label sets, blank-separated tokens. What it
 * cannot read it reports as a {@link LineError} naming the problem.
 */
final class LineScanner {

    private final String text;
    private int pos;
    private int end;

    LineScanner(String text) {
        this.text = text;
    }

    /** Moves to the line {@code [start, end)} ({@code end} before any CR). */
    void line(int start, int lineEnd) {
        pos = start;
        end = lineEnd;
    }

    String text() {
        return text;
    }

    int pos() {
        return pos;
    }

    int end() {
        return end;
    }

    boolean atEnd() {
        return pos >= end;
    }

    /** The character at the cursor; only when not {@link #atEnd()}. */
    char peek() {
        return text.charAt(pos);
    }

    /** Whether the cursor is at {@code c}. */
    boolean at(char c) {
        return pos < end && text.charAt(pos) == c;
    }

    void advance() {
        pos++;
    }

    void skipBlanks() {
        while (pos < end && isBlank(text.charAt(pos))) {
            pos++;
        }
    }

    /** Moves past the blank-separated token at the cursor. */
    void skipToken() {
        pos = tokenEnd(pos);
    }

    /** Where the blank-separated token at {@code from} ends. */
    int tokenEnd(int from) {
        int i = from;
        while (i < end && !isBlank(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The rest of the line, quoted for a reason. */
    String quoteRest() {
        return Numbers.quote(text, pos, end);
    }

    /** A metric name at the cursor: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    String metricName() {
        int start = pos;
        if (pos >= end || !isNameStart(text.charAt(pos)) && text.charAt(pos) != ':') {
            throw new LineError("bad metric name " + Numbers.quote(text, start, Math.max(tokenEnd(start), start + 1)));
        }
        pos++;
        while (pos < end && (isNamePart(text.charAt(pos)) || text.charAt(pos) == ':')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /**
     * A metric name at the cursor that must end at a blank, the line's end or one of
     * {@code alsoEndingAt}; reported whole (as far as the next blank) when it does not.
     */
    String metricNameEndingAt(String alsoEndingAt) {
        int start = pos;
        String name = metricName();
        if (pos < end && !isBlank(text.charAt(pos)) && alsoEndingAt.indexOf(text.charAt(pos)) < 0) {
            throw new LineError("bad metric name " + Numbers.quote(text, start, tokenEnd(pos)));
        }
        return name;
    }

    /** A label name at the cursor: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    String labelName() {
        int start = pos;
        if (pos < end && isNameStart(text.charAt(pos))) {
            pos++;
            while (pos < end && isNamePart(text.charAt(pos))) {
                pos++;
            }
        }
        if (pos == start || pos < end && !isBlank(text.charAt(pos)) && "=\",}".indexOf(text.charAt(pos)) < 0) {
            int stop = pos;
            while (stop < end && !isBlank(text.charAt(stop)) && "=,}".indexOf(text.charAt(stop)) < 0) {
                stop++;
            }
            throw new LineError("bad label name " + Numbers.quote(text, start, Math.max(stop, start + 1)));
        }
        return text.substring(start, pos);
    }

    /**
     * A quoted string at the cursor (which is at its {@code "}), unescaping {@code \\}, {@code \"}
     * and {@code \n}; other escapes are kept as written, as Prometheus does.
     *
     * @param unterminated the reason when the line ends before the closing quote
     */
    String quoted(String unterminated) {
        int start = ++pos;
        StringBuilder b = null;
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == '"') {
                String s = b == null ? text.substring(start, pos) : b.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c == '\\') {
                if (pos + 1 >= end) {
                    break;
                }
                if (b == null) {
                    b = new StringBuilder();
                }
                b.append(text, start, pos);
                char e = text.charAt(pos + 1);
                switch (e) {
                    case '\\', '"' -> b.append(e);
                    case 'n' -> b.append('\n');
                    default -> b.append('\\').append(e);
                }
                pos += 2;
                start = pos;
                continue;
            }
            pos++;
        }
        throw new LineError(unterminated);
    }

    /**
     * The labels of a set whose {@code '{'} the cursor is just past, through its {@code '}'}.
     * A trailing comma is allowed.
     *
     * @param nameAllowed whether the set may begin with a quoted metric name, as in
     *                    {@code {"metric.name", label="v"}}
     */
    LabelSet labelSet(boolean nameAllowed) {
        Map<String, String> labels = null;
        String quotedName = null;
        boolean first = true;
        while (true) {
            skipBlanks();
            if (pos >= end) {
                throw new LineError("unterminated label set");
            }
            char c = text.charAt(pos);
            if (c == '}') {
                pos++;
                break;
            }
            String label;
            if (c == '"') {
                label = quoted("unterminated quoted label name");
                skipBlanks();
                if (first && nameAllowed && (at(',') || at('}'))) {
                    quotedName = label;
                    first = false;
                    if (at(',')) {
                        pos++;
                    }
                    continue;
                }
            } else {
                label = labelName();
                skipBlanks();
            }
            first = false;
            if (pos >= end) {
                throw new LineError("unterminated label set");
            }
            if (text.charAt(pos) != '=') {
                throw new LineError("expected '=' after label " + Numbers.quote(label));
            }
            pos++;
            skipBlanks();
            if (!at('"')) {
                throw new LineError("value of label " + Numbers.quote(label) + " is not quoted");
            }
            String value = quoted("unterminated label value");
            if (labels == null) {
                labels = new LinkedHashMap<>();
            }
            if (labels.putIfAbsent(label, value) != null) {
                throw new LineError("duplicate label " + Numbers.quote(label));
            }
            skipBlanks();
            if (pos >= end) {
                throw new LineError("unterminated label set");
            }
            c = text.charAt(pos);
            pos++;
            if (c == '}') {
                break;
            }
            if (c != ',') {
                throw new LineError("expected ',' or '}' after label " + Numbers.quote(label) + ", found "
                        + Numbers.quote(text, pos - 1, pos));
            }
        }
        return new LabelSet(labels == null ? Map.of() : Collections.unmodifiableMap(labels), quotedName);
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || c >= '0' && c <= '9';
    }

    /**
     * A label set as read.
     *
     * @param labels     the labels in written order, unmodifiable
     * @param quotedName the quoted metric name the set began with, or {@code null}
     */
    record LabelSet(Map<String, String> labels, String quotedName) {
    }
}
