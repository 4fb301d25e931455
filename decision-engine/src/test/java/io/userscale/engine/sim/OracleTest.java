package io.userscale.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.engine.policy.Policies;
import io.userscale.kafka.contract.RateTrace;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The oracle is a true lower bound: it meets the SLO everywhere and nothing that does is cheaper. */
class OracleTest {

    static final Model M = Model.defaults();

    static Stream<RateTrace> traces() {
        return Stream.of(Traces.noisyWave(1, 3600), Traces.noisyWave(2, 3600), Traces.bursts(3, 5400),
                Traces.bursts(4, 5400), Traces.minuteSpikes(5, 240));
    }

    @ParameterizedTest
    @MethodSource("traces")
    void theOracleMeetsTheSloEverySecond(RateTrace trace) {
        double[] rates = Simulation.rates(trace, M);
        Oracle.Schedule o = Oracle.schedule(rates, M);
        double cost = 0;
        for (int t = 0; t < rates.length; t++) {
            assertThat(o.ready()[t]).as("t=%d", t).isGreaterThanOrEqualTo(M.podsNeeded(rates[t]));
            double rho = rates[t] / (o.ready()[t] * M.capacityRps());
            assertThat(M.p95AtUtilisation(rho)).as("t=%d", t).isLessThanOrEqualTo(M.sloMs() + 1e-9);
            assertThat(o.spec()[t]).isGreaterThanOrEqualTo(o.ready()[t]);
            cost += o.spec()[t];
        }
        assertThat(o.replicaSeconds()).isEqualTo(cost);
    }

    @ParameterizedTest
    @MethodSource("traces")
    void noRunThatMeetsTheSloThroughoutUsesFewerReplicaSecondsThanTheOracle(RateTrace trace) {
        var setup = Simulation.Setup.of(trace, M, Arrivals.FLUID, 1);
        double oracle = setup.oracle().replicaSeconds();
        int meetingRuns = 0;
        List<Map<String, String>> settings = List.of(Map.of(), Map.of("MIN_REPLICAS", "25"),
                Map.of("CPU_TARGET", "30", "CPU_SCALE_DOWN_BELOW", "20", "USERS_TARGET_PER_POD", "5"));
        for (String name : Policies.names()) {
            for (Map<String, String> overrides : settings) {
                var policy = Policies.byName(name, Simulation.simOverrides(M, overrides));
                var r = Simulation.run(policy, setup, Simulation.Sink.NONE, f -> { });
                if (r.sloViolationSeconds() == 0) {
                    meetingRuns++;
                    assertThat(r.replicaSeconds()).as("%s %s", name, overrides).isGreaterThanOrEqualTo(oracle);
                }
            }
        }
        assertThat(meetingRuns).as("runs that met the SLO, so the bound was tested").isPositive();
    }

    @ParameterizedTest
    @MethodSource("traces")
    void keepingAPodThroughAGapShorterThanAStartUpIsCheaperThanRestartingIt(RateTrace trace) {
        double[] rates = Simulation.rates(trace, M);
        Model slowStart = new Model(M.peakPods(), 600, M.sloMs(), M.serviceMs(), M.concurrency(), M.userRps(),
                M.scrapeS(), M.minReplicas(), M.maxReplicas());
        // with a longer start-up, gaps are bridged more, never costing less than with a short one
        assertThat(Oracle.schedule(rates, slowStart).replicaSeconds())
                .isGreaterThanOrEqualTo(Oracle.schedule(rates, M).replicaSeconds());
    }
}
