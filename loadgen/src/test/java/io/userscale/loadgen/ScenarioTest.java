package io.userscale.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void theSeedsScenarioNamesParse() {
        assertThat(Scenario.parse("intensive_matrix")).isEqualTo(Scenario.INTENSIVE_MATRIX);
        assertThat(Scenario.parse("burst")).isEqualTo(Scenario.BURST);
        assertThat(Scenario.parse("gpu")).isEqualTo(Scenario.GPU);
        assertThat(Scenario.parse("Intensive-Matrix")).isEqualTo(Scenario.INTENSIVE_MATRIX);
    }

    @Test
    void anUnknownScenarioIsNamedWithTheValidOnes() {
        assertThatThrownBy(() -> Scenario.parse("spike"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown scenario 'spike'; expected one of: intensive_matrix, burst, gpu, ramp, step, trace");
    }
}
