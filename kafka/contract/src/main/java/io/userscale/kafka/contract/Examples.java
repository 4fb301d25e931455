package io.userscale.kafka.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One realistic record of each type, all about the same target and the same moment: a burst of
 * users that makes the policy scale a workload from 1 to 3 replicas. Used by
 * {@code userscale kafka sample}, the documentation and tests.
 */
public final class Examples {

    /** The example target, {@code userscale/gpu-app}. */
    public static final TargetRef TARGET = TargetRef.deployment("userscale", "gpu-app");

    private Examples() {
    }

    /** One pod under load, seen at {@code ts}. */
    public static TargetSnapshot snapshot(Instant ts) {
        return snapshot(TARGET, ts);
    }

    /** The decision that snapshot causes: scale 1 → 3. */
    public static Decision decision(Instant ts) {
        return decision(TARGET, ts);
    }

    /** The command that decision issues. */
    public static ScaleCommand command(Instant ts) {
        return command(TARGET, ts);
    }

    /** The actuator's report of applying it. */
    public static ActuationResult actuation(Instant ts) {
        return actuation(TARGET, ts);
    }

    /** All four, in pipeline order. */
    public static List<ContractRecord> all(Instant ts) {
        return all(TARGET, ts);
    }

    /** All four about another target, in pipeline order. */
    public static List<ContractRecord> all(TargetRef target, Instant ts) {
        return List.of(snapshot(target, ts), decision(target, ts), command(target, ts), actuation(target, ts));
    }

    /** One pod of {@code target} under load, seen at {@code ts}. */
    public static TargetSnapshot snapshot(TargetRef target, Instant ts) {
        var latency = new TargetSnapshot.LatencyHistogram(48, 11_760.0, Map.of(
                "25", 0.0, "50", 2.0, "100", 9.0, "250", 40.0, "500", 47.0, "1000", 48.0, "+Inf", 48.0));
        var pod = new TargetSnapshot.PodSample("gpu-app-7d9f8-abcde", true, ts.minus(Duration.ofMinutes(12)),
                25.0, 75.2, null, 48.0, latency);
        return new TargetSnapshot(target, ts, 5_000, new TargetSnapshot.Replicas(1, 1), List.of(pod));
    }

    /** The decision of {@code target} that snapshot causes. */
    public static Decision decision(TargetRef target, Instant ts) {
        var policy = new Decision.PolicyRef("userscale", "1");
        return new Decision(ContractIds.decisionId(target, ts, policy), target, ts, policy,
                new Decision.Replicas(1, 3, 3), Decision.Action.SCALE_UP, null, Decision.Mode.NORMAL,
                Map.of("users", new Decision.Signal(25.0, 25.0, 10.0, 3),
                        "cpu", new Decision.Signal(75.2, 75.2, 50.0, 2),
                        "latency", new Decision.Signal(245.1, 245.1, 200.0, 2),
                        "gpu", new Decision.Signal(null, null, 60.0, null)),
                "🚀 SCALED replicas 1 -> 3 (users=25 cpu=75.2% latency=245.1ms gpu=N/A)",
                new Decision.InputRef("userscale.metrics", 0, 41));
    }

    /** The command of {@code target} that decision issues. */
    public static ScaleCommand command(TargetRef target, Instant ts) {
        String decisionId = decision(target, ts).decisionId();
        return new ScaleCommand(ContractIds.commandId(decisionId), decisionId, target, 3, 1, ts,
                ts.plus(Duration.ofSeconds(60)), false);
    }

    /** The actuator's report of applying the command of {@code target}. */
    public static ActuationResult actuation(TargetRef target, Instant ts) {
        return new ActuationResult(command(target, ts).commandId(), target, "local", ActuationResult.Status.APPLIED, 1, 3,
                ts.plusMillis(180), null);
    }

}
