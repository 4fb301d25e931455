package io.userscale.ingest.expo;

/**
 * Number tokens of both formats, checked by hand before {@link Double#parseDouble} sees them (which
 * would also take {@code 1d}, {@code 0x1p3} or surrounding blanks).
 */
final class Numbers {

    /** Longest text quoted in a reason. */
    private static final int QUOTE_LIMIT = 40;

    private Numbers() {
    }

    /**
     * A sample value: a decimal float ({@code 1}, {@code -2.5e-3}, {@code .5}) or, in any letter
     * case, {@code NaN}, {@code Inf}, {@code Infinity} with an optional sign.
     *
     * @return the value, or {@code null} when the token is not a number
     */
    static Double parseFloat(String s, int from, int to) {
        if (from >= to) {
            return null;
        }
        int i = from;
        char sign = s.charAt(i);
        boolean negative = sign == '-';
        if (sign == '+' || sign == '-') {
            i++;
        }
        int n = to - i;
        if (n == 3 && s.regionMatches(true, i, "inf", 0, 3) || n == 8 && s.regionMatches(true, i, "infinity", 0, 8)) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (n == 3 && i == from && s.regionMatches(true, i, "nan", 0, 3)) {
            return Double.NaN;
        }
        return isDecimal(s, i, to) ? Double.parseDouble(s.substring(from, to)) : null;
    }

    /** Whether {@code [from, to)} is digits with an optional fraction and exponent, and no sign. */
    private static boolean isDecimal(String s, int from, int to) {
        int i = from;
        int digits = 0;
        while (i < to && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < to && s.charAt(i) == '.') {
            i++;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == to;
    }

    /**
     * A Prometheus text timestamp: an integer of milliseconds, optionally signed.
     *
     * @return the timestamp, or {@code null} when the token is not one
     */
    static Long parseMillis(String s, int from, int to) {
        int i = from;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (i == to || to - i > 19) {
            return null;
        }
        for (int k = i; k < to; k++) {
            if (!isDigit(s.charAt(k))) {
                return null;
            }
        }
        try {
            return Long.parseLong(s, from, to, 10);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }

    /**
     * An OpenMetrics timestamp: seconds since the epoch, possibly with a fraction, as
     * milliseconds (rounded).
     *
     * @return the timestamp, or {@code null} when the token is not one
     */
    static Long parseSecondsAsMillis(String s, int from, int to) {
        int i = from;
        if (i < to && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        if (!isDecimal(s, i, to)) {
            return null;
        }
        double ms = Double.parseDouble(s.substring(from, to)) * 1000;
        if (!Double.isFinite(ms) || Math.abs(ms) >= 0x1p63) {
            return null;
        }
        return Math.round(ms);
    }

    /** A histogram bound ({@code le}) or quantile as a number; {@code NaN} when it is not one. */
    static double parseBound(String text) {
        Double v = parseFloat(text, 0, text.length());
        return v == null ? Double.NaN : v;
    }

    /** {@code [from, to)} in single quotes for a reason: shortened, control characters escaped. */
    static String quote(CharSequence s, int from, int to) {
        StringBuilder b = new StringBuilder(Math.min(to - from, QUOTE_LIMIT) + 8).append('\'');
        int stop = Math.min(to, from + QUOTE_LIMIT);
        int i = from;
        while (i < stop) {
            char c = s.charAt(i++);
            if (Character.isHighSurrogate(c) && i < to && Character.isLowSurrogate(s.charAt(i))) {
                b.append(c).append(s.charAt(i++));
            } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (i < to) {
            b.append("…");
        }
        return b.append('\'').toString();
    }

    /** The whole of {@code s} quoted for a reason. */
    static String quote(CharSequence s) {
        return quote(s, 0, s.length());
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
