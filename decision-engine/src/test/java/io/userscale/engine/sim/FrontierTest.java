package io.userscale.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.engine.policy.Policies;
import io.userscale.engine.sim.Frontier.Point;
import io.userscale.engine.sim.Frontier.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrontierTest {

    /** An HPA frontier like the real ones: fewer violations cost more. */
    static final List<Point> HPA = List.of(new Point(20, 0, 3000), new Point(30, 20, 2200), new Point(40, 80, 1800),
            new Point(50, 150, 1500), new Point(60, 300, 1300), new Point(70, 600, 1150), new Point(80, 3000, 1000));

    @ParameterizedTest(name = "{0} violation-s at {1} replica-s: {2}")
    @CsvSource({
            // beaten on both counts by the HPA at 50 %
            "160, 1600, DOMINATED",
            // as good as the HPA at 40 % on violations and worse on cost
            "80, 1850, DOMINATED",
            // the same point as the HPA at 60 %: not dominated (it is not better on either)
            "300, 1300, WON",
            // between 50 % and 60 %: not dominated, but the HPA at 60 % costs no more and has < 2x+5
            "200, 1400, WON",
            // no HPA target with ≤ 10 violations costs less than 1.15x, every cheaper one has ≥ 25
            "10, 1900, CLEAR_WIN",
            // cheaper than everything but 80 %, whose violations are far more: clear
            "100, 1100, CLEAR_WIN",
            // 30 % has 20 ≤ 25 violations and costs 2200 < 1.15 × 2000: won, not clearly
            "25, 2000, WON",
            // fewer violations and cheaper than every target: clear
            "0, 900, CLEAR_WIN",
            // cheaper than every target but with more violations than every one (one pod held all
            // along): worse on the SLO at every target, not a clear win, though each costs > 1.15x
            "3500, 800, WON"
    })
    void judgesARunAgainstEveryHpaTarget(long violations, double cost, Verdict expected) {
        assertThat(Frontier.verdict(violations, cost, HPA)).isEqualTo(expected);
    }

    @Test
    void fewerViolationsThanEveryTargetAtAnyCostIsStillJudgedOnThem() {
        // a frontier whose most generous target still breaks the SLO for 10 s
        List<Point> breaking = HPA.stream()
                .map(p -> new Point(p.cpuTarget(), p.violations() + 10, p.replicaSeconds())).toList();
        // dearer than every target, but every one has >= 2 x 0 + 5 violations: clear, the SLO met
        // where the HPA at no target meets it
        assertThat(Frontier.verdict(0, 3500, breaking)).isEqualTo(Verdict.CLEAR_WIN);
        // 6 violations: the HPA at 20 % has 10 < 2 x 6 + 5 at less cost
        assertThat(Frontier.verdict(6, 3500, breaking)).isEqualTo(Verdict.WON);
    }

    @ParameterizedTest(name = "the cheapest HPA target without violations at {0}x the oracle: {1}")
    @CsvSource({
            // within 1.15x of the oracle: nothing that meets the SLO wins clearly
            "1.10, WON",
            // further off: the oracle itself would, and a policy near it can
            "1.30, CLEAR_WIN"
    })
    void theOraclesVerdictIsTheMostAPolicyThatMeetsTheSloCanHave(double cheapestClean, Verdict expected) {
        double oracle = 1000;
        List<Grid.Run> frontier = List.of(hpa(20, 0, 2 * oracle), hpa(50, 0, cheapestClean * oracle),
                hpa(80, 400, 0.9 * oracle));
        Grid.Cell cell = new Grid.Cell("t", 60, Scenario.BASE, oracle, List.of(), frontier);
        assertThat(cell.oracleVerdict()).isEqualTo(expected);
        List<Grid.Summary> s = Grid.summarise(List.of(cell));
        assertThat(s).hasSize(1);
        assertThat(s.get(0).policy()).isEqualTo(Grid.ORACLE);
        assertThat(s.get(0).clearWins()).isEqualTo(expected == Verdict.CLEAR_WIN ? 1 : 0);
    }

    private static Grid.Run hpa(int target, long violations, double cost) {
        return new Grid.Run("hpa", target, "v", violations, cost, cost / 1000, 0, 0, null);
    }

    @ParameterizedTest(name = "fixed {0} violation-s at {1} against a run's {2} at {3}: {4}")
    @CsvSource({
            // as few violations for less
            "6, 1000, 6, 1100, true",
            // fewer violations for as much
            "4, 1100, 6, 1100, true",
            // the same point: better on neither
            "6, 1100, 6, 1100, false",
            // cheaper but with more violations
            "7, 1000, 6, 1100, false",
            // fewer violations but dearer
            "0, 1200, 6, 1100, false"
    })
    void aFixedDeploymentDominatesOnlyWhereItIsAsGoodOnBothCountsAndBetterOnOne(long fixedViolations, double fixedCost,
                                                                                  long violations, double cost,
                                                                                  boolean expected) {
        assertThat(new Frontier.Fixed(1, fixedViolations, fixedCost).dominates(violations, cost)).isEqualTo(expected);
    }

    /** Each run of a cell is set beside the fixed deployment its cost would have bought, and the summary counts it. */
    @Test
    void aCellSetsEachRunBesideTheFixedDeploymentOfItsCost() {
        io.userscale.kafka.contract.RateTrace trace = Traces.bursts(4, 3600);
        Grid.Cell cell = Grid.cell(trace, Scenario.BASE, List.of("userscale", "hpa"), java.util.Map.of(),
                Grid.Reuse.NONE, f -> { });
        assertThat(cell.fixed()).hasSize(2);
        Simulation.Setup setup = Simulation.Setup.of(trace, Scenario.BASE.model(), Scenario.BASE.arrivals(),
                Scenario.BASE.seed());
        int beats = 0;
        for (Grid.Run r : cell.policies()) {
            Frontier.Fixed f = cell.fixedFor(r);
            int count = (int) Math.floor(r.replicaSeconds() / cell.seconds());
            assertThat(f.replicas()).as(r.policy()).isEqualTo(count);
            assertThat(f.replicaSeconds()).as(r.policy()).isEqualTo((double) count * cell.seconds());
            assertThat(f).as(r.policy()).isEqualTo(Simulation.fixed(setup, count));
            assertThat(cell.dominatedByFixed(r)).as(r.policy()).isEqualTo(f.dominates(r.violations(), r.replicaSeconds()));
            // no count it could have afforded does better: fewer pods never have fewer violations
            for (int n = 1; n < count; n++) {
                assertThat(Simulation.fixed(setup, n).violations()).as(r.policy() + " at " + n)
                        .isGreaterThanOrEqualTo(f.violations());
            }
            beats += cell.dominatedByFixed(r) ? 0 : 1;
        }
        Grid.Summary userscale = Grid.summarise(List.of(cell)).get(0);
        assertThat(userscale.policy()).isEqualTo("userscale");
        assertThat(userscale.beatsFixed() + (cell.policies().size() == 2
                ? (cell.dominatedByFixed(cell.policies().get(1)) ? 0 : 1) : 0)).isEqualTo(beats);
    }

    @ParameterizedTest
    @CsvSource({"20, 4, 14", "50, 10, 35", "80, 16, 56"})
    void theHpaAtATargetScalesItsUsersTargetAlike(int cpu, String users, String low) {
        assertThat(Policies.hpaAt(cpu)).containsEntry("CPU_TARGET", Integer.toString(cpu))
                .containsEntry("USERS_TARGET_PER_POD", users).containsEntry("CPU_SCALE_DOWN_BELOW", low);
    }
}
