package io.userscale.ingest.scrape;

import io.userscale.ingest.expo.CounterDeltas;
import io.userscale.ingest.expo.IntervalDeltas;
import io.userscale.ingest.expo.SignalMapping;
import io.userscale.ingest.expo.Signals;
import io.userscale.ingest.pods.Pod;
import io.userscale.ingest.pods.PodSet;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns one round's scrapes of a target into its {@code TargetSnapshot}: each pod's gauges as
 * read, its counters and latency histogram as deltas since its previous scrape. A pod whose
 * scrape failed is in the snapshot with every signal unknown (missing, not zero) and its
 * counter memory is dropped, so its next good scrape is a first one. Holds the per-pod memory
 * of one target; one round at a time.
 */
public final class SnapshotAssembler {

    private final TargetRef target;
    private final SignalMapping mapping;
    private final CounterDeltas deltas = new CounterDeltas();

    public SnapshotAssembler(TargetRef target, SignalMapping mapping) {
        this.target = target;
        this.mapping = mapping;
    }

    /**
     * The snapshot of one round.
     *
     * @param ts         the round's time
     * @param intervalMs the scrape interval
     * @param pods       the target's pods this round
     * @param results    each pod's scrape, in the order of {@code pods.pods()}
     * @param gpuByPod   GPU utilisation from Prometheus by pod name, for pods that report none
     */
    public TargetSnapshot assemble(Instant ts, long intervalMs, PodSet pods, List<Scraper.Result> results,
                                   Map<String, Double> gpuByPod) {
        List<TargetSnapshot.PodSample> samples = new ArrayList<>(pods.pods().size());
        for (int i = 0; i < pods.pods().size(); i++) {
            Pod pod = pods.pods().get(i);
            Scraper.Result r = results.get(i);
            if (!r.ok()) {
                deltas.forget(pod.name());
                samples.add(new TargetSnapshot.PodSample(pod.name(), pod.ready(), pod.startedAt(), null, null,
                        gpuByPod.get(pod.name()), null, null, null));
                continue;
            }
            Signals s = Signals.extract(r.exposition(), mapping);
            IntervalDeltas d = deltas.update(pod.name(), s);
            Double gpu = s.gpuPercent() != null ? s.gpuPercent() : gpuByPod.get(pod.name());
            samples.add(new TargetSnapshot.PodSample(pod.name(), pod.ready(), pod.startedAt(), s.users(),
                    s.cpuPercent(), gpu, d.requests(), d.latencyHistogram(), s.inflight()));
        }
        deltas.retainOnly(pods.pods().stream().map(Pod::name).toList());
        return new TargetSnapshot(target, ts, intervalMs, new TargetSnapshot.Replicas(pods.spec(), pods.ready()),
                samples);
    }

    public TargetRef target() {
        return target;
    }
}
