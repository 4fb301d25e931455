package io.userscale.actuator.core;

import io.userscale.actuator.backend.ScaleBackend;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ActuationResult.Status;
import io.userscale.kafka.contract.ScaleCommand;
import java.time.Clock;
import java.util.Optional;

/**
 * Turns one command into at most one result: asks the {@link CommandGate}, then, when allowed,
 * reads the current count from the backend and sets the new one. Backend failures become
 * {@code FAILED} results naming the error; nothing here throws for them.
 *
 * <p>A command counts as handled only once its result is published ({@link #published}), so one
 * whose result was lost is handled again when redelivered.
 */
public final class CommandHandler {

    private final CommandGate gate;
    private final ScaleBackend backend;
    private final Clock clock;

    public CommandHandler(CommandGate gate, ScaleBackend backend, Clock clock) {
        this.gate = gate;
        this.backend = backend;
        this.clock = clock;
    }

    /** The gate, whose memory a restart rebuilds from published results. */
    public CommandGate gate() {
        return gate;
    }

    /** The backend commands are applied to. */
    public ScaleBackend backend() {
        return backend;
    }

    /**
     * Handles a command; empty when it was handled before (a redelivery), which reports nothing.
     *
     * @throws InterruptedException when interrupted while the backend worked; nothing is reported then
     */
    public Optional<ActuationResult> handle(ScaleCommand command) throws InterruptedException {
        return switch (gate.check(command, clock.instant())) {
            case CommandGate.Verdict.Duplicate d -> Optional.empty();
            case CommandGate.Verdict.Refused r -> Optional.of(result(command, r.status(), null, null, r.reason()));
            case CommandGate.Verdict.Allowed a -> Optional.of(apply(command));
        };
    }

    /** Remembers that {@code result}, the outcome of {@code command}, was published. */
    public void published(ScaleCommand command, ActuationResult result) {
        gate.handled(command.target(), command.commandId(), command.issuedAt());
    }

    private ActuationResult apply(ScaleCommand command) throws InterruptedException {
        if (backend.dryRun()) {
            return result(command, Status.DRY_RUN, null, command.replicas(), null);
        }
        Integer from = null;
        try {
            from = backend.replicas(command.target());
            if (command.dryRun()) {
                return result(command, Status.DRY_RUN, from, command.replicas(), null);
            }
            if (from == command.replicas()) {
                return result(command, Status.ALREADY_AT_TARGET, from, from, null);
            }
            Optional<String> problem = backend.scale(command, from);
            return result(command, Status.APPLIED, from, command.replicas(), problem.orElse(null));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            if (command.dryRun()) {
                return result(command, Status.DRY_RUN, null, command.replicas(), null);
            }
            return result(command, Status.FAILED, from, null, describe(e));
        }
    }

    private ActuationResult result(ScaleCommand command, Status status, Integer from, Integer to, String error) {
        return new ActuationResult(command.commandId(), command.target(), backend.name(), status, from, to,
                clock.instant(), error);
    }

    /** An exception's message, or its type when it has none. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
