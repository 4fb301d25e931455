package io.userscale.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run measured: latencies in an HdrHistogram (1 µs to 10 min, 3 significant digits), a
 * per-second timeline, and errors by kind. Thread-safe: every user records into it.
 */
public final class Stats {

    /**
     * One second of a run.
     *
     * @param second  seconds since the start
     * @param users   active users then
     * @param targetRps the rate an open-loop run aimed at then; {@code null} in closed loop
     * @param ok      successful requests completed in it
     * @param errors  failed requests completed in it
     * @param p50Ms   median latency of its requests
     * @param p95Ms   95th percentile
     * @param p99Ms   99th percentile
     */
    public record Second(int second, int users, Double targetRps, long ok, long errors, double p50Ms, double p95Ms, double p99Ms) {
    }

    private final Recorder interval = new Recorder(3);
    private final Histogram total = new Histogram(3_600_000_000L, 3);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final LongAdder ok = new LongAdder();
    private final LongAdder failedInSecond = new LongAdder();
    private final LongAdder okInSecond = new LongAdder();
    private final List<Second> timeline = new ArrayList<>();
    private final List<Histogram> perSecond = new ArrayList<>();

    /** A request that completed with a success after {@code micros}. */
    public void success(long micros) {
        interval.recordValue(Math.max(1, micros));
        ok.increment();
        okInSecond.increment();
    }

    /** A request that failed, by kind ({@code http-503}, {@code connect}, {@code timeout}, ...). */
    public void failure(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        failedInSecond.increment();
    }

    /** Closes one second of the timeline (called once a second by the runner). */
    public synchronized Second tick(int second, int users, Double targetRps) {
        Histogram h = interval.getIntervalHistogram();
        total.add(h);
        perSecond.add(h);
        Second s = new Second(second, users, targetRps, okInSecond.sumThenReset(), failedInSecond.sumThenReset(),
                ms(h, 50), ms(h, 95), ms(h, 99));
        timeline.add(s);
        return s;
    }

    /** Folds in what completed after the last second closed (requests in flight at the end). */
    public synchronized void finish() {
        total.add(interval.getIntervalHistogram());
    }

    public synchronized List<Second> timeline() {
        return List.copyOf(timeline);
    }

    public long successes() {
        return ok.sum();
    }

    public Map<String, Long> errorsByKind() {
        Map<String, Long> m = new TreeMap<>();
        errors.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /**
     * Percentile of the requests completed in seconds {@code from} to {@code to} of the timeline
     * (1-based, inclusive), ms; {@code NaN} when none completed then.
     */
    public synchronized double percentileMs(double p, int from, int to) {
        Histogram merged = new Histogram(3_600_000_000L, 3);
        for (int s = Math.max(1, from); s <= Math.min(to, perSecond.size()); s++) {
            merged.add(perSecond.get(s - 1));
        }
        return merged.getTotalCount() == 0 ? Double.NaN : ms(merged, p);
    }

    /** Percentile over the whole run so far, ms. */
    public synchronized double percentileMs(double p) {
        return ms(total, p);
    }

    private static double ms(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p) / 1000.0;
    }
}
