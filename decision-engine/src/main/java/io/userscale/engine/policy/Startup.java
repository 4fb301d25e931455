package io.userscale.engine.policy;

import io.userscale.kafka.contract.TargetSnapshot.PodSample;
import java.util.Arrays;
import java.util.List;

/**
 * How long the target's pods take from creation to ready, measured from the snapshots: a pod seen
 * not ready with its start time is remembered until a snapshot shows it ready; the time between,
 * less half a scrape interval (it became ready somewhere in the interval), is one sample. Keeps the
 * last {@value #SAMPLES} samples.
 *
 * @param samples  start-up seconds measured, oldest first
 * @param names    pods seen starting, not yet seen ready
 * @param started  their start times, epoch ms
 */
public record Startup(double[] samples, String[] names, long[] started) {

    static final int SAMPLES = 16;
    static final int PENDING_LIMIT = 256;
    static final Startup NONE = new Startup(new double[0], new String[0], new long[0]);

    /** Follows the pods of one snapshot taken at {@code tsMs} over an interval of {@code intervalMs}. */
    Startup observe(List<PodSample> pods, long tsMs, long intervalMs) {
        if (pods.isEmpty() && names.length == 0) {
            return this;
        }
        double[] s = samples;
        String[] n = null;
        long[] t = null;
        int kept = 0;
        boolean changed = false;
        // pods remembered as starting: done when seen ready, forgotten when gone
        for (int i = 0; i < names.length; i++) {
            PodSample p = find(pods, names[i]);
            if (p != null && !p.ready()) {
                if (n == null) {
                    n = new String[names.length + pods.size()];
                    t = new long[names.length + pods.size()];
                }
                n[kept] = names[i];
                t[kept] = started[i];
                kept++;
                continue;
            }
            changed = true;
            if (p != null) {
                double seconds = Math.max(0, (tsMs - intervalMs / 2.0 - started[i]) / 1000.0);
                s = append(s, seconds);
            }
        }
        for (PodSample p : pods) {
            if (!p.ready() && p.startedAt() != null && !known(p.name()) && kept < PENDING_LIMIT) {
                if (n == null) {
                    n = new String[names.length + pods.size()];
                    t = new long[names.length + pods.size()];
                }
                n[kept] = p.name();
                t[kept] = p.startedAt().toEpochMilli();
                kept++;
                changed = true;
            }
        }
        if (!changed) {
            return this;
        }
        return new Startup(s, n == null ? new String[0] : Arrays.copyOf(n, kept),
                t == null ? new long[0] : Arrays.copyOf(t, kept));
    }

    /** Pods remembered as starting. */
    int pending() {
        return names.length;
    }

    /**
     * Pod-seconds to spare over the next {@code horizonS} seconds from {@code nowMs}: at each moment
     * the pods serving then ({@code ready}, and each pod remembered as starting from {@code startupS}
     * after it started) beyond the {@code busy} pods' worth that arrivals take. Negative where they
     * are short: while too few serve, what arrivals bring beyond them queues.
     */
    double spareWithin(long nowMs, double startupS, double horizonS, double ready, double busy) {
        double[] at = new double[started.length];
        for (int i = 0; i < at.length; i++) {
            at[i] = Math.min(horizonS, Math.max(0, (started[i] - nowMs) / 1000.0 + startupS));
        }
        Arrays.sort(at);
        double total = 0;
        double from = 0;
        double serving = ready;
        for (double t : at) {
            total += (serving - busy) * (t - from);
            from = t;
            serving++;
        }
        return total + (serving - busy) * (horizonS - from);
    }

    /** The 90th percentile of the samples (the highest but every tenth), or {@code priorS} before any. */
    double p90(double priorS) {
        if (samples.length == 0) {
            return priorS;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(0.9 * sorted.length) - 1;
        return sorted[Math.max(0, i)];
    }

    /** A state after a restart: one sample, the estimate the last decision published. */
    static Startup restored(double seconds) {
        return Double.isFinite(seconds) && seconds >= 0 ? new Startup(new double[] {seconds}, new String[0],
                new long[0]) : NONE;
    }

    private boolean known(String name) {
        for (String n : names) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static PodSample find(List<PodSample> pods, String name) {
        for (PodSample p : pods) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static double[] append(double[] s, double v) {
        double[] out = s.length < SAMPLES ? Arrays.copyOf(s, s.length + 1) : Arrays.copyOfRange(s, 1, s.length + 1);
        out[out.length - 1] = v;
        return out;
    }
}
