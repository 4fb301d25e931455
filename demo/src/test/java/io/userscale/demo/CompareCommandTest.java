package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CompareCommandTest {

    @Test
    void roundsShiftTheirWarmUpEvenlyOverOneHpaSyncPeriod() {
        assertThat(CompareCommand.phaseShiftS(1, 1)).as("one run alone is not shifted").isZero();
        assertThat(IntStream.rangeClosed(1, 3).map(r -> CompareCommand.phaseShiftS(r, 3))).containsExactly(0, 5, 10);
        assertThat(IntStream.rangeClosed(1, 5).map(r -> CompareCommand.phaseShiftS(r, 5))).containsExactly(0, 3, 6, 9,
                12);
        // never a whole period: a shift of 15 s would meet the sync where no shift does
        assertThat(IntStream.rangeClosed(1, 20).map(r -> CompareCommand.phaseShiftS(r, 20)).max().getAsInt())
                .isLessThan(CompareCommand.HPA_SYNC_S);
    }

    static Decision hpa(long tsMs, String summary) {
        return new Decision("d" + tsMs, TargetRef.deployment("demo", "gpu-app"), Instant.ofEpochMilli(tsMs),
                new Decision.PolicyRef("hpa", "test", Map.of()), new Decision.Replicas(1, 1, 1), Decision.Action.NONE,
                null, Decision.Mode.NORMAL, Map.of(), summary, null);
    }

    @Test
    void theLiveHpasSyncPhaseIsReadFromItsDecisions() {
        long start = 1_000_000;
        List<Decision> ds = new ArrayList<>();
        ds.add(hpa(start - 3_000, "HOLD replicas 1 (cpu=20%)")); // a sync before the load: not counted
        for (int t = 1; t <= 40; t++) {
            boolean sync = (t - 7) % 15 == 0; // syncs 7, 22, 37 s into the load
            ds.add(hpa(start + t * 1000L + 40, sync ? "HOLD replicas 1 (cpu=20%)"
                    : "(" + CompareCommand.BETWEEN_SYNCS + " " + Math.floorMod(7 - t, 15) + " s)"));
        }
        assertThat(CompareCommand.hpaPhaseS(ds, start)).isEqualTo(7);
        assertThat(CompareCommand.hpaPhaseS(ds.subList(0, 5), start)).as("no sync seen in the load: the model's")
                .isZero();
        ds.add(0, hpa(start + 22_000, "SCALE_UP replicas 1 -> 3"));
        assertThat(CompareCommand.hpaPhaseS(ds, start)).as("22 s in is 7 s into its cycle").isEqualTo(7);
    }
}
