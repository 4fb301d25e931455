package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyParamsTest {

    @Test
    void defaultsAreTheDesignsValues() {
        PolicyParams p = PolicyParams.defaults();
        Map<Param, Double> design = Map.of(Param.USERS_TARGET_PER_POD, 10.0,
                Param.CPU_TARGET, 50.0, Param.CPU_SCALE_DOWN_BELOW, 35.0,
                Param.GPU_TARGET, 60.0, Param.GPU_SCALE_DOWN_BELOW, 40.0,
                Param.LATENCY_TARGET_MS, 200.0, Param.LATENCY_SCALE_DOWN_BELOW_MS, 100.0, Param.ALPHA, 0.6);
        design.forEach((param, value) -> assertThat(p.get(param)).as("%s", param).isEqualTo(value));
        assertThat(p.millis(Param.COOLDOWN_PERIOD)).isEqualTo(30_000);
        assertThat(p.getInt(Param.SCALE_UP_STEP)).isEqualTo(2);
        assertThat(p.getInt(Param.SCALE_DOWN_STEP)).isEqualTo(1);
        assertThat(p.getInt(Param.MAX_CONSECUTIVE)).isEqualTo(3);
        assertThat(p.problems()).isEmpty();
        assertThat(PolicyParams.profiles()).containsKeys("default", "aggressive", "conservative");
    }

    @Test
    void overridesBySeedNamesAreApplied() {
        PolicyParams p = PolicyParams.defaults().with(Map.of("cpu_target", "70", "MAX_REPLICAS", "40"));
        assertThat(p.get(Param.CPU_TARGET)).isEqualTo(70);
        assertThat(p.getInt(Param.MAX_REPLICAS)).isEqualTo(40);
        assertThat(p.asMap()).containsEntry("CPU_TARGET", "70").containsEntry("ALPHA", "0.6");
        assertThat(p.hash()).isNotEqualTo(PolicyParams.defaults().hash());
    }

    @Test
    void invalidValuesAreRefusedNamingKeyValueAndRange() {
        assertThatThrownBy(() -> PolicyParams.defaults().with(Map.of("CPU_TARGET", "150")))
                .isInstanceOf(PolicyParams.InvalidParamsException.class)
                .hasMessageContaining("CPU_TARGET=150: must be in [1, 100] %");
        assertThatThrownBy(() -> PolicyParams.defaults().with(Map.of("ALPHA", "fast")))
                .hasMessageContaining("ALPHA=fast: not a number; must be in [0.01, 1]");
        assertThatThrownBy(() -> PolicyParams.defaults().with(Map.of("SCALE_UP_STEP", "1.5")))
                .hasMessageContaining("SCALE_UP_STEP=1.5: must be in [1, 10000] replicas, a whole number");
        assertThatThrownBy(() -> PolicyParams.defaults().with(Map.of("MIN_REPLICAS", "5", "MAX_REPLICAS", "3")))
                .hasMessageContaining("MIN_REPLICAS=5: must not exceed MAX_REPLICAS=3");
        assertThatThrownBy(() -> PolicyParams.defaults().with(Map.of("CPU_SCALE_DOWN_BELOW", "60")))
                .hasMessageContaining("CPU_SCALE_DOWN_BELOW=60: must not exceed CPU_TARGET=50");
        assertThatThrownBy(() -> PolicyParams.defaults().with(Map.of("CPU_TARGTE", "50")))
                .hasMessageContaining("CPU_TARGTE: unknown parameter");
    }

    @Test
    void unknownPoliciesAreNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> Policies.byName("keda"))
                .hasMessage("unknown policy 'keda'; known: userscale, userscale-v1, seed, seed-aggressive, seed-conservative, hpa, kpa, "
                        + "hpa@T (the HPA at a CPU target of T %, 1–100)");
        for (String name : Policies.names()) {
            assertThat(Policies.byName(name).name()).isEqualTo(name);
        }
    }
}
