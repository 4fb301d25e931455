package io.userscale.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userscale.kafka.contract.TargetRef;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PhasesTest {

    private static TargetRef target(int i) {
        return TargetRef.parseKey("bench/app-" + i);
    }

    @Test
    void targetsSpreadEvenlyOverThePhasesAndKeepTheirs() {
        Phases phases = new Phases(10, 5000);
        assertThat(phases.tickMs()).isEqualTo(500);
        int[] perPhase = new int[10];
        IntStream.range(0, 1000).forEach(i -> perPhase[phases.of(target(i))]++);
        assertThat(IntStream.of(perPhase)).allSatisfy(n -> assertThat(n).isBetween(70, 130));
        assertThat(phases.of(target(7))).isEqualTo(new Phases(10, 5000).of(target(7)));
    }

    @Test
    void theTargetsOfOneShardSpreadOverEveryPhaseToo() {
        Phases phases = new Phases(10, 5000);
        Shard shard = Shard.parse("0/2");
        int[] perPhase = new int[10];
        IntStream.range(0, 2000).mapToObj(PhasesTest::target).filter(shard::owns)
                .forEach(t -> perPhase[phases.of(t)]++);
        assertThat(IntStream.of(perPhase)).allSatisfy(n -> assertThat(n).isBetween(60, 140));
    }

    @Test
    void aPhaseWhoseLastRoundStillRunsIsSkippedUntilItEnds() {
        Phases phases = new Phases(3, 3000);
        assertThat(IntStream.range(0, 4).map(i -> phases.next()).toArray()).containsExactly(0, 1, 2, 0);
        assertThat(phases.begin(1, 1000)).isTrue();
        assertThat(phases.begin(2, 2000)).as("another phase runs beside it").isTrue();
        assertThat(phases.begin(1, 4000)).as("phase 1 again, its round still running").isFalse();
        assertThat(phases.startedMs(1)).isEqualTo(1000);
        phases.end(1);
        assertThat(phases.begin(1, 7000)).isTrue();
    }

    @Test
    void oneRoundForEveryTargetIsOnePhase() {
        Phases one = new Phases(1, 5000);
        assertThat(one.tickMs()).isEqualTo(5000);
        assertThat(IntStream.range(0, 50).map(i -> one.of(target(i)))).containsOnly(0);
    }

    @Test
    void phasesCloserThanTenMillisecondsAreRefused() {
        assertThatThrownBy(() -> new Phases(0, 5000)).hasMessageContaining("userscale.ingest.phases must be 1-500");
        assertThatThrownBy(() -> new Phases(200, 1000)).hasMessageContaining("got 200");
    }
}
