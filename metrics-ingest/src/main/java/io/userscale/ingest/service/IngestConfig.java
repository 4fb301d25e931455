package io.userscale.ingest.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** metrics-ingest's configuration ({@code userscale.ingest.*}); checked at start-up. */
@ConfigMapping(prefix = "userscale.ingest")
public interface IngestConfig {

    /** How often every target is scraped and a snapshot published (1 s at least). */
    @WithDefault("5s")
    Duration interval();

    /** How long one pod's scrape may take before the pod counts as missing this round. */
    @WithDefault("2s")
    Duration scrapeTimeout();

    /**
     * This instance's share of the targets when several instances share them, {@code i/n} (e.g.
     * {@code 0/2} and {@code 1/2}): the targets whose key hashes to {@code i}. Default: all.
     */
    Optional<String> shard();

    /**
     * How many evenly spaced moments of the interval the targets are spread over, each target at
     * its own fixed moment (by a hash of its key), so that snapshots reach the engine as a steady
     * stream rather than all at once; 1 scrapes every target at the same moment.
     */
    @WithDefault("10")
    int phases();

    /** The most scrapes in flight at once, over every target and pod; the rest wait their turn. */
    @WithDefault("256")
    int maxConcurrentScrapes();

    /** The largest metrics response read from a pod; a larger one marks the pod missing. */
    @WithDefault("4194304")
    int maxResponseBytes();

    /**
     * The targets, by {@code namespace/name} (quoted in property names:
     * {@code userscale.ingest.targets."demo/gpu-app".discovery=local}).
     */
    Map<String, Target> targets();

    /** ScalingPolicy resources (userscale.io/v1alpha1) as targets, besides the configured ones. */
    ScalingPolicies scalingPolicies();

    /** Watching ScalingPolicies through the Kubernetes API. */
    interface ScalingPolicies {
        /** Whether to watch them: each one's Deployment is scraped (kubernetes discovery) while it exists. */
        @WithDefault("false")
        boolean enabled();

        /** The namespace to watch; every namespace when unset. */
        Optional<String> namespace();

        /** The port their pods serve metrics on. */
        @WithDefault("9000")
        int metricsPort();

        /** Their metrics path. */
        @WithDefault("/q/metrics")
        String metricsPath();
    }

    /** Where the local cluster publishes its replica lists (local discovery). */
    @WithDefault(".userscale/local")
    String localDir();

    /** Series names, over the defaults (gpu-app's). */
    Series series();

    /** The optional Prometheus that GPU utilisation comes from where pods report none. */
    Prometheus prometheus();

    /** One target. */
    interface Target {
        /** {@code kubernetes} (the Deployment's pods), {@code local} (the local cluster) or {@code static}. */
        @WithDefault("kubernetes")
        String discovery();

        /** static discovery: the pods' metrics URLs. */
        Optional<List<String>> pods();

        /** kubernetes discovery: the port the pods serve metrics on. */
        @WithDefault("9000")
        int metricsPort();

        /** kubernetes discovery: the metrics path. */
        @WithDefault("/q/metrics")
        String metricsPath();
    }

    /** Which series carry the signals. */
    interface Series {
        @WithDefault("userscale_active_users")
        String users();

        @WithDefault("userscale_cpu_percent")
        String cpu();

        @WithDefault("userscale_gpu_utilization_percent")
        String gpu();

        @WithDefault("userscale_latency_ms")
        String latency();

        @WithDefault("userscale_requests_total")
        String requests();

        @WithDefault("userscale_inflight_requests")
        String inflight();
    }

    /** GPU utilisation from Prometheus (e.g. NVIDIA's DCGM exporter). */
    interface Prometheus {
        /** Its base URL, e.g. {@code http://prometheus:9090}; unset: no query. */
        Optional<String> url();

        /**
         * The query, with {@code $ns} and {@code $pods} (a regex of the pod names) filled in; it
         * must answer one value per {@code pod} label.
         */
        @WithDefault("avg by (pod) (DCGM_FI_DEV_GPU_UTIL{namespace=\"$ns\", pod=~\"$pods\"})")
        String gpuQuery();

        @WithDefault("2s")
        Duration timeout();
    }
}
