package io.userscale.engine.sim;

import io.userscale.engine.sim.ModelCluster.Pod;
import io.userscale.kafka.contract.Buckets;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.contract.TargetSnapshot.LatencyHistogram;
import io.userscale.kafka.contract.TargetSnapshot.PodSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a policy sees of the model cluster, as {@code TargetSnapshot}s made the way
 * metrics-ingest makes them: every {@code intervalS} seconds each ready pod is read; counters
 * (requests, the latency histogram) become deltas between two readings, and a pod's first reading
 * has none; gauges (users, CPU, requests in flight) are the pod's means over the seconds it was
 * ready since the previous reading; pods not ready yet are listed with their start time and no
 * signals. A snapshot may describe a window that ended {@code ageS} seconds before it is decided
 * (the HPA's metrics-server window), while its replica counts and pod list are those of the
 * moment of the decision.
 *
 * @param target    the target the snapshots are about
 * @param intervalS seconds between snapshots
 * @param ageS      how old the newest reading is when the snapshot is decided
 * @param phaseS    seconds into the run of the first snapshot's cycle: snapshots are decided at
 *                  {@code phaseS + k × intervalS} (the HPA's syncs fall where its controller's clock puts them)
 */
record Scraper(TargetRef target, int intervalS, int ageS, int phaseS) {

    /** Event time of simulated second 0. */
    static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");
    static final Buckets.Layout LAYOUT = Buckets.layout(ModelCluster.BOUND_LABELS);

    Scraper {
        if (intervalS < 1 || ageS < 0 || ageS >= intervalS) {
            throw new IllegalArgumentException("scrape every " + intervalS + " s with metrics " + ageS + " s old");
        }
        if (phaseS < 0 || phaseS >= intervalS) {
            throw new IllegalArgumentException("a phase of " + phaseS + " s in a cycle of " + intervalS + " s");
        }
    }

    /** Snapshots at every multiple of the interval. */
    Scraper(TargetRef target, int intervalS, int ageS) {
        this(target, intervalS, ageS, 0);
    }

    /** Whether the pods are read at {@code time} (seconds since the start, after that many simulated seconds). */
    boolean readsAt(long time) {
        return Math.floorMod(time + ageS - phaseS, intervalS) == 0;
    }

    /** Whether a snapshot is decided at {@code time}. */
    boolean decidesAt(long time) {
        return Math.floorMod(time - phaseS, intervalS) == 0 && time > ageS;
    }

    /** Reads every ready pod's counters. */
    void read(ModelCluster cluster) {
        for (Pod p : cluster.pods()) {
            if (!p.ready) {
                continue;
            }
            double[] older = p.previous;
            p.previous = p.reading;
            p.reading = older;
            System.arraycopy(p.counters, 0, p.reading, 0, ModelCluster.SLOTS);
            p.hasPrevious = p.hasReading;
            p.hasReading = true;
        }
    }

    /** The snapshot decided at {@code time}, from the pods' latest readings. */
    TargetSnapshot snapshot(ModelCluster cluster, long time) {
        List<Pod> pods = cluster.pods();
        List<PodSample> samples = new ArrayList<>(pods.size());
        for (Pod p : pods) {
            samples.add(sample(p));
        }
        return new TargetSnapshot(target, EPOCH.plusSeconds(time), intervalS * 1000L,
                new TargetSnapshot.Replicas(cluster.spec(), cluster.ready()), samples);
    }

    private static PodSample sample(Pod p) {
        Instant started = EPOCH.plusSeconds(p.createdS);
        if (!p.ready || !p.hasReading) {
            return new PodSample(p.name, p.ready, started, null, null, null, null, null, null);
        }
        double[] now = p.reading;
        double[] before = p.hasPrevious ? p.previous : null;
        double seconds = now[ModelCluster.READY_SECONDS] - (before == null ? 0 : before[ModelCluster.READY_SECONDS]);
        if (seconds <= 0) {
            return new PodSample(p.name, true, started, null, null, null, null, null, null);
        }
        Double users = mean(now, before, ModelCluster.USER_SECONDS, seconds);
        Double cpu = Math.min(100, mean(now, before, ModelCluster.CPU_SECONDS, seconds));
        Double inflight = mean(now, before, ModelCluster.INFLIGHT_SECONDS, seconds);
        if (before == null) { // a first scrape: no counter deltas
            return new PodSample(p.name, true, started, users, cpu, null, null, null, inflight);
        }
        double requests = delta(now, before, ModelCluster.REQUESTS);
        double[] cumulative = new double[ModelCluster.BOUND_LABELS.length];
        double below = 0;
        for (int b = 0; b < ModelCluster.BOUNDS_MS.length; b++) {
            below = Math.min(requests, Math.max(below, delta(now, before, ModelCluster.BUCKET0 + b)));
            cumulative[b] = below;
        }
        cumulative[cumulative.length - 1] = requests;
        LatencyHistogram latency = new LatencyHistogram(requests, delta(now, before, ModelCluster.LATENCY_SUM),
                Buckets.of(LAYOUT, cumulative));
        return new PodSample(p.name, true, started, users, cpu, null, requests, latency, inflight);
    }

    private static double mean(double[] now, double[] before, int slot, double seconds) {
        return delta(now, before, slot) / seconds;
    }

    /** A counter's increase, never negative (sums of many small increments may differ in the last digit). */
    private static double delta(double[] now, double[] before, int slot) {
        return Math.max(0, now[slot] - (before == null ? 0 : before[slot]));
    }
}
