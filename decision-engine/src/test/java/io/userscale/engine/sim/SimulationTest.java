package io.userscale.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulationTest {

    static final Model M = Model.defaults();

    @Test
    void aComparisonReportsEveryPolicyAgainstTheOracleAndIsDeterministic() {
        Trace trace = Traces.bursts(7, 3600);
        var a = Simulation.compare(trace, M, Simulation.DEFAULT_POLICIES, Map.of(), f -> { });
        var b = Simulation.compare(trace, M, Simulation.DEFAULT_POLICIES, Map.of(), f -> { });
        assertThat(a.policies()).extracting(Simulation.PolicyResult::policy)
                .containsExactly("userscale", "hpa", "kpa", "seed");
        for (int i = 0; i < a.policies().size(); i++) {
            var p = a.policies().get(i);
            assertThat(p.replicaSeconds()).isEqualTo(b.policies().get(i).replicaSeconds());
            assertThat(p.sloViolationSeconds()).isEqualTo(b.policies().get(i).sloViolationSeconds());
            assertThat(p.oracleRatio()).isEqualTo(p.replicaSeconds() / a.oracleReplicaSeconds());
            assertThat(p.series().replicas()).hasSize(a.demand().length);
        }
        assertThat(a.seconds()).isEqualTo(3600);
        assertThat(a.peakRate()).isEqualTo(M.peakPods() * M.rateAtSlo());
    }

    @Test
    void userscaleMeetsStepsSoonerThanTheHpa() {
        Trace trace = Traces.bursts(8, 5400);
        var r = Simulation.compare(trace, M, List.of("userscale", "hpa"), Map.of(), f -> { });
        var userscale = r.policies().get(0);
        var hpa = r.policies().get(1);
        assertThat(userscale.sloViolationSeconds()).isLessThan(hpa.sloViolationSeconds());
    }

    @Test
    void aClusterWithTooFewPodsBuildsABacklogAndDrainsIt() {
        Cluster c = new Cluster(M, 1);
        c.step(0, M.capacityRps() * 2); // twice what one pod serves
        assertThat(c.cpu).isEqualTo(100);
        double overloaded = c.p95;
        assertThat(overloaded).isGreaterThan(M.sloMs());
        c.scaleTo(4, 1);
        c.step(1, M.capacityRps() * 2);
        assertThat(c.ready()).isEqualTo(1); // still starting
        for (int t = 2; t < 40; t++) {
            c.step(t, M.capacityRps());
        }
        assertThat(c.ready()).isEqualTo(4);
        assertThat(c.p95).isLessThan(M.sloMs());
    }
}
