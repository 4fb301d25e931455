package io.userscale.kafka.contract;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The buckets of a latency histogram: an immutable map from upper bound, as Prometheus writes it
 * ({@code "250"}, {@code "+Inf"}), to cumulative count, ordered by bound, with the bounds also
 * parsed once into numbers so that consumers merging many histograms need not parse text.
 * Bounds that are not numbers are kept (and reported as {@code NaN}) so a consumer can count them
 * as invalid; a {@code null} count is kept as {@code null}.
 *
 * <p>Histograms of one exposition share their bounds: the {@link #layout()} of equal bound sets is
 * one shared object, so merging histograms of many pods is a sum of arrays.
 */
public final class Buckets extends AbstractMap<String, Double> {

    /**
     * A set of bounds, shared by every histogram that has exactly these.
     *
     * @param labels the bounds as written, ascending by value
     * @param bounds the bounds as numbers ({@code NaN} when not a valid bound)
     */
    public record Layout(String[] labels, double[] bounds) {
    }

    private static final ConcurrentHashMap<List<String>, Layout> LAYOUTS = new ConcurrentHashMap<>();
    private static final int LAYOUT_CACHE_LIMIT = 1024;
    private static final Buckets EMPTY = new Buckets(new Layout(new String[0], new double[0]), new Double[0]);

    private final Layout layout;
    private final String[] labels;
    private final double[] bounds;
    private final Double[] counts;
    private final double[] countValues;

    private Buckets(Layout layout, Double[] counts) {
        this.layout = layout;
        this.labels = layout.labels();
        this.bounds = layout.bounds();
        this.counts = counts;
        this.countValues = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            countValues[i] = counts[i] == null ? Double.NaN : counts[i];
        }
    }

    /** The buckets of a map (returned as is when already {@code Buckets}). */
    public static Buckets of(Map<String, Double> map) {
        if (map == null || map.isEmpty()) {
            return EMPTY;
        }
        if (map instanceof Buckets b) {
            return b;
        }
        int n = map.size();
        Integer[] order = new Integer[n];
        String[] labels = new String[n];
        double[] bounds = new double[n];
        Double[] counts = new Double[n];
        int i = 0;
        for (var e : map.entrySet()) {
            if (e.getKey() == null) {
                throw new NullPointerException("bucket bound");
            }
            labels[i] = e.getKey();
            bounds[i] = parseBound(e.getKey());
            counts[i] = e.getValue();
            order[i] = i;
            i++;
        }
        Arrays.sort(order, (a, b) -> { // ascending by value, unparseable bounds last
            int c = Boolean.compare(Double.isNaN(bounds[a]), Double.isNaN(bounds[b]));
            if (c == 0) {
                c = Double.compare(bounds[a], bounds[b]);
            }
            return c != 0 ? c : labels[a].compareTo(labels[b]);
        });
        String[] l2 = new String[n];
        double[] b2 = new double[n];
        Double[] c2 = new Double[n];
        for (int k = 0; k < n; k++) {
            l2[k] = labels[order[k]];
            b2[k] = bounds[order[k]];
            c2[k] = counts[order[k]];
        }
        List<String> key = List.of(l2);
        Layout layout = LAYOUTS.get(key);
        if (layout == null) {
            layout = new Layout(l2, b2);
            if (LAYOUTS.size() < LAYOUT_CACHE_LIMIT) {
                Layout raced = LAYOUTS.putIfAbsent(key, layout);
                layout = raced == null ? layout : raced;
            }
        }
        return new Buckets(layout, c2);
    }

    /**
     * The shared layout of bounds already written in ascending order (as an exposition lists
     * them), for producers that build many histograms of the same bounds.
     *
     * @throws IllegalArgumentException when the bounds are not ascending numbers
     */
    public static Layout layout(String... ascendingLabels) {
        Map<String, Double> probe = new java.util.LinkedHashMap<>();
        for (String l : ascendingLabels) {
            probe.put(l, 0.0);
        }
        Layout layout = of(probe).layout;
        if (!Arrays.equals(layout.labels(), ascendingLabels)) {
            throw new IllegalArgumentException("bounds must be ascending numbers: " + Arrays.toString(ascendingLabels));
        }
        for (double b : layout.bounds()) {
            if (Double.isNaN(b)) {
                throw new IllegalArgumentException("bounds must be numbers: " + Arrays.toString(ascendingLabels));
            }
        }
        return layout;
    }

    /** Buckets of a known layout with these cumulative counts, one per bound, copied. */
    public static Buckets of(Layout layout, double[] counts) {
        if (counts.length != layout.labels().length) {
            throw new IllegalArgumentException("expected " + layout.labels().length + " counts, got " + counts.length);
        }
        Double[] boxed = new Double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            boxed[i] = counts[i];
        }
        return new Buckets(layout, boxed);
    }

    /** The bounds, shared with every histogram of the same bounds. */
    public Layout layout() {
        return layout;
    }

    /** The counts in bound order, {@code NaN} where absent. Do not modify. */
    public double[] countArray() {
        return countValues;
    }

    /** A bound as a number: {@code +Inf} is infinity; negatives, NaN and non-numbers are {@code NaN}. */
    public static double parseBound(String le) {
        String s = le.trim();
        if (s.equals("+Inf") || s.equals("Inf") || s.equals("+inf") || s.equals("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) && v >= 0 ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Number of buckets. */
    @Override
    public int size() {
        return labels.length;
    }

    /** The i-th bound (ascending; unparseable ones last, as NaN). */
    public double bound(int i) {
        return bounds[i];
    }

    /** The i-th cumulative count, or {@code NaN} when absent. */
    public double count(int i) {
        return countValues[i];
    }

    @Override
    public Double get(Object key) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].equals(key)) {
                return counts[i];
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        for (String l : labels) {
            if (l.equals(key)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Set<Entry<String, Double>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Double>> iterator() {
                return new Iterator<>() {
                    private int i;

                    @Override
                    public boolean hasNext() {
                        return i < labels.length;
                    }

                    @Override
                    public Entry<String, Double> next() {
                        if (i >= labels.length) {
                            throw new NoSuchElementException();
                        }
                        int k = i++;
                        return new SimpleImmutableEntry<>(labels[k], counts[k]);
                    }
                };
            }

            @Override
            public int size() {
                return labels.length;
            }
        };
    }
}
