package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import io.userscale.loadgen.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareRowTest {

    private static CompareRow row(String policy, int round, int violations, double replicaSeconds, Double firstUp,
                                  long errors) {
        return new CompareRow(policy, round, replicaSeconds / 120, 5, 30, 200.0, 1500.0, errors, violations,
                replicaSeconds, firstUp, 2, 1, 3600, null);
    }

    @Test
    void eachPolicyOverItsRunsGivesTheMedianAndTheRangeInTheOrderThePoliciesRan() {
        List<CompareRow> rows = List.of(
                row("hpa", 1, 38, 244, 23.1, 795), row("userscale", 1, 12, 411, 1.2, 0),
                row("hpa", 2, 20, 260, 9.0, 100), row("userscale", 2, 30, 380, null, 5),
                row("hpa", 3, 50, 230, 16.0, 0), row("userscale", 3, 10, 400, 2.0, 0));

        List<CompareRow.Spread> spreads = CompareRow.spread(rows);

        assertThat(spreads).extracting(CompareRow.Spread::policy).containsExactly("hpa", "userscale");
        CompareRow.Spread hpa = spreads.get(0);
        assertThat(hpa.runs()).isEqualTo(3);
        assertThat(hpa.sloViolationSeconds()).isEqualTo(new CompareRow.Range(20, 38, 50));
        assertThat(hpa.replicaSeconds()).isEqualTo(new CompareRow.Range(230, 244, 260));
        assertThat(hpa.firstScaleUpSeconds()).isEqualTo(new CompareRow.Range(9.0, 16.0, 23.1));
        assertThat(hpa.noScaleUp()).isZero();
        assertThat(hpa.errors()).isEqualTo(895);
        CompareRow.Spread us = spreads.get(1);
        // a run that met the step with pods already there has no first scale-up: counted, not a zero
        assertThat(us.firstScaleUpSeconds()).isEqualTo(new CompareRow.Range(1.2, 1.6, 2.0));
        assertThat(us.noScaleUp()).isEqualTo(1);
        assertThat(us.sloViolationSeconds().median()).isEqualTo(12);
    }

    @Test
    void theTablesNameEachRunWhenAPolicyRanMoreThanOnce() {
        List<CompareRow> once = List.of(row("hpa", 1, 38, 244, 23.1, 0), row("userscale", 1, 12, 411, 1.2, 0));
        List<CompareRow> twice = List.of(row("hpa", 1, 38, 244, 23.1, 0), row("hpa", 2, 20, 260, 9.0, 0));
        assertThat(CompareRow.several(once)).isFalse();
        assertThat(CompareRow.several(twice)).isTrue();

        StringWriter text = new StringWriter();
        CompareRow.table(new PrintWriter(text), twice);
        assertThat(text.toString()).contains("hpa #1").contains("hpa #2");
        StringWriter single = new StringWriter();
        CompareRow.table(new PrintWriter(single), once);
        assertThat(single.toString()).doesNotContain("#1");

        StringWriter spread = new StringWriter();
        CompareRow.spreadTable(new PrintWriter(spread), CompareRow.spread(twice));
        assertThat(spread.toString()).contains("29 (20–38)").contains("252 (244–260)").contains("16.1 (9–23.1)");
        assertThat(new CompareRow.Range(3403.8, 3407.9, 3436.5).whole()).isEqualTo("3408 (3404–3437)");
    }

    @Test
    void theReportGivesTheSpreadOnlyWhenAPolicyRanMoreThanOnce() {
        List<CompareCommand.Run> twice = List.of(run(row("hpa", 1, 38, 244, 23.1, 0)), run(row("hpa", 2, 20, 260, 9.0,
                0)));
        String html = CompareReport.html(twice, Scenario.STEP, 50, 120, 4, 200, 400, 2);
        assertThat(html).contains("hpa #2").contains("Each policy over its runs").contains("29 (20–38)");
        String once = CompareReport.html(List.of(run(row("hpa", 1, 38, 244, 23.1, 0))), Scenario.STEP, 50, 120, 4, 200,
                400, 2);
        assertThat(once).doesNotContain("hpa #1").doesNotContain("Each policy over its runs");
    }

    @Test
    void aPolicyIsSetBesideTheHpaAtEveryTargetRun() {
        List<CompareRow> rows = List.of(row("hpa@20", 1, 17, 390, 3.0, 0), row("hpa", 1, 34, 264, 15.0, 0),
                row("userscale", 1, 10, 348, 1.5, 0), row("seed", 1, 33, 390, 1.4, 0), row("static", 1, 60, 120, null, 0));
        List<String> lines = CompareRow.againstHpa(CompareRow.spread(rows));
        // userscale: fewer violations than both; seed: hpa@20 has fewer at the same cost; static is not judged
        assertThat(lines).containsExactly(
                "userscale (10 violation-s, 348 replica-s): none of the 2 HPA targets run did as well on both counts",
                "seed (33 violation-s, 390 replica-s): dominated by hpa@20");
        assertThat(CompareRow.againstHpa(CompareRow.spread(rows.subList(1, 5)))).as("one HPA target: no frontier").isEmpty();
        assertThat(CompareCommand.isHpa("hpa@30")).isTrue();
        assertThat(CompareCommand.isHpa("hpa@0")).isFalse();
        assertThat(CompareCommand.isHpa("hpa@101")).isFalse();
    }

    private static CompareCommand.Run run(CompareRow summary) {
        return new CompareCommand.Run(summary.policy(), List.of(), null, List.of(), 0, 60, summary);
    }
}
