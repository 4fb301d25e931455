package io.userscale.ingest.service;

import io.userscale.kafka.contract.TargetRef;
import java.util.Arrays;

/**
 * The moments of the scrape interval the targets are spread over. The interval is cut into
 * {@code count} evenly spaced phases; a target belongs to one of them, always the same (a hash of
 * its key, mixed so that the targets of one shard spread over every phase too), and is scraped
 * once an interval, at its phase. Spread so, a thousand targets reach the engine as a steady
 * stream instead of a thousand snapshots at once every interval, each waiting behind the others.
 *
 * <p>A phase's round may take longer than the time between phases; it may not take a whole
 * interval: a phase whose last round still runs when it comes due again is skipped, and says so,
 * rather than started twice.
 */
final class Phases {

    private final int count;
    private final long tickMs;
    private final long[] startedMs;
    private int next;

    Phases(int count, long intervalMs) {
        if (count < 1 || intervalMs / count < 10) {
            throw new IllegalArgumentException("userscale.ingest.phases must be 1-" + Math.max(1, intervalMs / 10)
                    + " for an interval of " + intervalMs + " ms (at least 10 ms between phases), got " + count);
        }
        this.count = count;
        this.tickMs = intervalMs / count;
        this.startedMs = new long[count];
        Arrays.fill(startedMs, -1);
    }

    int count() {
        return count;
    }

    /** Time between two phases, ms. */
    long tickMs() {
        return tickMs;
    }

    /** The phase a target is scraped at. */
    int of(TargetRef target) {
        return Math.floorMod(Long.hashCode(target.key().hashCode() * 0x9E3779B97F4A7C15L), count);
    }

    /** The phase due at the next tick: 0, 1, …, count − 1, 0, … */
    synchronized int next() {
        int p = next;
        next = (next + 1) % count;
        return p;
    }

    /** Marks a round of {@code phase} started at {@code nowMs}; false when its last round still runs. */
    synchronized boolean begin(int phase, long nowMs) {
        if (startedMs[phase] >= 0) {
            return false;
        }
        startedMs[phase] = nowMs;
        return true;
    }

    /** When the running round of {@code phase} started, ms, or −1. */
    synchronized long startedMs(int phase) {
        return startedMs[phase];
    }

    /** Marks the round of {@code phase} finished. */
    synchronized void end(int phase) {
        startedMs[phase] = -1;
    }
}
