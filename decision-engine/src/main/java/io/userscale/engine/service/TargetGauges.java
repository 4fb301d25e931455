package io.userscale.engine.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.userscale.kafka.contract.Decision;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-target gauges from each target's latest decision, labelled {@code target="namespace/name"}:
 * {@code userscale_engine_target_replicas{kind="current|desired"}} and
 * {@code userscale_engine_target_stale} (1 while the latest decision held the target because its
 * metrics were stale or missing). A target with no decision for {@link #FORGET_AFTER} loses its
 * gauges, so a target that is no longer scaled does not linger as held.
 */
final class TargetGauges {

    static final String REPLICAS = "userscale.engine.target.replicas";
    static final String STALE = "userscale.engine.target.stale";
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final MeterRegistry registry;
    private final Map<String, Latest> targets = new ConcurrentHashMap<>();
    private volatile long lastSweepMs;

    private static final class Latest {
        volatile int current;
        volatile int desired;
        volatile boolean stale;
        volatile long decidedAtMs;
        List<Meter> meters = List.of();
    }

    TargetGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records a target's latest decision, registering its gauges on its first. */
    void record(Decision d, long nowMs) {
        String key = d.target().key();
        Latest latest = targets.computeIfAbsent(key, k -> {
            Latest l = new Latest();
            l.meters = List.of(
                    Gauge.builder(REPLICAS, l, x -> x.current).tag("target", k).tag("kind", "current")
                            .description("Replicas of the target when it was last decided").register(registry),
                    Gauge.builder(REPLICAS, l, x -> x.desired).tag("target", k).tag("kind", "desired")
                            .description("Replicas the latest decision asked for").register(registry),
                    Gauge.builder(STALE, l, x -> x.stale ? 1 : 0).tag("target", k)
                            .description("1 while the latest decision held the target on stale or missing metrics")
                            .register(registry));
            return l;
        });
        latest.current = d.replicas().current();
        latest.desired = d.replicas().finalCount();
        latest.stale = d.blockedBy() == Decision.BlockedBy.STALE_METRICS;
        latest.decidedAtMs = nowMs;
        if (nowMs - lastSweepMs >= 60_000) {
            lastSweepMs = nowMs;
            forgetIdle(nowMs);
        }
    }

    /** Removes the gauges of targets not decided for {@link #FORGET_AFTER}. */
    void forgetIdle(long nowMs) {
        targets.entrySet().removeIf(e -> {
            if (nowMs - e.getValue().decidedAtMs < FORGET_AFTER.toMillis()) {
                return false;
            }
            e.getValue().meters.forEach(registry::remove);
            return true;
        });
    }

    int size() {
        return targets.size();
    }
}
