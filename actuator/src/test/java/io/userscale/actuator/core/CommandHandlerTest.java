package io.userscale.actuator.core;

import static io.userscale.actuator.core.Commands.T0;
import static io.userscale.actuator.core.Commands.command;
import static io.userscale.actuator.core.Commands.dryRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.actuator.backend.DryRunBackend;
import io.userscale.actuator.backend.ScaleBackend;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ActuationResult.Status;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** From a command to its one result, against an in-memory backend. */
class CommandHandlerTest {

    static final TargetRef WEB = TargetRef.deployment("prod", "web");

    /** Keeps counts in a map and records every change. */
    static final class MemoryBackend implements ScaleBackend {
        final Map<String, Integer> counts = new HashMap<>();
        final List<String> changes = new ArrayList<>();
        String failure;
        String note;

        @Override
        public String name() {
            return "kubernetes";
        }

        @Override
        public int replicas(TargetRef target) {
            Integer n = counts.get(target.key());
            if (n == null) {
                throw new IllegalStateException("Deployment " + target + " not found");
            }
            return n;
        }

        @Override
        public Optional<String> scale(ScaleCommand command, int from) {
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            counts.put(command.target().key(), command.replicas());
            changes.add(from + "->" + command.replicas());
            return Optional.ofNullable(note);
        }
    }

    final MemoryBackend backend = new MemoryBackend();
    final Clock clock = Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC);
    final CommandHandler handler = new CommandHandler(new CommandGate(new BoundsTable(new Bounds(1, 10), Map.of())),
            backend, clock);

    @Test
    void appliesAChangeOnceAndReportsFromAndTo() throws Exception {
        backend.counts.put("prod/web", 1);
        ScaleCommand c = command(WEB, "a", 0, 1, 3);
        ActuationResult r = handle(c);
        assertThat(r).isEqualTo(new ActuationResult("a", WEB, "kubernetes", Status.APPLIED, 1, 3, clock.instant(), null));
        assertThat(backend.changes).containsExactly("1->3");
        assertThat(handler.handle(c)).as("redelivered after its result was published").isEmpty();
        assertThat(backend.changes).hasSize(1);
    }

    @Test
    void aCommandWhoseResultWasNotPublishedIsHandledAgain() throws Exception {
        backend.counts.put("prod/web", 1);
        ScaleCommand c = command(WEB, "a", 0, 1, 3);
        assertThat(handler.handle(c).orElseThrow().status()).isEqualTo(Status.APPLIED);
        // publishing failed: the redelivery is handled again and finds the count already set
        assertThat(handler.handle(c).orElseThrow().status()).isEqualTo(Status.ALREADY_AT_TARGET);
        assertThat(backend.changes).containsExactly("1->3");
    }

    @Test
    void aCountAlreadySetIsReportedAndNotTouched() throws Exception {
        backend.counts.put("prod/web", 3);
        ActuationResult r = handle(command(WEB, "a", 0, 1, 3));
        assertThat(r.status()).isEqualTo(Status.ALREADY_AT_TARGET);
        assertThat(r.from()).isEqualTo(3);
        assertThat(r.to()).isEqualTo(3);
        assertThat(backend.changes).isEmpty();
    }

    @Test
    void aDryRunCommandReadsButTouchesNothing() throws Exception {
        backend.counts.put("prod/web", 2);
        ActuationResult r = handle(dryRun(command(WEB, "a", 0, 2, 5)));
        assertThat(r.status()).isEqualTo(Status.DRY_RUN);
        assertThat(r.from()).isEqualTo(2);
        assertThat(r.to()).isEqualTo(5);
        assertThat(backend.changes).isEmpty();
        assertThat(backend.counts).containsEntry("prod/web", 2);
    }

    @Test
    void theDryRunBackendReportsWithoutReading() throws Exception {
        var dry = new CommandHandler(new CommandGate(new BoundsTable(new Bounds(1, 10), Map.of())), new DryRunBackend(),
                clock);
        ScaleCommand c = command(WEB, "a", 0, 1, 3);
        ActuationResult r = dry.handle(c).orElseThrow();
        assertThat(r).isEqualTo(new ActuationResult("a", WEB, "dry-run", Status.DRY_RUN, null, 3, clock.instant(), null));
        dry.published(c, r);
        assertThat(dry.handle(c)).isEmpty();
    }

    @Test
    void backendFailuresBecomeFailedResultsNamingTheError() throws Exception {
        ActuationResult missing = handle(command(WEB, "a", 0, 1, 3));
        assertThat(missing.status()).isEqualTo(Status.FAILED);
        assertThat(missing.error()).isEqualTo("Deployment prod/web not found");
        assertThat(missing.from()).isNull();

        backend.counts.put("prod/web", 1);
        backend.failure = "HTTP 403 forbidden";
        ActuationResult refused = handle(command(WEB, "b", 1, 1, 3));
        assertThat(refused.status()).isEqualTo(Status.FAILED);
        assertThat(refused.from()).isEqualTo(1);
        assertThat(refused.to()).isNull();
        assertThat(refused.error()).isEqualTo("HTTP 403 forbidden");
    }

    @Test
    void aProblemThatDidNotStopTheChangeIsCarriedWithTheAppliedResult() throws Exception {
        backend.counts.put("prod/web", 1);
        backend.note = "annotate Deployment prod/web failed: HTTP 500";
        ActuationResult r = handle(command(WEB, "a", 0, 1, 2));
        assertThat(r.status()).isEqualTo(Status.APPLIED);
        assertThat(r.error()).isEqualTo(backend.note);
    }

    @Test
    void refusalsTouchNothingAndSayWhy() throws Exception {
        backend.counts.put("prod/web", 1);
        handle(command(WEB, "new", 0, 1, 3));
        ActuationResult stale = handle(command(WEB, "old", -10, 1, 5));
        assertThat(stale.status()).isEqualTo(Status.STALE);
        assertThat(stale.from()).isNull();
        assertThat(stale.to()).isNull();
        assertThat(stale.error()).contains("before command new");
        ActuationResult bounds = handle(command(WEB, "big", 5, 3, 11));
        assertThat(bounds.status()).isEqualTo(Status.REJECTED_BOUNDS);
        assertThat(backend.changes).containsExactly("1->3");
        assertThat(ResultLine.of(command(WEB, "big", 5, 3, 11), bounds))
                .isEqualTo("REJECTED_BOUNDS prod/web ? -> 11 (command big, kubernetes): 11 replicas is outside"
                        + " prod/web's bounds [1, 10]");
    }

    @Test
    void theLogLineNamesOutcomeTargetCountsCommandAndBackend() {
        ScaleCommand c = command(WEB, "1a2b3c4d-5e6f", 0, 1, 3);
        var r = new ActuationResult(c.commandId(), WEB, "local", Status.APPLIED, 1, 3, T0, null);
        assertThat(ResultLine.of(c, r)).isEqualTo("APPLIED prod/web 1 -> 3 (command 1a2b3c4d..., local)");
    }

    private ActuationResult handle(ScaleCommand c) throws InterruptedException {
        ActuationResult r = handler.handle(c).orElseThrow();
        handler.published(c, r);
        return r;
    }
}
