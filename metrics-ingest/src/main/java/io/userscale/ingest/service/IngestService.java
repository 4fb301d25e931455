package io.userscale.ingest.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.userscale.ingest.expo.SignalMapping;
import io.userscale.ingest.pods.KubernetesPods;
import io.userscale.ingest.pods.LocalPods;
import io.userscale.ingest.pods.Pod;
import io.userscale.ingest.pods.PodSet;
import io.userscale.ingest.pods.PodSource;
import io.userscale.ingest.pods.StaticPods;
import io.userscale.ingest.scrape.GpuQuery;
import io.userscale.ingest.scrape.Scraper;
import io.userscale.ingest.scrape.SnapshotAssembler;
import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.local.ParentWatch;
import io.userscale.kafka.policy.ScalingPolicySpec;
import io.userscale.kafka.watch.ScalingPolicyInformer;
import io.userscale.kafka.watch.ScalingPolicyInformer.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * The ingest loop: every interval, for every target, find its pods, scrape them all at once,
 * turn what they report into a {@code TargetSnapshot} and publish it on {@code userscale.metrics}
 * keyed {@code namespace/name}.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    @Inject
    IngestConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    Instance<KubernetesClient> kubernetes;

    /** Snapshots to the metrics topic, keyed by target (the channel: {@link MetricsChannel}). */
    @Inject
    @Channel(MetricsChannel.CHANNEL)
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<ContractRecord> metrics;

    private final Map<TargetRef, PodSource> sources = new ConcurrentHashMap<>();
    private final Map<TargetRef, SnapshotAssembler> assemblers = new ConcurrentHashMap<>();
    private SignalMapping mapping;
    private KubernetesPods policyPods;
    private ScalingPolicyInformer policyInformer;
    private final Map<String, String> podState = new ConcurrentHashMap<>();
    private final List<PodSource> owned = new ArrayList<>();
    private ScheduledExecutorService timer;
    private Scraper scraper;
    private GpuQuery gpuQuery;
    private volatile Instant lastRound;
    private volatile boolean stopping;
    private Phases phases;
    private ExecutorService publisher;
    private Counter skippedRounds;
    private Shard shard = Shard.ALL;
    private Counter snapshots;
    private Counter publishErrors;
    private Timer roundTime;

    void onStart(@Observes StartupEvent e) {
        ParentWatch.startFromSystemProperty();
        Duration interval = config.interval();
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("userscale.ingest.interval must be at least 1s, got " + interval);
        }
        if (config.scrapeTimeout().compareTo(interval) >= 0) {
            throw new IllegalArgumentException("userscale.ingest.scrape-timeout (" + config.scrapeTimeout()
                    + ") must be shorter than userscale.ingest.interval (" + interval + ")");
        }
        mapping = new SignalMapping(config.series().users(), config.series().cpu(),
                config.series().gpu(), config.series().inflight(), config.series().requests(),
                config.series().latency());
        LocalPods local = null;
        KubernetesPods k8s = null;
        shard = config.shard().map(Shard::parse).orElse(Shard.ALL);
        int others = 0;
        for (var entry : config.targets().entrySet()) {
            TargetRef target;
            try {
                target = TargetRef.parseKey(entry.getKey());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("userscale.ingest.targets: '" + entry.getKey()
                        + "' is not namespace/name", ex);
            }
            if (!shard.owns(target)) {
                others++;
                continue;
            }
            IngestConfig.Target t = entry.getValue();
            PodSource source = switch (t.discovery()) {
                case "local" -> local != null ? local : (local = own(new LocalPods(Path.of(config.localDir()))));
                case "static" -> own(new StaticPods(t.pods().filter(p -> !p.isEmpty()).orElseThrow(() ->
                        new IllegalArgumentException("userscale.ingest.targets.\"" + entry.getKey()
                                + "\".pods must list metrics URLs for static discovery"))));
                case "kubernetes" -> k8s != null ? k8s
                        : (k8s = own(new KubernetesPods(kubernetes.get(), t.metricsPort(), t.metricsPath())));
                default -> throw new IllegalArgumentException("userscale.ingest.targets.\"" + entry.getKey()
                        + "\".discovery must be kubernetes, local or static, got '" + t.discovery() + "'");
            };
            sources.put(target, source);
            assemblers.put(target, new SnapshotAssembler(target, mapping));
        }
        if (others > 0) {
            LOG.infof("shard %s: %d configured target(s) are other instances' to scrape", shard, others);
        }
        scraper = new Scraper(config.scrapeTimeout(), config.maxResponseBytes(), config.maxConcurrentScrapes());
        gpuQuery = config.prometheus().url().map(u -> new GpuQuery(u, config.prometheus().gpuQuery(),
                config.prometheus().timeout())).orElse(null);
        if (config.scalingPolicies().enabled()) {
            watchScalingPolicies();
        }
        snapshots = Counter.builder("userscale.ingest.snapshots").description("Snapshots published")
                .register(registry);
        publishErrors = Counter.builder("userscale.ingest.publish.errors")
                .description("Snapshots the broker did not acknowledge").register(registry);
        for (String outcome : new String[] {"ok", "failed"}) {
            registry.counter("userscale.ingest.scrapes", "outcome", outcome); // alerts read both from the start
        }
        roundTime = Timer.builder("userscale.ingest.round").description("Time to scrape every target once")
                .register(registry);
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("ingest-round").unstarted(r));
        publisher = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon()
                .name("ingest-publish").unstarted(r));
        phases = new Phases(config.phases(), interval.toMillis());
        skippedRounds = Counter.builder("userscale.ingest.rounds.skipped")
                .description("Rounds of a phase skipped because its last round still ran an interval later")
                .register(registry);
        timer.scheduleAtFixedRate(this::tick, 0, phases.tickMs(), TimeUnit.MILLISECONDS);
        LOG.infof("scraping %d target(s) every %s, spread over %d phase(s): %s", sources.size(), interval,
                phases.count(), sources.keySet().stream().map(TargetRef::key).toList());
    }

    /** Scrapes the Deployment of every valid ScalingPolicy while the resource exists. */
    private void watchScalingPolicies() {
        var sp = config.scalingPolicies();
        policyPods = own(new KubernetesPods(kubernetes.get(), sp.metricsPort(), sp.metricsPath()));
        policyInformer = ScalingPolicyInformer.start(kubernetes.get(), sp.namespace(),
                new ScalingPolicyInformer.Listener() {
                    @Override
                    public void valid(Resource resource, ScalingPolicySpec spec, Optional<TargetRef> replaced) {
                        replaced.ifPresent(IngestService.this::unfollow);
                        TargetRef t = spec.target();
                        if (!shard.owns(t)) {
                            return; // another instance's to scrape
                        }
                        if (sources.putIfAbsent(t, policyPods) == null) {
                            assemblers.put(t, new SnapshotAssembler(t, mapping));
                            LOG.infof("ScalingPolicy %s: scraping %s", resource.key(), t.key());
                        }
                    }

                    @Override
                    public void invalid(Resource resource, String message) {
                        // the engine logs and counts it, the actuator writes it into the resource's status
                    }

                    @Override
                    public void deleted(Resource resource, Optional<TargetRef> target) {
                        target.ifPresent(IngestService.this::unfollow);
                    }
                });
    }

    /** Stops scraping a target a ScalingPolicy named, unless the configuration names it too. */
    private void unfollow(TargetRef t) {
        if (!config.targets().containsKey(t.key())) {
            sources.remove(t);
            assemblers.remove(t);
            LOG.infof("no ScalingPolicy names %s any more: no longer scraped", t.key());
        }
    }

    private <T extends PodSource> T own(T source) {
        owned.add(source);
        return source;
    }

    void onStop(@Observes ShutdownEvent e) {
        stopping = true; // a round cut short by the stop publishes nothing: its pods did not go silent
        if (policyInformer != null) {
            policyInformer.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (publisher != null) {
            publisher.shutdown();
            try {
                publisher.awaitTermination(5, TimeUnit.SECONDS); // what is queued returns at once now
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        owned.forEach(PodSource::close);
        if (scraper != null) {
            scraper.close();
        }
    }

    /** When the last round finished, {@code null} before the first. */
    public Instant lastRound() {
        return lastRound;
    }

    public Duration interval() {
        return config.interval();
    }

    /** The timer's tick: starts the round of the phase now due, unless its last round still runs. */
    private void tick() {
        try {
            int phase = phases.next();
            long startMs = System.nanoTime() / 1_000_000;
            if (!phases.begin(phase, startMs)) {
                skippedRounds.increment();
                LOG.warnf("round of phase %d skipped: its last round has run for %d ms, longer than the %d ms interval;"
                                + " give each instance fewer targets (userscale.ingest.shard) or a longer interval", phase,
                        startMs - phases.startedMs(phase), config.interval().toMillis());
                return;
            }
            round(phase).whenComplete((done, failure) -> {
                long took = System.nanoTime() / 1_000_000 - startMs;
                roundTime.record(took, TimeUnit.MILLISECONDS);
                lastRound = Instant.now();
                phases.end(phase);
                if (failure != null) {
                    LOG.errorf(failure, "ingest round of phase %d failed; the next one goes on", phase);
                }
            });
        } catch (RuntimeException ex) {
            LOG.errorf(ex, "ingest tick failed; the next one goes on");
        }
    }

    /**
     * Scrapes every pod of the targets of one phase at once (at most max-concurrent-scrapes in
     * flight) and publishes each target's snapshot as soon as its own pods have answered.
     */
    private CompletableFuture<Void> round(int phase) {
        Instant ts = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<TargetRef, PodSet> podSets = new HashMap<>();
        List<CompletableFuture<Void>> published = new ArrayList<>();
        for (var e : sources.entrySet()) {
            TargetRef target = e.getKey();
            if (phases.of(target) != phase) {
                continue;
            }
            PodSet pods;
            try {
                pods = e.getValue().pods(target);
            } catch (Exception ex) {
                note(target.key(), "pods unknown: " + ex.getMessage());
                continue;
            }
            podSets.put(target, pods);
            List<CompletableFuture<Scraper.Result>> scrapes = pods.pods().stream()
                    .map(p -> scraper.scrape(p.metricsUrl())).toList();
            published.add(CompletableFuture.allOf(scrapes.toArray(CompletableFuture[]::new))
                    .thenRunAsync(() -> publish(target, pods, ts, scrapes.stream().map(CompletableFuture::join)
                            .toList()), publisher));
        }
        return CompletableFuture.allOf(published.toArray(CompletableFuture[]::new))
                .whenComplete((done, failure) -> forgetGone(phase, podSets));
    }

    private void publish(TargetRef target, PodSet pods, Instant ts, List<Scraper.Result> results) {
        SnapshotAssembler assembler = assemblers.get(target);
        if (assembler == null || stopping) {
            return; // its ScalingPolicy went away during the round, or the service is stopping
        }
        for (int i = 0; i < results.size(); i++) {
            Pod pod = pods.pods().get(i);
            Scraper.Result r = results.get(i);
            registry.counter("userscale.ingest.scrapes", "outcome", r.ok() ? "ok" : "failed").increment();
            if (r.ok()) {
                registry.counter("userscale.ingest.skipped.lines").increment(r.exposition().skipped().size());
            }
            note(target.key() + "/" + pod.name(), r.ok() ? "ok" : "missing: " + r.error());
        }
        Map<String, Double> gpu = gpuQuery == null ? Map.of() : gpuQuery.byPod(target.namespace(),
                pods.pods().stream().map(Pod::name).toList());
        TargetSnapshot snapshot = assembler.assemble(ts, config.interval().toMillis(), pods, results, gpu);
        var key = OutgoingKafkaRecordMetadata.<String>builder().withKey(target.key()).build();
        metrics.sendMessage(Message.of(snapshot).addMetadata(key)).subscribe().with(
                acked -> snapshots.increment(),
                err -> {
                    publishErrors.increment();
                    LOG.warnf("snapshot of %s not published: %s", target.key(), err.getMessage());
                });
    }

    /** Forgets the logged state of pods gone from this phase's targets, and of targets gone altogether. */
    private void forgetGone(int phase, Map<TargetRef, PodSet> podSets) {
        Set<String> current = currentKeys(podSets);
        podState.keySet().removeIf(key -> {
            String[] parts = key.split("/", 3);
            if (parts.length < 2) {
                return false;
            }
            TargetRef owner;
            try {
                owner = TargetRef.parseKey(parts[0] + "/" + parts[1]);
            } catch (IllegalArgumentException e) {
                return true;
            }
            return !sources.containsKey(owner) || (phases.of(owner) == phase && !current.contains(key));
        });
    }

    private static Set<String> currentKeys(Map<TargetRef, PodSet> podSets) {
        Set<String> keys = new java.util.HashSet<>();
        podSets.forEach((t, p) -> {
            keys.add(t.key());
            p.pods().forEach(pod -> keys.add(t.key() + "/" + pod.name()));
        });
        return keys;
    }

    /** Logs a pod's or target's state when it changes (not every round). */
    private void note(String key, String state) {
        String before = podState.put(key, state);
        if (!state.equals(before) && !(before == null && state.equals("ok"))) {
            if (state.equals("ok")) {
                LOG.infof("%s: scraped again", key);
            } else {
                LOG.warnf("%s: %s", key, state);
            }
        }
    }
}
