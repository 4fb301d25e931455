package io.userscale.gpuapp.compute;

/**
 * How busy a device was over the recent wall time, as measured by the app around each operation:
 * the mean share of its slots with work in flight over the last window, the operations in flight
 * included. A GPU that runs one operation at a time has one slot, so this is the share of the
 * window it had work in flight; a device with {@code k} batch slots is 100 % busy only while all
 * {@code k} are taken. Kept as per-second buckets of slot-busy time.
 */
public final class GpuActivity {

    /** The window the utilisation of a GPU covers. */
    public static final long WINDOW_NANOS = 10_000_000_000L;

    private static final long SECOND = 1_000_000_000L;

    private final int slots;
    private final long windowNanos;
    private final int buckets;
    private final long[] bucketSecond;
    private final long[] bucketBusy;
    private final long origin = System.nanoTime();
    private int inFlight;
    private long levelSince;

    /** One slot over {@link #WINDOW_NANOS}: a GPU. */
    public GpuActivity() {
        this(1, WINDOW_NANOS);
    }

    public GpuActivity(int slots, long windowNanos) {
        if (slots < 1 || windowNanos < SECOND) {
            throw new IllegalArgumentException("slots must be ≥ 1 and the window ≥ 1 s");
        }
        this.slots = slots;
        this.windowNanos = windowNanos;
        this.buckets = (int) (windowNanos / SECOND) + 1;
        this.bucketSecond = new long[buckets];
        this.bucketBusy = new long[buckets];
        this.levelSince = origin;
    }

    /** An operation starts now. */
    public synchronized void begin() {
        settle(System.nanoTime());
        inFlight++;
    }

    /** An operation ended now. */
    public synchronized void end() {
        settle(System.nanoTime());
        inFlight = Math.max(0, inFlight - 1);
    }

    /** Operations in flight now. */
    public synchronized int inFlight() {
        return inFlight;
    }

    public int slots() {
        return slots;
    }

    /** Busy share of the last window, percent (0–100). */
    public synchronized double percent() {
        return percent(System.nanoTime());
    }

    synchronized double percent(long now) {
        long from = Math.max(origin, now - windowNanos);
        double busy = 0;
        for (int i = 0; i < buckets; i++) {
            long start = bucketSecond[i] * SECOND + origin;
            if (bucketBusy[i] > 0 && start + SECOND > from && start <= now) {
                // a bucket partly outside the window counts in proportion
                double inside = (double) (Math.min(now, start + SECOND) - Math.max(from, start)) / SECOND;
                busy += bucketBusy[i] * Math.max(0, Math.min(1, inside));
            }
        }
        busy += (double) inFlight * Math.max(0, now - Math.max(from, levelSince));
        long span = now - from;
        return span <= 0 ? 0 : Math.max(0, Math.min(100, 100.0 * busy / ((double) span * slots)));
    }

    /** Books the slots busy since the last change up to {@code now}. */
    private void settle(long now) {
        if (inFlight > 0) {
            add(levelSince, now, inFlight);
        }
        levelSince = now;
    }

    /** Records {@code [start, end)} as one slot busy. */
    synchronized void add(long start, long end) {
        add(start, end, 1);
    }

    /** Records {@code [start, end)} with {@code level} slots busy, split over the seconds it spans. */
    private void add(long start, long end, int level) {
        long t = start;
        while (t < end) {
            long second = (t - origin) / SECOND;
            long boundary = origin + (second + 1) * SECOND;
            long until = Math.min(end, boundary);
            int i = (int) (second % buckets);
            if (bucketSecond[i] != second) {
                bucketSecond[i] = second;
                bucketBusy[i] = 0;
            }
            bucketBusy[i] += (until - t) * level;
            t = until;
        }
    }
}
