package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The circuit breaker and the metrics fallback, whatever the policy. */
class SafeguardsTest {

    static final TargetRef T = TargetRef.deployment("ns", "app");
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    static TargetSnapshot snapshot(int second, int replicas, Double usersPerPod, Double cpu) {
        Instant ts = T0.plusSeconds(second);
        List<TargetSnapshot.PodSample> pods = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            pods.add(new TargetSnapshot.PodSample("p" + i, true, T0.minusSeconds(600), usersPerPod, cpu, null, null,
                    null, null));
        }
        return new TargetSnapshot(T, ts, 5000, new TargetSnapshot.Replicas(replicas, replicas), pods);
    }

    /** Decides the snapshots in order and returns every decision. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Decision> run(String policy, Map<String, String> params, List<TargetSnapshot> snapshots) {
        var decider = new Decider<>(Policies.byName(policy, params));
        Decider.TargetState state = decider.initialState();
        List<Decision> out = new ArrayList<>();
        for (TargetSnapshot s : snapshots) {
            var d = (Decider.Outcome.Decided<?>) decider.decide(state, s, null);
            out.add(d.decision());
            state = d.state();
        }
        return out;
    }

    @Test
    void anInvalidReadingHoldsTheCountAndNamesThePodTheFieldAndTheValue() {
        Map<String, String> p = Map.of("MAX_REPLICAS", "20", "COOLDOWN_PERIOD", "0");
        // the same load, once with a valid CPU reading: the threshold rules scale up on it
        Decision valid = run("seed", p, List.of(snapshot(0, 2, 25.0, 50.0))).get(0);
        assertThat(valid.action()).isEqualTo(Decision.Action.SCALE_UP);

        Decision broken = run("seed", p, List.of(snapshot(0, 2, 25.0, -5.0))).get(0);
        assertThat(broken.action()).isEqualTo(Decision.Action.NONE);
        assertThat(broken.replicas().finalCount()).isEqualTo(2);
        assertThat(broken.blockedBy()).isEqualTo(Decision.BlockedBy.STALE_METRICS);
        assertThat(broken.summary()).contains("circuit breaker: pod p0: cpuPercent -5.0 is not a valid reading");
        assertThat(broken.signals()).containsKey("breaker");

        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 250}) {
            Decision d = run("userscale", p, List.of(snapshot(0, 2, 25.0, bad))).get(0);
            assertThat(d.action()).as("cpu %s", bad).isEqualTo(Decision.Action.NONE);
            assertThat(d.summary()).as("cpu %s", bad).contains("circuit breaker");
        }
    }

    @Test
    void aReadyPodWithoutMetricsHoldsAScaleDownButNotAScaleUp() {
        Map<String, String> p = Map.of("MAX_REPLICAS", "20", "COOLDOWN_PERIOD", "0");
        TargetSnapshot quiet = snapshot(0, 4, 1.0, 5.0);
        Decision down = run("seed", p, List.of(quiet)).get(0);
        assertThat(down.action()).as("all four read: the quiet load scales down").isEqualTo(Decision.Action.SCALE_DOWN);

        List<TargetSnapshot.PodSample> pods = new ArrayList<>(quiet.pods());
        pods.set(3, new TargetSnapshot.PodSample("p3", true, T0.minusSeconds(600), null, null, null, null, null, null));
        TargetSnapshot partial = new TargetSnapshot(T, quiet.ts(), 5000, quiet.replicas(), pods);
        Decision held = run("seed", p, List.of(partial)).get(0);
        assertThat(held.action()).isEqualTo(Decision.Action.NONE);
        assertThat(held.replicas().finalCount()).isEqualTo(4);
        assertThat(held.blockedBy()).isEqualTo(Decision.BlockedBy.STALE_METRICS);
        assertThat(held.summary()).contains("[no scale-down: pod p3 reported no metrics this round; holding at 4]");
        assertThat(held.signals()).containsKey("unreadable");

        TargetSnapshot busy = snapshot(0, 4, 40.0, 95.0);
        List<TargetSnapshot.PodSample> busyPods = new ArrayList<>(busy.pods());
        busyPods.set(3, pods.get(3));
        Decision up = run("seed", p, List.of(new TargetSnapshot(T, busy.ts(), 5000, busy.replicas(), busyPods))).get(0);
        assertThat(up.action()).as("a scale-up goes ahead").isEqualTo(Decision.Action.SCALE_UP);
    }

    @Test
    void afterTheConfiguredRoundsWithoutMetricsTheFallbackActs() {
        List<TargetSnapshot> blind = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            blind.add(snapshot(5 * i, 4, null, null));
        }
        // hold, the default, from the third round on
        List<Decision> held = run("userscale", Map.of("MAX_REPLICAS", "20"), blind);
        assertThat(held.subList(0, 2)).allSatisfy(d -> assertThat(d.signals()).doesNotContainKey("fallback"));
        assertThat(held.subList(2, 5)).allSatisfy(d -> {
            assertThat(d.signals()).containsKey("fallback");
            assertThat(d.replicas().finalCount()).isEqualTo(4);
            assertThat(d.summary()).contains("rounds without metrics, hold: holding at 4");
        });

        // a fixed count
        List<Decision> fixed = run("seed", Map.of("MAX_REPLICAS", "20", "FALLBACK_AFTER", "2",
                "FALLBACK_REPLICAS", "6"), blind);
        assertThat(fixed.get(0).action()).isEqualTo(Decision.Action.NONE);
        assertThat(fixed.get(1).action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(fixed.get(1).replicas().finalCount()).isEqualTo(6);
        assertThat(fixed.get(1).summary()).contains("fallbackReplicas: 6");
        // it goes down to the fallback count too
        List<Decision> down = run("seed", Map.of("MAX_REPLICAS", "20", "FALLBACK_AFTER", "1",
                "FALLBACK_REPLICAS", "2"), blind);
        assertThat(down.get(0).replicas().finalCount()).isEqualTo(2);

        // current if higher: 4 running, fallback 2 → hold; fallback 6 → 6
        Map<String, String> ifHigher = Map.of("MAX_REPLICAS", "20", "FALLBACK_AFTER", "1", "FALLBACK_KEEP_HIGHER", "1");
        Decision keep = run("seed", with(ifHigher, "FALLBACK_REPLICAS", "2"), blind).get(0);
        assertThat(keep.replicas().finalCount()).isEqualTo(4);
        assertThat(keep.summary()).contains("currentIfHigher");
        assertThat(run("seed", with(ifHigher, "FALLBACK_REPLICAS", "6"), blind).get(0).replicas().finalCount())
                .isEqualTo(6);
    }

    @Test
    void aRoundWithMetricsStartsTheCountAgain() {
        List<TargetSnapshot> rounds = List.of(snapshot(0, 4, null, null), snapshot(5, 4, null, null),
                snapshot(10, 4, 10.0, 40.0), snapshot(15, 4, null, null), snapshot(20, 4, null, null));
        List<Decision> d = run("seed", Map.of("MAX_REPLICAS", "20", "FALLBACK_AFTER", "3", "FALLBACK_REPLICAS", "9"),
                rounds);
        assertThat(d).allSatisfy(x -> assertThat(x.signals()).doesNotContainKey("fallback"));
        assertThat(d).allSatisfy(x -> assertThat(x.replicas().finalCount()).isLessThan(9));
    }

    static Map<String, String> with(Map<String, String> base, String k, String v) {
        var m = new java.util.HashMap<>(base);
        m.put(k, v);
        return m;
    }
}
