package io.userscale.ingest.service;

/**
 * When ingest's rounds are due: one every interval from when they were scheduled (times on a
 * monotonic clock, ms). A round that starts more than half an interval after it was due comes late
 * because the one before it overran; it is skipped, so that rounds never pile up behind a slow one
 * and the next starts on time. The first round is never skipped, however late it starts.
 */
final class RoundClock {

    private final long originMs;
    private final long intervalMs;
    private boolean started;
    private long skipped;

    RoundClock(long originMs, long intervalMs) {
        this.originMs = originMs;
        this.intervalMs = intervalMs;
    }

    /** Now on the clock rounds are due by: monotonic, ms. */
    static long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** Whether a round starting at {@code nowMs} is late and must be skipped. */
    synchronized boolean late(long nowMs) {
        if (!started) {
            started = true;
            return false;
        }
        long sinceDue = Math.floorMod(nowMs - originMs, intervalMs);
        boolean late = sinceDue > intervalMs / 2;
        if (late) {
            skipped++;
        }
        return late;
    }

    /** Rounds skipped so far. */
    synchronized long skipped() {
        return skipped;
    }
}
