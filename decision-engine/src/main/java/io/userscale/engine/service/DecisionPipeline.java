package io.userscale.engine.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.userscale.engine.policy.Decider;
import io.userscale.engine.policy.Policies;
import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.dlq.DeadLetters;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The engine's stream: each record of channel {@code metrics-in} (topic {@code userscale.metrics})
 * becomes a decision on {@code decisions-out} ({@code userscale.decisions}) and, when it changes
 * the replica count, a command on {@code commands-out} ({@code userscale.commands}); a record that
 * is not a valid snapshot goes to {@code dlq-out} ({@code userscale.dlq}). Records are decided one
 * after another, in partition order; their publications overlap (at most {@value #MAX_IN_FLIGHT}
 * records' worth on the way, each retried with back-off), and a record is acknowledged only once
 * the broker has everything it produced, so a crash re-delivers rather than loses; redelivered
 * snapshots are recognised as already decided.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // built at start-up: bad parameters stop it there, and its meters exist from the start
public class DecisionPipeline {

    private static final Logger LOG = Logger.getLogger(DecisionPipeline.class);

    @Inject
    EngineConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    @Channel("decisions-out")
    MutinyEmitter<ContractRecord> decisions;

    @Inject
    @Channel("commands-out")
    MutinyEmitter<ContractRecord> commands;

    @Inject
    @Channel("dlq-out")
    MutinyEmitter<byte[]> deadLetters;

    @Inject
    MeterRegistry registry;

    private EngineCore core;

    /** The engine's core, for what changes targets' policies while it runs (ScalingPolicies). */
    EngineCore core() {
        return core;
    }
    /** Records decided whose publication is still on its way; bounds the memory they hold. */
    static final int MAX_IN_FLIGHT = 512;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private Counter commandCounter;
    private Counter deadLetterCounter;
    private Counter ignoredCounter;
    private Counter deferredCounter;
    private TargetGauges gauges;

    @PostConstruct
    void start() {
        // invalid parameters fail start-up here, naming key, value and allowed range
        var policy = Policies.byName(config.policy(), config.parameters());
        var fallback = new Decider<>(policy, config.commandTtl(), config.dryRun());
        java.util.Map<String, Decider<?>> perTarget = new java.util.HashMap<>();
        config.targets().forEach((key, target) -> {
            io.userscale.kafka.contract.TargetRef.parseKey(key); // names a malformed key
            java.util.Map<String, String> parameters = new java.util.HashMap<>(config.parameters());
            parameters.putAll(target.parameters());
            try {
                perTarget.put(key, new Decider<>(Policies.byName(target.policy().orElse(config.policy()), parameters),
                        config.commandTtl(), config.dryRun()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("userscale.engine.targets.\"" + key + "\": " + e.getMessage(), e);
            }
        });
        core = new EngineCore(key -> perTarget.getOrDefault(key, fallback),
                new KafkaDecisionHistory(bootstrapServers, config.restoreTimeout(), kafkaSettings()));
        commandCounter = registry.counter("userscale.engine.commands");
        deadLetterCounter = registry.counter("userscale.engine.dead.letters");
        ignoredCounter = registry.counter("userscale.engine.ignored.snapshots");
        deferredCounter = registry.counter("userscale.engine.deferred.snapshots");
        registry.gauge("userscale.engine.targets", core, EngineCore::targets);
        gauges = new TargetGauges(registry);
        // counters that alerts and the dashboard read exist from the start, at zero
        registry.counter("userscale.engine.scalingpolicies.applied");
        registry.counter("userscale.engine.scalingpolicies.invalid");
        LOG.infof("deciding with policy %s %s%s; %d targets with their own settings", policy.name(), policy.version(),
                config.dryRun() ? " (dry run)" : "", perTarget.size());
    }

    @Incoming("metrics-in")
    @io.smallrye.reactive.messaging.annotations.Blocking
    public CompletionStage<Void> onSnapshot(KafkaRecord<String, byte[]> record) {
        // decided here, one record at a time in partition order (a target's state moves in order);
        // published in the background, so the next record is decided while this one's decision is on
        // its way. The record is acknowledged, and its offset committed, only once everything it
        // produced is on the broker: a crash before then re-delivers it.
        long offset = offset(record);
        var result = core.handle(record.getKey(), record.getPayload(), record.getTopic(), record.getPartition(), offset);
        Uni<Void> publish = switch (result) {
            case EngineCore.Result.Decided d -> publish(decisions, d.decision(), d.decision().ts())
                    .invoke(() -> counted(d.decision()))
                    .chain(() -> d.command() == null ? Uni.createFrom().voidItem()
                            : publish(commands, d.command(), d.command().issuedAt()).invoke(() -> commandCounter.increment()));
            case EngineCore.Result.Ignored i -> Uni.createFrom().voidItem().invoke(() -> ignoredCounter.increment());
            case EngineCore.Result.Deferred d -> Uni.createFrom().voidItem().invoke(() -> {
                deferredCounter.increment();
                LOG.warn(d.reason());
            });
            case EngineCore.Result.Rejected r -> deadLetter(record, r.error());
        };
        inFlight.acquireUninterruptibly();
        publish.ifNoItem().after(config.publishTimeout()).fail()
                .eventually(() -> inFlight.release())
                .subscribe().with(done -> record.ack(), failure -> {
                    LOG.errorf(failure, "could not publish what %s-%d@%d produced", record.getTopic(),
                            record.getPartition(), offset);
                    record.nack(failure);
                });
        return CompletableFuture.completedFuture(null);
    }

    private static long offset(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getOffset)
                .orElse(-1L);
    }

    /**
     * Waits until everything decided so far is on the broker (at most the publish timeout): before
     * partitions go to another instance, so that it reads this instance's last decisions back.
     */
    boolean drain() {
        try {
            if (inFlight.tryAcquire(MAX_IN_FLIGHT, config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                inFlight.release(MAX_IN_FLIGHT);
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The deployment's Kafka client settings ({@code kafka.*}), which the channels get from Quarkus. */
    private static java.util.Map<String, Object> kafkaSettings() {
        var c = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return io.userscale.kafka.topic.ClientConfigs.settingsFrom(name -> c.getOptionalValue(name, String.class));
    }

    private void counted(io.userscale.kafka.contract.Decision d) {
        registry.counter("userscale.engine.decisions", "policy", d.policy().name(), "action", d.action().name(),
                "blocked_by", d.blockedBy() == null ? "none" : d.blockedBy().name()).increment();
        gauges.record(d, System.currentTimeMillis());
    }

    /** Publishes keyed by target, stamped with event time {@code ts} (the restart finds history by it). */
    private Uni<Void> publish(MutinyEmitter<ContractRecord> emitter, ContractRecord record, Instant ts) {
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key())
                .withTimestamp(ts).build();
        return emitter.sendMessage(Message.of(record).addMetadata(metadata))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5);
    }

    private Uni<Void> deadLetter(KafkaRecord<String, byte[]> record, String error) {
        LOG.warnf("dead-lettering %s-%d@%d: %s", record.getTopic(), record.getPartition(), offset(record), error);
        var raw = new ConsumerRecord<>(record.getTopic(), record.getPartition(), offset(record),
                record.getKey() == null ? null : record.getKey().getBytes(StandardCharsets.UTF_8), record.getPayload());
        record.getHeaders().forEach(h -> raw.headers().add(h));
        var letter = DeadLetters.letter(raw, error, "userscale-engine", Clock.systemUTC().instant());
        var metadata = OutgoingKafkaRecordMetadata.<byte[]>builder().withKey(letter.key())
                .withHeaders(letter.headers()).build();
        return deadLetters.sendMessage(Message.of(letter.value()).addMetadata(metadata))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .invoke(() -> deadLetterCounter.increment());
    }
}
