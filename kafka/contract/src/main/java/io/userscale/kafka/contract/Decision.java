package io.userscale.kafka.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One evaluation of a target's policy, published on {@code userscale.decisions} every time,
 * whether or not it changes anything: the audit log an operator reads.
 *
 * @param decisionId deterministic from target, ts and policy ({@link ContractIds#decisionId})
 * @param target     the workload decided on
 * @param ts         event time of the snapshot that caused it
 * @param policy     the policy that decided
 * @param replicas   current, desired and final replica counts
 * @param action     what the decision does
 * @param blockedBy  what held the desired count back, or {@code null}
 * @param mode       whether burst handling was active
 * @param signals    per signal (users, cpu, gpu, latency, ...): raw, smoothed, target, desired
 * @param summary    the one-line human log, e.g. {@code 🚀 SCALED replicas 1 -> 3 (...)}
 * @param input      where the snapshot that caused it was read, or {@code null} offline
 */
@JsonPropertyOrder({"schema", "decisionId", "target", "ts", "policy", "replicas", "action", "blockedBy", "mode",
        "signals", "summary", "input"})
public record Decision(String decisionId, TargetRef target, Instant ts, PolicyRef policy, Replicas replicas,
                       Action action, BlockedBy blockedBy, Mode mode, Map<String, Signal> signals, String summary,
                       InputRef input) implements ContractRecord {

    public static final String SCHEMA = "userscale.decision/v1";

    /** The class of read-only views, which a decision keeps as given instead of copying. */
    private static final Class<?> READ_ONLY_VIEW =
            java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>()).getClass();

    public Decision {
        // insertion order kept, so the JSON lists signals in the order the policy gave them; a
        // read-only view (as the policies hand over) is kept without a copy
        if (signals == null) {
            signals = Map.of();
        } else if (signals.getClass() != READ_ONLY_VIEW) {
            signals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(signals));
        }
    }

    @Override
    public String schema() {
        return SCHEMA;
    }

    /** What a decision does to the replica count. */
    public enum Action { SCALE_UP, SCALE_DOWN, NONE }

    /** What held a decision back from its desired replica count. */
    public enum BlockedBy { COOLDOWN, STEP_LIMIT, CONSECUTIVE_LIMIT, STABILIZATION, STALE_METRICS, BOUNDS }

    /** Normal operation, or burst handling (raw signals, no cooldown for scale-up). */
    public enum Mode { NORMAL, BURST }

    /**
     * The policy that decided, with the parameters it applied, so a recorded stream can be
     * replayed through exactly the same policy.
     *
     * @param name       e.g. {@code userscale}, {@code seed}, {@code hpa}, {@code kpa}
     * @param version    the policy's version and a hash of its parameters
     * @param parameters the parameters by their configuration names (e.g. {@code CPU_TARGET}), in
     *                   the order of their names: two records of the same policy read alike
     */
    public record PolicyRef(String name, String version, Map<String, String> parameters) {

        public PolicyRef {
            parameters = parameters == null ? Map.of()
                    : Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(parameters)));
        }

        public PolicyRef(String name, String version) {
            this(name, version, Map.of());
        }
    }

    /**
     * Replica counts of a decision.
     *
     * @param current    replicas when the decision was made
     * @param desired    what the signals asked for, within bounds
     * @param finalCount what the decision settles on after behaviour rules; JSON {@code final}
     */
    public record Replicas(int current, int desired, @JsonProperty("final") int finalCount) {
    }

    /**
     * One signal's part in a decision; unknown values are {@code null}.
     *
     * @param raw      the aggregated value of this round
     * @param smoothed the EWMA-smoothed value
     * @param target   the per-pod target of the signal
     * @param desired  the replicas this signal alone asks for
     */
    public record Signal(Double raw, Double smoothed, Double target, Integer desired) {
    }

    /**
     * Where the snapshot behind a decision was read.
     *
     * @param topic     source topic
     * @param partition source partition
     * @param offset    source offset
     */
    public record InputRef(String topic, int partition, long offset) {
    }
}
