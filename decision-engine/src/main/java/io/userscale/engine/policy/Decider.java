package io.userscale.engine.policy;

import io.userscale.engine.signal.Aggregator;
import io.userscale.engine.signal.Observation;
import io.userscale.kafka.contract.ContractIds;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetSnapshot;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code (state, snapshot) -> (decision, command?, state')} for one target under one policy: the
 * function the live engine, {@code replay} and tests run. Snapshots older than (or as old as) the
 * last one seen are ignored; every other snapshot yields a {@link Decision}, and a
 * {@link ScaleCommand} when the replica count changes. The policy's evaluation goes through the
 * {@link Safeguards} (circuit breaker on invalid readings, fallback when every scrape fails) first.
 *
 * @param <S> the policy's state
 */
public final class Decider<S> {

    /**
     * A target's state between snapshots.
     *
     * @param lastTsMs     event time of the last snapshot decided, {@link Long#MIN_VALUE} if none
     * @param policyState  the policy's own state
     * @param missedRounds rounds in a row in which every scrape failed ({@link Safeguards})
     */
    public record TargetState<S>(long lastTsMs, S policyState, int missedRounds) {

        public TargetState(long lastTsMs, S policyState) {
            this(lastTsMs, policyState, 0);
        }
    }

    /** What one snapshot led to. */
    public sealed interface Outcome<S> {
        TargetState<S> state();

        /** A decision, and the command it issues when it changes the replica count. */
        record Decided<S>(Decision decision, ScaleCommand command, TargetState<S> state) implements Outcome<S> {
        }

        /** Nothing decided: the snapshot was out of order. */
        record Ignored<S>(String reason, TargetState<S> state) implements Outcome<S> {
        }
    }

    private final Policy<S> policy;
    private final Decision.PolicyRef policyRef;
    private final Duration commandTtl;
    private final boolean dryRun;
    private final long warmupMs;

    /**
     * @param commandTtl how long a command stays valid after its decision
     * @param dryRun     mark commands dry-run: the actuator reports, touches nothing
     */
    public Decider(Policy<S> policy, Duration commandTtl, boolean dryRun) {
        this.policy = policy;
        this.policyRef = new Decision.PolicyRef(policy.name(), policy.version(), policy.params().asMap());
        this.commandTtl = commandTtl;
        this.dryRun = dryRun;
        this.warmupMs = policy.params().millis(Param.WARMUP_PERIOD);
    }

    public Decider(Policy<S> policy) {
        this(policy, Duration.ofSeconds(60), false);
    }

    public Policy<S> policy() {
        return policy;
    }

    public TargetState<S> initialState() {
        return new TargetState<>(Long.MIN_VALUE, policy.initialState());
    }

    /**
     * A target's state rebuilt from the decisions published for it (oldest first), as after a
     * restart: snapshots no newer than the last decision are ignored, and the policy's behaviour
     * rules (cooldown, runs, windows) resume where they were.
     */
    public TargetState<S> restoredState(java.util.List<Decision> history) {
        if (history.isEmpty()) {
            return initialState();
        }
        return new TargetState<>(history.get(history.size() - 1).ts().toEpochMilli(), policy.restore(history));
    }

    public Outcome<S> decide(TargetState<S> state, TargetSnapshot snapshot, Decision.InputRef input) {
        long ts = snapshot.ts().toEpochMilli();
        if (ts <= state.lastTsMs()) {
            return new Outcome.Ignored<>("snapshot at " + snapshot.ts() + " is not newer than the last one decided ("
                    + Instant.ofEpochMilli(state.lastTsMs()) + ")", state);
        }
        Observation observation = Aggregator.observe(snapshot, warmupMs);
        int missed = Safeguards.blind(snapshot) ? state.missedRounds() + 1 : 0;
        Evaluation<S> e = Safeguards.apply(policy.evaluate(state.policyState(), observation),
                Safeguards.firstInvalid(snapshot), Safeguards.firstUnreadable(snapshot), missed, policy.params());
        String decisionId = ContractIds.decisionId(snapshot.target(), snapshot.ts(), policyRef);
        Decision decision = new Decision(decisionId, snapshot.target(), snapshot.ts(), policyRef,
                new Decision.Replicas(e.current(), e.desired(), e.target()), e.action(), e.blockedBy(), e.mode(),
                e.signals(), Summaries.summary(e), input);
        ScaleCommand command = e.target() == e.current() ? null
                : new ScaleCommand(ContractIds.commandId(decisionId), decisionId, snapshot.target(), e.target(),
                        e.current(), snapshot.ts(), snapshot.ts().plus(commandTtl), dryRun);
        return new Outcome.Decided<>(decision, command, new TargetState<>(ts, e.state(), missed));
    }
}
