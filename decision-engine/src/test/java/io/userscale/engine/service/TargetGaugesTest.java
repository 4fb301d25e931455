package io.userscale.engine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.Examples;
import io.userscale.kafka.contract.TargetRef;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TargetGaugesTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    static Decision held(TargetRef target) {
        Decision d = Examples.decision(target, T0);
        return new Decision(d.decisionId(), target, T0, d.policy(), new Decision.Replicas(3, 3, 3),
                Decision.Action.NONE, Decision.BlockedBy.STALE_METRICS, d.mode(), d.signals(), "held", d.input());
    }

    @Test
    void eachTargetHasItsReplicasAndWhetherItIsHeldOnStaleMetrics() {
        var registry = new SimpleMeterRegistry();
        var gauges = new TargetGauges(registry);
        var shop = TargetRef.deployment("shop", "api");
        gauges.record(Examples.decision(shop, T0), 0);
        assertThat(registry.get(TargetGauges.REPLICAS).tags("target", "shop/api", "kind", "current").gauge().value())
                .isEqualTo(1);
        assertThat(registry.get(TargetGauges.REPLICAS).tags("target", "shop/api", "kind", "desired").gauge().value())
                .isEqualTo(3);
        assertThat(registry.get(TargetGauges.STALE).tags("target", "shop/api").gauge().value()).isZero();

        gauges.record(held(shop), 1_000);
        assertThat(registry.get(TargetGauges.STALE).tags("target", "shop/api").gauge().value()).isEqualTo(1);
        assertThat(registry.get(TargetGauges.REPLICAS).tags("target", "shop/api", "kind", "current").gauge().value())
                .isEqualTo(3);
    }

    @Test
    void aTargetNoLongerDecidedLosesItsGauges() {
        var registry = new SimpleMeterRegistry();
        var gauges = new TargetGauges(registry);
        var old = TargetRef.deployment("shop", "old");
        var live = TargetRef.deployment("shop", "live");
        gauges.record(held(old), 0);
        long later = TargetGauges.FORGET_AFTER.toMillis() + 60_000;
        gauges.record(Examples.decision(live, T0), later);
        assertThat(gauges.size()).isEqualTo(1);
        assertThat(registry.find(TargetGauges.STALE).tags("target", "shop/old").gauge()).isNull();
        assertThat(registry.find(TargetGauges.STALE).tags("target", "shop/live").gauge()).isNotNull();
    }
}
