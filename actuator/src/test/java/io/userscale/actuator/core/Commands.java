package io.userscale.actuator.core;

import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import java.time.Duration;
import java.time.Instant;

/** Commands for tests: issued at {@code T0 + seconds}, valid for a minute. */
public final class Commands {

    public static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private Commands() {
    }

    public static ScaleCommand command(TargetRef target, String id, long seconds, int from, int to) {
        Instant issued = T0.plusSeconds(seconds);
        return new ScaleCommand(id, "decision-" + id, target, to, from, issued, issued.plus(Duration.ofMinutes(1)),
                false);
    }

    public static ScaleCommand dryRun(ScaleCommand c) {
        return new ScaleCommand(c.commandId(), c.decisionId(), c.target(), c.replicas(), c.previousReplicas(),
                c.issuedAt(), c.expiresAt(), true);
    }
}
