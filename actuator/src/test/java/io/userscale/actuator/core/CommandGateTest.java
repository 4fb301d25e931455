package io.userscale.actuator.core;

import static io.userscale.actuator.core.Commands.T0;
import static io.userscale.actuator.core.Commands.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userscale.actuator.core.CommandGate.Verdict;
import io.userscale.kafka.contract.ActuationResult.Status;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ordering, de-duplication, expiry and bounds, without Kafka or a backend. */
class CommandGateTest {

    static final TargetRef WEB = TargetRef.deployment("prod", "web");
    static final TargetRef API = TargetRef.deployment("prod", "api");

    final CommandGate gate = new CommandGate(new BoundsTable(new Bounds(1, 10), Map.of("prod/api", new Bounds(2, 4))));

    @Test
    void aFreshCommandWithinBoundsIsAllowed() {
        assertThat(gate.check(command(WEB, "a", 0, 1, 3), T0)).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void aHandledCommandIsADuplicateEvenWhenRedeliveredMuchLater() {
        ScaleCommand c = command(WEB, "a", 0, 1, 3);
        gate.handled(WEB, "a", c.issuedAt());
        assertThat(gate.check(c, T0)).isInstanceOf(Verdict.Duplicate.class);
        assertThat(gate.check(c, T0.plusSeconds(3600))).as("duplicate before expiry")
                .isInstanceOf(Verdict.Duplicate.class);
    }

    @Test
    void anOlderCommandAfterANewerOneIsStale() {
        gate.handled(WEB, "b", T0.plusSeconds(10));
        Verdict v = gate.check(command(WEB, "a", 5, 1, 3), T0.plusSeconds(11));
        assertThat(v).isInstanceOf(Verdict.Refused.class);
        assertThat(((Verdict.Refused) v).status()).isEqualTo(Status.STALE);
        assertThat(((Verdict.Refused) v).reason()).contains("before command b");
        // a newer one goes through, and the order is per target
        assertThat(gate.check(command(WEB, "c", 11, 3, 4), T0.plusSeconds(12))).isInstanceOf(Verdict.Allowed.class);
        assertThat(gate.check(command(API, "a", 5, 2, 3), T0.plusSeconds(11))).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void equalIssueTimesAreOrderedByCommandId() {
        gate.handled(WEB, "m", T0);
        assertThat(gate.check(command(WEB, "l", 0, 1, 3), T0)).isInstanceOf(Verdict.Refused.class);
        assertThat(gate.check(command(WEB, "n", 0, 1, 3), T0)).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void theNewestHandledCountsNotTheLastHandled() {
        gate.handled(WEB, "new", T0.plusSeconds(20));
        gate.handled(WEB, "old", T0.plusSeconds(10)); // e.g. reported STALE
        assertThat(gate.check(command(WEB, "mid", 15, 1, 3), T0.plusSeconds(21))).isInstanceOf(Verdict.Refused.class);
    }

    @Test
    void anExpiredCommandIsRefusedButOneExpiringNowIsNot() {
        ScaleCommand c = command(WEB, "a", 0, 1, 3);
        Verdict late = gate.check(c, c.expiresAt().plusMillis(1));
        assertThat(late).isEqualTo(new Verdict.Refused(Status.EXPIRED, "expired at " + c.expiresAt()
                + ", received at " + c.expiresAt().plusMillis(1)));
        assertThat(gate.check(c, c.expiresAt())).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void countsOutsideTheTargetsBoundsAreRejected() {
        assertThat(status(gate.check(command(WEB, "a", 0, 1, 11), T0))).isEqualTo(Status.REJECTED_BOUNDS);
        assertThat(status(gate.check(command(WEB, "b", 0, 1, 0), T0))).isEqualTo(Status.REJECTED_BOUNDS);
        assertThat(gate.check(command(WEB, "c", 0, 1, 10), T0)).isInstanceOf(Verdict.Allowed.class);
        // prod/api has its own bounds [2, 4]
        Verdict v = gate.check(command(API, "d", 0, 2, 5), T0);
        assertThat(status(v)).isEqualTo(Status.REJECTED_BOUNDS);
        assertThat(((Verdict.Refused) v).reason()).isEqualTo("5 replicas is outside prod/api's bounds [2, 4]");
        assertThat(status(gate.check(command(API, "e", 0, 2, 1), T0))).isEqualTo(Status.REJECTED_BOUNDS);
        assertThat(gate.check(command(API, "f", 0, 2, 4), T0)).isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void staleIsReportedBeforeExpiredAndExpiredBeforeBounds() {
        gate.handled(WEB, "z", T0.plusSeconds(100));
        ScaleCommand oldExpiredOutOfBounds = command(WEB, "a", 0, 1, 50);
        assertThat(status(gate.check(oldExpiredOutOfBounds, T0.plusSeconds(3600)))).isEqualTo(Status.STALE);
        ScaleCommand expiredOutOfBounds = command(WEB, "y", 200, 1, 50);
        assertThat(status(gate.check(expiredOutOfBounds, T0.plusSeconds(3600)))).isEqualTo(Status.EXPIRED);
    }

    @Test
    void anIdWithoutIssueTimeIsStillADuplicate() {
        gate.handled(WEB, "a", null);
        assertThat(gate.check(command(WEB, "a", 0, 1, 3), T0)).isInstanceOf(Verdict.Duplicate.class);
        assertThat(gate.check(command(WEB, "b", -100, 1, 3), T0.minusSeconds(100))).as("no order learned from it")
                .isInstanceOf(Verdict.Allowed.class);
    }

    @Test
    void memoryIsBoundedPerTargetForgettingTheOldestIds() {
        for (int i = 0; i <= CommandGate.REMEMBERED_PER_TARGET; i++) {
            gate.handled(WEB, "id-" + i, null);
        }
        assertThat(gate.remembered()).isEqualTo(CommandGate.REMEMBERED_PER_TARGET);
        assertThat(gate.check(command(WEB, "id-0", 0, 1, 3), T0)).isInstanceOf(Verdict.Allowed.class);
        assertThat(gate.check(command(WEB, "id-1", 0, 1, 3), T0)).isInstanceOf(Verdict.Duplicate.class);
    }

    @Test
    void boundsMustBeOrdered() {
        assertThatThrownBy(() -> new Bounds(5, 4)).hasMessageContaining("0 <= min <= max");
        assertThatThrownBy(() -> new Bounds(-1, 4)).hasMessageContaining("min=-1");
    }

    private static Status status(Verdict v) {
        assertThat(v).isInstanceOf(Verdict.Refused.class);
        return ((Verdict.Refused) v).status();
    }
}
