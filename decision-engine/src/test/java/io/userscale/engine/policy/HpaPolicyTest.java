package io.userscale.engine.policy;

import static io.userscale.engine.policy.Obs.NA;
import static io.userscale.engine.policy.Obs.cpu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userscale.engine.policy.HpaPolicy.Behavior;
import io.userscale.engine.policy.HpaPolicy.RatePolicy;
import io.userscale.engine.policy.HpaPolicy.Rules;
import io.userscale.engine.policy.HpaPolicy.Select;
import io.userscale.engine.signal.Observation;
import io.userscale.kafka.contract.Decision.BlockedBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conformance of the hpa policy with the documented behaviour of the Kubernetes HPA. */
class HpaPolicyTest {

    /** The replica calculator on each snapshot's own metrics (as the simulator, whose snapshots are already aged). */
    static HpaPolicy hpa(Map<String, String> overrides) {
        Map<String, String> o = new java.util.HashMap<>(Map.of("METRICS_AGE", "0"));
        o.putAll(overrides);
        return new HpaPolicy(PolicyParams.defaults().with(o));
    }

    /**
     * Live, snapshots come every scrape (2 s here), fresher than metrics-server serves them: with the
     * default METRICS_AGE of 7 s a step in users shows at the first sync whose window reaches 7 s
     * past it, as in the simulator; with 0 at the first sync after it.
     */
    @Test
    void liveMetricsAreReadAsOldAsMetricsServerServesThem() {
        for (int age : new int[] {0, 7}) {
            var p = age == 7 ? new HpaPolicy(PolicyParams.defaults().with(Map.of("MAX_REPLICAS", "100")))
                    : hpa(Map.of("MAX_REPLICAS", "100"));
            var s = p.initialState();
            Double firstUp = null;
            for (int t = 0; t <= 90 && firstUp == null; t += 2) {
                double users = t < 46 ? 20 : 60; // 2 pods at 10 users each, then three times that from 46 s
                var e = p.evaluate(s, cpu(t, 2, 2, NA, users));
                s = e.state();
                if (e.target() > 2) {
                    firstUp = (double) t;
                    // fresh: ceil(30 / 10 × 2); 7 s old: the window (38, 53] s, 3 snapshots at 10 users per
                    // pod and 4 at 30, a mean of 21.4: ceil(2.14 × 2)
                    assertThat(e.target()).isEqualTo(age == 0 ? 6 : 5);
                }
            }
            // syncs at the first snapshot at or after each 15 s tick: 0, 16, 30, 46, 60: with fresh
            // metrics the step at 46 s shows at 46; 7 s old, the window at 46 ended at 39, so it shows at 60
            assertThat(firstUp).as("METRICS_AGE %d", age).isEqualTo(age == 0 ? 46.0 : 60.0);
        }
    }

    @Test
    void beforeMetricsServerHasAWindowTheMetricsAreMissing() {
        var p = new HpaPolicy(PolicyParams.defaults().with(Map.of("MAX_REPLICAS", "100")));
        var first = p.evaluate(p.initialState(), cpu(0, 4, 4, 100, 400));
        assertThat(first.target()).isEqualTo(4);
        assertThat(first.blockedBy()).isEqualTo(BlockedBy.STALE_METRICS);
    }

    @Test
    void desiredIsCeilOfCurrentTimesRatioOutsideTheTolerance() {
        var p = hpa(Map.of("MAX_REPLICAS", "100"));
        // 4 pods at 75 % against 50 %: ceil(4 × 1.5) = 6
        assertThat(p.evaluate(p.initialState(), cpu(0, 4, 4, 75, NA)).target()).isEqualTo(6);
        // within 10 %: no change
        assertThat(p.evaluate(p.initialState(), cpu(0, 4, 4, 54, NA)).target()).isEqualTo(4);
        // integer utilisation: 55.9 % is 55 %, ratio 1.1, still within
        assertThat(p.evaluate(p.initialState(), cpu(0, 4, 4, 55.9, NA)).target()).isEqualTo(4);
    }

    @Test
    void itOnlyActsAtSyncsEveryFifteenSeconds() {
        var p = hpa(Map.of("MAX_REPLICAS", "100"));
        var first = p.evaluate(p.initialState(), cpu(0, 4, 4, 50, NA));
        var between = p.evaluate(first.state(), cpu(5, 4, 4, 100, NA));
        assertThat(between.target()).isEqualTo(4);
        assertThat(between.note()).contains("next HPA sync");
        var between2 = p.evaluate(between.state(), cpu(10, 4, 4, 100, NA));
        // at the sync, CPU is the mean of the window: (100 + 100 + 100) / 3 = 100 → ceil(4 × 2) = 8
        var sync = p.evaluate(between2.state(), cpu(15, 4, 4, 100, NA));
        assertThat(sync.target()).isEqualTo(8);
    }

    /** The controller wakes every 15 s whatever the snapshots' interval: its syncs keep to its ticks. */
    @Test
    void itsSyncsKeepToTheControllersClockWhateverTheSnapshotsInterval() {
        var p = hpa(Map.of("MAX_REPLICAS", "100"));
        var s = p.initialState();
        List<Integer> syncs = new ArrayList<>();
        for (int t = 0; t <= 92; t += 2) {
            var e = p.evaluate(s, cpu(t, 4, 4, 50, NA));
            s = e.state();
            if (!e.note().contains("next HPA sync")) {
                syncs.add(t);
            }
        }
        // ticks at 0, 15, 30, …: the first snapshot at or after each, never one every 16 s
        assertThat(syncs).containsExactly(0, 16, 30, 46, 60, 76, 90);
        assertThat(HpaPolicy.syncTick(Long.MIN_VALUE, 7_000)).isEqualTo(7_000);
        assertThat(HpaPolicy.syncTick(0, 16_000)).as("a sync after a tick answers that tick").isEqualTo(15_000);
        assertThat(HpaPolicy.syncTick(0, 46_000)).as("a late one the last tick before it").isEqualTo(45_000);
        assertThat(HpaPolicy.syncTick(0, 61_000)).isEqualTo(60_000);
    }

    @Test
    void scaleUpIsLimitedToTheLargerOfFourPodsAndDoublingPerFifteenSeconds() {
        var p = hpa(Map.of("MAX_REPLICAS", "100"));
        assertThat(p.evaluate(p.initialState(), cpu(0, 1, 1, 100, NA)).target()).isEqualTo(2); // ceil(1×2)=2
        assertThat(p.evaluate(p.initialState(), cpu(0, 2, 2, 100, 200)).target()).isEqualTo(6); // users 100/pod → 20, limit 2+4
        assertThat(p.evaluate(p.initialState(), cpu(0, 10, 10, 100, 1000)).target()).isEqualTo(20); // limit 2×10
    }

    @Test
    void scaleDownWaitsForTheFiveMinuteStabilisationWindow() {
        var p = hpa(Map.of("MAX_REPLICAS", "100"));
        var s = p.evaluate(p.initialState(), cpu(0, 10, 10, 50, 0)).state();
        int replicas = 10;
        List<Integer> seen = new ArrayList<>();
        for (int t = 15; t <= 330; t += 15) {
            var e = p.evaluate(s, cpu(t, replicas, replicas, 10, 0)); // wants 2
            s = e.state();
            replicas = e.target();
            seen.add(replicas);
            if (t < 300) {
                assertThat(e.blockedBy()).as("t=%d", t).isEqualTo(BlockedBy.STABILIZATION);
            }
        }
        assertThat(seen.subList(0, 19)).containsOnly(10); // t = 15 … 285: the 10 of t=0 is in the window
        assertThat(seen.get(19)).isEqualTo(2); // t = 300: window has passed
    }

    @Test
    void theDocsExampleEightyToTenUnderFourPodsOrTenPercentPerMinute() {
        // kubernetes.io HPA docs, "Scaling policies": 80 → 10 removes 8, then 8 (10 % of 72 = 7.2 → 8),
        // ..., and 4 per minute below 40 replicas.
        var behavior = new Behavior(Behavior.DEFAULT.up(), new Rules(0, Select.MAX,
                List.of(RatePolicy.pods(4, 60), RatePolicy.percent(10, 60))));
        var p = new HpaPolicy(PolicyParams.defaults().with(Map.of("MAX_REPLICAS", "100", "MIN_REPLICAS", "10")),
                behavior);
        var s = p.initialState();
        int replicas = 80;
        List<Integer> perMinute = new ArrayList<>();
        for (int t = 0; replicas > 10 && t < 3600; t += 15) {
            var e = p.evaluate(s, cpu(t, replicas, replicas, 1, 0));
            s = e.state();
            if (e.target() != replicas) {
                perMinute.add(replicas - e.target());
            }
            replicas = e.target();
        }
        assertThat(perMinute.subList(0, 2)).containsExactly(8, 8);
        assertThat(replicas).isEqualTo(10);
        int at = 80;
        for (int removed : perMinute) {
            int expected = Math.max(4, (int) Math.ceil(at * 0.1 - 1e-9));
            assertThat(removed).as("from %d", at).isEqualTo(Math.min(expected, at - 10));
            at -= removed;
        }
    }

    @Test
    void unreadyPodsCountAsZeroOnScaleUpAndThereIsNoDirectionFlip() {
        var p = hpa(Map.of("MAX_REPLICAS", "100"));
        // 2 ready at 60 %, 2 unready: r = 1.2 over ready; with unready at 0: r2 = 0.6 → would flip → hold
        assertThat(p.evaluate(p.initialState(), cpu(0, 4, 2, 60, NA)).target()).isEqualTo(4);
        // 2 ready at 100 %, 1 unready: r2 = 2 × 2 / 3 = 1.33 → ceil(1.33 × 3) = 4
        assertThat(p.evaluate(p.initialState(), cpu(0, 3, 2, 100, NA)).target()).isEqualTo(4);
    }

    @Test
    void aMissingMetricBlocksScaleDownButNotScaleUp() {
        var p = hpa(Map.of("MAX_REPLICAS", "100"));
        var down = p.evaluate(p.initialState(), cpu(0, 6, 6, 10, NA)); // users unknown
        assertThat(down.target()).isEqualTo(6);
        assertThat(down.blockedBy()).isEqualTo(BlockedBy.STALE_METRICS);
        var up = p.evaluate(p.initialState(), cpu(0, 6, 6, 90, NA));
        assertThat(up.target()).isEqualTo(11);
    }

    @Test
    void replicaCalculatorFillsMissingPodsAtTheTargetOnScaleDown() {
        // ratio 0.5 over 4 pods with metrics, 2 missing counted at ratio 1: r2 = (2 + 2) / 6 = 0.67 → 4
        assertThat(HpaPolicy.replicas(0.5, 4, 0, 2, 6, 1.0)).isEqualTo(4);
        // on scale-up missing count as 0: ratio 2 over 2, 2 missing: r2 = 4/4 = 1 → within → current
        assertThat(HpaPolicy.replicas(2.0, 2, 0, 2, 4, 1.0)).isEqualTo(4);
    }

    /** {@code hpa@T} is the HPA at a target of its own under that name, what a frontier's point runs as. */
    @Test
    void theHpaAtATargetGoesByItsOwnName() {
        var at30 = Policies.byName("hpa@30", Map.of("METRICS_AGE", "0", "MAX_REPLICAS", "100"));
        var at50 = Policies.byName("hpa", Map.of("METRICS_AGE", "0", "MAX_REPLICAS", "100"));
        assertThat(at30.name()).isEqualTo("hpa@30");
        assertThat(at30.params().get(Param.CPU_TARGET)).isEqualTo(30.0);
        assertThat(at30.params().get(Param.USERS_TARGET_PER_POD)).isEqualTo(6.0);
        // 4 pods at 60 % busy: the default target asks for 5, 30 % for 8
        assertThat(first(at30, cpu(0, 4, 4, 60, NA))).isEqualTo(8);
        assertThat(first(at50, cpu(0, 4, 4, 60, NA))).isEqualTo(5);
        assertThat(Policies.known("hpa@30")).isTrue();
        for (String bad : new String[] {"hpa@0", "hpa@030", "hpa@101", "hpa@", "hpa@x", "kpa@30"}) {
            assertThat(Policies.known(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> Policies.byName(bad))
                    .hasMessageContaining("unknown policy '" + bad + "'").hasMessageContaining("hpa@T");
        }
    }

    private static <S> int first(Policy<S> p, Observation o) {
        return p.evaluate(p.initialState(), o).target();
    }
}
