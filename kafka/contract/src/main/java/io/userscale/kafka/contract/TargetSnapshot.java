package io.userscale.kafka.contract;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One scrape round of one target, published on {@code userscale.metrics}.
 *
 * @param target     the workload scraped
 * @param ts         event time of the round
 * @param intervalMs the scrape interval the deltas cover
 * @param replicas   replica counts as the cluster reported them
 * @param pods       one sample per pod; counts are deltas over the interval
 */
@JsonPropertyOrder({"schema", "target", "ts", "intervalMs", "replicas", "pods"})
public record TargetSnapshot(TargetRef target, Instant ts, long intervalMs, Replicas replicas, List<PodSample> pods)
        implements ContractRecord {

    public static final String SCHEMA = "userscale.target-snapshot/v1";

    public TargetSnapshot {
        pods = pods == null ? List.of() : List.copyOf(pods);
    }

    @Override
    public String schema() {
        return SCHEMA;
    }

    /**
     * Replica counts of the workload.
     *
     * @param spec  replicas asked for (the Deployment's {@code spec.replicas})
     * @param ready replicas ready to serve
     */
    public record Replicas(int spec, int ready) {
    }

    /**
     * What one pod reported in the interval; any signal may be {@code null} when unknown.
     *
     * @param name        pod name
     * @param ready       whether the pod is ready
     * @param startedAt   when the pod started, for the CPU warm-up exclusion
     * @param activeUsers distinct users seen by the pod
     * @param cpuPercent  process CPU, 0–100
     * @param gpuPercent  GPU utilisation, 0–100
     * @param requests    requests served in the interval
     * @param latencyMs   request latency histogram deltas over the interval
     * @param inflight    requests in flight (concurrency), averaged over the interval
     */
    public record PodSample(String name, boolean ready, Instant startedAt, Double activeUsers, Double cpuPercent,
                            Double gpuPercent, Double requests, LatencyHistogram latencyMs, Double inflight) {

        /** A sample without a concurrency reading. */
        public PodSample(String name, boolean ready, Instant startedAt, Double activeUsers, Double cpuPercent,
                         Double gpuPercent, Double requests, LatencyHistogram latencyMs) {
            this(name, ready, startedAt, activeUsers, cpuPercent, gpuPercent, requests, latencyMs, null);
        }
    }

    /**
     * A latency histogram as deltas over the interval.
     *
     * @param count   observations
     * @param sum     sum of the observations, milliseconds
     * @param buckets upper bound ({@code le}, as Prometheus writes it, {@code +Inf} included) to
     *                cumulative count
     */
    public record LatencyHistogram(double count, double sum, Map<String, Double> buckets) {

        public LatencyHistogram {
            buckets = Buckets.of(buckets);
        }

        /** The buckets, ordered by bound, with the bounds parsed. */
        public Buckets parsedBuckets() {
            return (Buckets) buckets;
        }
    }
}
