package io.userscale.engine.service;

import io.userscale.engine.policy.Decider;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The engine without its transport: bytes of one metrics record in, what to publish out. Keeps
 * each target's state; the first time it meets a target (after a start or a restart) it rebuilds
 * that target's state from the decisions already published, so cooldowns and windows survive.
 * Records of one target arrive in order from one partition, so a target is handled by one thread
 * at a time.
 */
public final class EngineCore {

    /** What one record leads to. */
    public sealed interface Result {
        /** Publish the decision, then the command if there is one. */
        record Decided(Decision decision, ScaleCommand command) implements Result {
        }

        /** Nothing to publish: the snapshot is not newer than the last one decided. */
        record Ignored(String reason) implements Result {
        }

        /**
         * Not decided: the target's published decisions, which its state is rebuilt from, could
         * not be read; its next snapshot tries again. Deciding from a part of them could break a
         * cooldown or repeat a command.
         */
        record Deferred(String reason) implements Result {
        }

        /** The record is not a valid snapshot: dead-letter it with this reason. */
        record Rejected(String error) implements Result {
        }
    }

    private final java.util.function.Function<String, Decider<?>> deciders;
    private final ConcurrentHashMap<String, Decider<Object>> decidersByKey = new ConcurrentHashMap<>();
    private final DecisionHistory history;
    private final ContractCodec<TargetSnapshot> codec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
    private final ConcurrentHashMap<String, Decider.TargetState<Object>> states = new ConcurrentHashMap<>();
    /** target key to the partition its latest snapshot came from. */
    private final ConcurrentHashMap<String, Integer> partitionOf = new ConcurrentHashMap<>();

    /** One decider for every target. */
    public EngineCore(Decider<?> decider, DecisionHistory history) {
        this(key -> decider, history);
    }

    /** A decider per target key (e.g. per-target policy or parameters), asked once per target. */
    public EngineCore(java.util.function.Function<String, Decider<?>> deciders, DecisionHistory history) {
        this.deciders = deciders;
        this.history = history;
    }

    @SuppressWarnings("unchecked")
    private Decider<Object> deciderFor(String key) {
        return decidersByKey.computeIfAbsent(key, k -> (Decider<Object>) deciders.apply(k));
    }

    /**
     * Decides a target with {@code next} from its next snapshot on (a ScalingPolicy was created or
     * changed). The target keeps its state when the policy stays the same kind (new parameters
     * only); under another policy it is rebuilt from the published decisions.
     */
    @SuppressWarnings("unchecked")
    public void replaceDecider(String key, Decider<?> next) {
        synchronized (lock(key)) {
            Decider<Object> before = decidersByKey.put(key, (Decider<Object>) next);
            if (before != null && !before.policy().name().equals(next.policy().name())) {
                states.remove(key);
            }
        }
    }

    /** Goes back to the configured decider for a target (its ScalingPolicy was deleted). */
    public void resetDecider(String key) {
        replaceDecider(key, deciders.apply(key));
    }

    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    private Object lock(String key) {
        return locks.computeIfAbsent(key, k -> new Object());
    }

    /** Targets with state in memory. */
    public int targets() {
        return states.size();
    }

    /**
     * Forgets the state of every target whose snapshots came from one of {@code partitions}: they
     * went to another engine instance, which decides them from now on. Should a target come back,
     * its state is rebuilt from the decisions published meanwhile, as after a restart, rather
     * than resumed from what this instance last knew.
     *
     * @return how many targets were forgotten
     */
    public int forgetPartitions(java.util.Collection<Integer> partitions) {
        history.forget(partitions);
        int forgotten = 0;
        for (var e : partitionOf.entrySet()) {
            if (partitions.contains(e.getValue())) {
                synchronized (lock(e.getKey())) {
                    if (states.remove(e.getKey()) != null) {
                        forgotten++;
                    }
                    partitionOf.remove(e.getKey(), e.getValue());
                }
            }
        }
        return forgotten;
    }

    public Result handle(String key, byte[] value, String topic, int partition, long offset) {
        TargetSnapshot snapshot;
        switch (codec.decode(value)) {
            case Decoded.Invalid<TargetSnapshot> invalid -> {
                return new Result.Rejected(invalid.error());
            }
            case Decoded.Valid<TargetSnapshot> valid -> snapshot = valid.value();
        }
        if (key != null && !key.equals(snapshot.key())) {
            return new Result.Rejected("record key '" + key + "' does not match its target '" + snapshot.key() + "'");
        }
        synchronized (lock(snapshot.key())) {
            partitionOf.put(snapshot.key(), partition);
            return decide(snapshot, topic, partition, offset);
        }
    }

    private Result decide(TargetSnapshot snapshot, String topic, int partition, long offset) {
        Decider<Object> decider = deciderFor(snapshot.key());
        var state = states.get(snapshot.key());
        if (state == null) {
            try {
                state = decider.restoredState(history.since(snapshot.target(),
                        snapshot.ts().minus(Duration.ofMillis(decider.policy().restoreLookbackMs()))));
            } catch (TimeoutException e) {
                return new Result.Deferred(snapshot.key() + " not decided: " + e.getMessage()
                        + "; its next snapshot tries again");
            }
        }
        var outcome = decider.decide(state, snapshot, new Decision.InputRef(topic, partition, offset));
        states.put(snapshot.key(), outcome.state());
        return switch (outcome) {
            case Decider.Outcome.Decided<Object> d -> new Result.Decided(d.decision(), d.command());
            case Decider.Outcome.Ignored<Object> i -> new Result.Ignored(i.reason());
        };
    }
}
