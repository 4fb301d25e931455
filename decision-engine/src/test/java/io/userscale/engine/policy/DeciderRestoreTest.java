package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.contract.TargetSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restarted decider resumes from the decisions it published. */
class DeciderRestoreTest {

    static final TargetRef T = TargetRef.deployment("ns", "app");
    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    static TargetSnapshot snapshot(Instant ts, int replicas, double usersPerPod) {
        List<TargetSnapshot.PodSample> pods = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            pods.add(new TargetSnapshot.PodSample("p" + i, true, ts.minusSeconds(600), usersPerPod, null, null, null,
                    null, null));
        }
        return new TargetSnapshot(T, ts, 5000, new TargetSnapshot.Replicas(replicas, replicas), pods);
    }

    @Test
    void aRestartMidCooldownKeepsTheCooldown() {
        var decider = new Decider<>(Policies.byName("seed", Map.of("MAX_REPLICAS", "20")));
        var state = decider.initialState();
        List<Decision> published = new ArrayList<>();
        for (var snap : List.of(snapshot(T0, 1, 25), snapshot(T0.plusSeconds(10), 3, 20))) {
            var out = (Decider.Outcome.Decided<?>) decider.decide((Decider.TargetState) state, snap, null);
            published.add(out.decision());
            state = (Decider.TargetState) out.state();
        }
        assertThat(published.get(0).action()).isEqualTo(Decision.Action.SCALE_UP);
        assertThat(published.get(1).blockedBy()).isEqualTo(Decision.BlockedBy.COOLDOWN);

        var restarted = new Decider<>(Policies.byName("seed", Map.of("MAX_REPLICAS", "20")));
        var resumed = restarted.restoredState((List) published);
        var next = (Decider.Outcome.Decided<?>) restarted.decide((Decider.TargetState) resumed,
                snapshot(T0.plusSeconds(20), 3, 20), null);
        assertThat(next.decision().blockedBy()).isEqualTo(Decision.BlockedBy.COOLDOWN);
        assertThat(next.command()).isNull();
        var later = (Decider.Outcome.Decided<?>) restarted.decide((Decider.TargetState) next.state(),
                snapshot(T0.plusSeconds(31), 3, 20), null);
        assertThat(later.command()).isNotNull();
        // redelivered snapshots already decided are ignored
        assertThat(restarted.decide((Decider.TargetState) resumed, snapshot(T0.plusSeconds(10), 3, 20), null))
                .isInstanceOf(Decider.Outcome.Ignored.class);
    }
}
