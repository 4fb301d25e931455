package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * A restarted KPA resumes from the decisions it published: its stable and panic windows, its tick
 * rhythm and its panic mode go on as if it had never stopped, where a fresh one would start over.
 */
class KpaRestoreTest {

    static final TargetRef T = TargetRef.deployment("ns", "app");
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final Map<String, String> PARAMS = Map.of("MAX_REPLICAS", "40", "CONTAINER_CONCURRENCY", "10");
    /** Total concurrency over time: steady, a surge that sets off panic, then calm. */
    static final IntToDoubleFunction LOAD = s -> s < 100 ? 20 : s < 150 ? 90 : 12;

    static TargetSnapshot snapshot(int second, int replicas) {
        Instant ts = T0.plusSeconds(second);
        double perPod = LOAD.applyAsDouble(second) / replicas;
        List<TargetSnapshot.PodSample> pods = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            pods.add(new TargetSnapshot.PodSample("p" + i, true, T0.minusSeconds(600), null, null, null, null, null,
                    perPod));
        }
        return new TargetSnapshot(T, ts, 1000, new TargetSnapshot.Replicas(replicas, replicas), pods);
    }

    /** Runs a closed loop (pods ready at once) from {@code from} to {@code to} seconds, one snapshot a second. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Decision> run(Decider decider, Decider.TargetState[] state, int[] replicas, int from, int to) {
        List<Decision> out = new ArrayList<>();
        for (int sec = from; sec < to; sec++) {
            var o = (Decider.Outcome.Decided) decider.decide(state[0], snapshot(sec, replicas[0]), null);
            out.add(o.decision());
            state[0] = o.state();
            replicas[0] = o.decision().replicas().finalCount();
        }
        return out;
    }

    static List<String> behaviour(List<Decision> ds) {
        return ds.stream().map(d -> d.ts() + " " + d.replicas() + " " + d.action() + " " + d.mode() + " "
                + d.blockedBy()).toList();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aRestartMidPanicResumesTheWindowsAndThePanic() {
        var live = new Decider<>(Policies.byName("kpa", PARAMS));
        Decider.TargetState[] state = {live.initialState()};
        int[] replicas = {3};
        List<Decision> before = run(live, state, replicas, 0, 110);
        Decision lastTick = before.stream().filter(d -> d.signals().containsKey("panicConcurrency"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(lastTick.mode()).as("the surge set off panic").isEqualTo(Decision.Mode.BURST);
        int atRestart = replicas[0];

        // the uninterrupted autoscaler
        List<Decision> uninterrupted = run(live, new Decider.TargetState[] {state[0]}, new int[] {atRestart}, 110, 260);
        assertThat(uninterrupted).anyMatch(d -> d.mode() == Decision.Mode.NORMAL
                && d.action() == Decision.Action.SCALE_DOWN);

        // one restarted from what was published in its lookback
        var restarted = new Decider<>(Policies.byName("kpa", PARAMS));
        long lookback = restarted.policy().restoreLookbackMs();
        List<Decision> published = before.stream()
                .filter(d -> d.ts().toEpochMilli() > T0.plusSeconds(110).toEpochMilli() - lookback).toList();
        List<Decision> resumed = run(restarted, new Decider.TargetState[] {restarted.restoredState((List) published)},
                new int[] {atRestart}, 110, 260);
        assertThat(behaviour(resumed)).isEqualTo(behaviour(uninterrupted));

        // a fresh one, for contrast, does not behave the same
        var fresh = new Decider<>(Policies.byName("kpa", PARAMS));
        List<Decision> restartedEmpty = run(fresh, new Decider.TargetState[] {fresh.initialState()},
                new int[] {atRestart}, 110, 260);
        assertThat(behaviour(restartedEmpty)).isNotEqualTo(behaviour(uninterrupted));
    }
}
