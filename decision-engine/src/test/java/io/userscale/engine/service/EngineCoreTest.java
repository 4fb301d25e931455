package io.userscale.engine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.engine.policy.Decider;
import io.userscale.engine.policy.Policies;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's state per target across a partition moving to another instance and back. */
class EngineCoreTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    final ContractCodec<TargetSnapshot> codec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);

    byte[] snapshot(TargetRef target, int second) {
        List<TargetSnapshot.PodSample> pods = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            pods.add(new TargetSnapshot.PodSample("p" + i, true, T0.minusSeconds(600), 10.0, 50.0, null, null, null,
                    null));
        }
        return codec.encode(new TargetSnapshot(target, T0.plusSeconds(second), 5000,
                new TargetSnapshot.Replicas(2, 2), pods));
    }

    @Test
    void aTargetWhosePartitionMovedAwayIsRebuiltFromItsHistoryWhenItComesBack() {
        List<String> restored = new ArrayList<>();
        var core = new EngineCore(new Decider<>(Policies.byName("seed", Map.of())), (t, since) -> {
            restored.add(t.key());
            return List.of();
        });
        TargetRef a = TargetRef.deployment("shop", "a");
        TargetRef b = TargetRef.deployment("shop", "b");
        core.handle(a.key(), snapshot(a, 0), "userscale.metrics", 1, 0);
        core.handle(b.key(), snapshot(b, 0), "userscale.metrics", 4, 0);
        core.handle(a.key(), snapshot(a, 5), "userscale.metrics", 1, 1);
        assertThat(restored).as("state read back once per target, then kept").containsExactly("shop/a", "shop/b");

        assertThat(core.forgetPartitions(List.of(1, 2))).isEqualTo(1);
        assertThat(core.targets()).isEqualTo(1);
        core.handle(b.key(), snapshot(b, 5), "userscale.metrics", 4, 1);
        core.handle(a.key(), snapshot(a, 10), "userscale.metrics", 1, 2);
        assertThat(restored).as("a, handed over and back, is rebuilt; b was kept")
                .containsExactly("shop/a", "shop/b", "shop/a");
    }
}
