package io.userscale.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoundClockTest {

    @Test
    void roundsThatComeLateBehindAnOverrunAreSkippedAndTheNextStartsOnTime() {
        RoundClock clock = new RoundClock(100_000, 5000);
        assertThat(clock.late(102_700)).as("the first, however late").isFalse();
        assertThat(clock.late(105_010)).as("on time").isFalse();
        assertThat(clock.late(111_200)).as("1.2 s late: runs").isFalse();
        // the round of 115 s took 13 s: the ticks of 120 and 125 s fire at once when it ends
        assertThat(clock.late(128_000)).as("3 s late").isTrue();
        assertThat(clock.late(128_001)).isTrue();
        assertThat(clock.late(130_002)).as("the next on time").isFalse();
        assertThat(clock.skipped()).isEqualTo(2);
    }
}
