package io.userscale.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userscale.kafka.contract.RateTrace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticTest {

    @ParameterizedTest
    @EnumSource(Synthetic.Shape.class)
    void eachShapeIsTheSameForASeedAndAnotherForAnother(Synthetic.Shape shape) {
        RateTrace a = Synthetic.trace(shape, 4);
        RateTrace b = Synthetic.trace(shape, 4);
        RateTrace c = Synthetic.trace(shape, 5);
        assertThat(a.rates()).containsExactly(b.rates());
        assertThat(Arrays.equals(a.rates(), c.rates())).isFalse();
        assertThat(a.name()).isEqualTo(shape.label() + "-4");
        assertThat(a.peak()).isPositive();
        assertThat(Arrays.stream(a.rates()).allMatch(r -> r >= 0 && Double.isFinite(r))).isTrue();
        assertThat(Synthetic.Shape.parse(shape.label())).isEqualTo(shape);
    }

    @Test
    void theShapesHaveTheirCharacter() {
        double[] bursts = Synthetic.trace(Synthetic.Shape.CLUSTERED_BURSTS, 1).rates();
        long idle = Arrays.stream(bursts).filter(r -> r == 0).count();
        assertThat((double) idle / bursts.length).as("clustered bursts: mostly idle").isGreaterThan(0.5);
        double[] crowd = Synthetic.trace(Synthetic.Shape.FLASH_CROWD, 1).rates();
        double[] sorted = crowd.clone();
        Arrays.sort(sorted);
        assertThat(sorted[sorted.length - 1] / sorted[sorted.length / 2]).as("a flash crowd towers over the day")
                .isGreaterThan(3);
        double[] growth = Synthetic.trace(Synthetic.Shape.SLOW_GROWTH, 1).rates();
        double firstDay = Arrays.stream(growth, 0, 1440).average().orElseThrow();
        double lastDay = Arrays.stream(growth, growth.length - 1440, growth.length).average().orElseThrow();
        assertThat(lastDay / firstDay).as("slow growth grows").isGreaterThan(1.8);
        assertThatThrownBy(() -> Synthetic.Shape.parse("sawtooth")).hasMessageContaining("known: flash-crowd");

        // timers: jobs lift the load well above the daily curve, at whole minutes of a clock
        RateTrace trace = Synthetic.trace(Synthetic.Shape.TIMERS, 1);
        double[] t = trace.rates();
        List<Integer> starts = new ArrayList<>();
        for (int i = 30; i < t.length; i++) {
            double[] around = Arrays.copyOfRange(t, i - 30, i);
            Arrays.sort(around);
            if (t[i] > 1.25 * around[15] && t[i - 1] <= 1.25 * around[15]) {
                starts.add(i);
            }
        }
        Map<Integer, Long> gaps = new TreeMap<>();
        for (int k = 1; k < starts.size(); k++) {
            gaps.merge((int) Math.round((starts.get(k) - starts.get(k - 1)) * trace.stepS() / 60), 1L, Long::sum);
        }
        long most = gaps.values().stream().mapToLong(Long::longValue).max().orElse(0);
        assertThat(starts.size()).as("jobs fired in a day").isGreaterThan(20);
        assertThat((double) most / (starts.size() - 1)).as("share of gaps between jobs of the commonest whole number "
                + "of minutes, " + gaps).isGreaterThan(0.4);
    }
}
