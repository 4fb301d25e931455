package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

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
}
