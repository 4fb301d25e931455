package io.userscale.gpuapp.compute;

/**
 * How much of the recent wall time a GPU had work in flight, as measured by the app around each
 * GPU operation (operations run one at a time): the share of the last {@link #WINDOW_NANOS} that
 * was busy, the in-flight operation included. Kept as per-second buckets of busy time.
 */
public final class GpuActivity {

    /** The window the utilisation covers. */
    public static final long WINDOW_NANOS = 10_000_000_000L;

    private static final long SECOND = 1_000_000_000L;
    private static final int BUCKETS = (int) (WINDOW_NANOS / SECOND) + 1;

    private final long[] bucketSecond = new long[BUCKETS];
    private final long[] bucketBusy = new long[BUCKETS];
    private long activeSince = -1;
    private final long origin = System.nanoTime();

    /** An operation starts now; returns its start time for {@link #end}. */
    public synchronized long begin() {
        long now = System.nanoTime();
        activeSince = now;
        return now;
    }

    /** The operation started at {@code began} ended now. */
    public synchronized void end(long began) {
        add(began, System.nanoTime());
        activeSince = -1;
    }

    /** Busy share of the last window, percent (0–100). */
    public synchronized double percent() {
        return percent(System.nanoTime());
    }

    synchronized double percent(long now) {
        long from = Math.max(origin, now - WINDOW_NANOS);
        long busy = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long start = bucketSecond[i] * SECOND + origin;
            if (bucketBusy[i] > 0 && start + SECOND > from && start <= now) {
                // a bucket partly outside the window counts in proportion
                double inside = (double) (Math.min(now, start + SECOND) - Math.max(from, start)) / SECOND;
                busy += (long) (bucketBusy[i] * Math.max(0, Math.min(1, inside)));
            }
        }
        if (activeSince >= 0) {
            busy += now - Math.max(from, activeSince);
        }
        long span = now - from;
        return span <= 0 ? 0 : Math.max(0, Math.min(100, 100.0 * busy / span));
    }

    /** Records {@code [start, end)} as busy, split over the seconds it spans. */
    synchronized void add(long start, long end) {
        long t = start;
        while (t < end) {
            long second = (t - origin) / SECOND;
            long boundary = origin + (second + 1) * SECOND;
            long until = Math.min(end, boundary);
            int i = (int) (second % BUCKETS);
            if (bucketSecond[i] != second) {
                bucketSecond[i] = second;
                bucketBusy[i] = 0;
            }
            bucketBusy[i] += until - t;
            t = until;
        }
    }
}
