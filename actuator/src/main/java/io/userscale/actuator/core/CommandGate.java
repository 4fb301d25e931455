package io.userscale.actuator.core;

import io.userscale.kafka.contract.ActuationResult.Status;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Decides, before anything is touched, whether a command may be applied. Per target it remembers
 * the commands already handled (a redelivered one is a {@link Verdict.Duplicate}) and the newest
 * one handled (an older command, by {@code issuedAt} then {@code commandId}, is refused as
 * {@code STALE}); it refuses expired commands ({@code EXPIRED}) and counts outside the target's
 * bounds ({@code REJECTED_BOUNDS}). Checks run in that order.
 *
 * <p>Pure: no clock (time is passed in), no I/O. Its memory is rebuilt after a restart by feeding
 * it the results already published, through {@link #handled}. At most
 * {@value #REMEMBERED_PER_TARGET} command ids are remembered per target, the oldest forgotten first.
 */
public final class CommandGate {

    /** Command ids remembered per target. */
    public static final int REMEMBERED_PER_TARGET = 10_000;

    /** What may be done with a command. */
    public sealed interface Verdict {

        /** Already handled: skip it, report nothing. */
        record Duplicate() implements Verdict {
        }

        /** Refused: report {@code status}, touch nothing. */
        record Refused(Status status, String reason) implements Verdict {
        }

        /** May be applied. */
        record Allowed() implements Verdict {
        }
    }

    /** A command's place in a target's order. */
    record Position(Instant issuedAt, String commandId) implements Comparable<Position> {

        private static final Comparator<Position> ORDER = Comparator.comparing(Position::issuedAt)
                .thenComparing(Position::commandId);

        @Override
        public int compareTo(Position other) {
            return ORDER.compare(this, other);
        }
    }

    private static final class TargetMemory {
        final LinkedHashSet<String> handled = new LinkedHashSet<>();
        Position newest;
    }

    private final LiveBounds bounds;
    private final Map<String, TargetMemory> targets = new HashMap<>();

    public CommandGate(BoundsTable bounds) {
        this(new LiveBounds(bounds));
    }

    /** A gate whose bounds may change while it runs (ScalingPolicies). */
    public CommandGate(LiveBounds bounds) {
        this.bounds = bounds;
    }

    /** The verdict on {@code command} at {@code now}. */
    public synchronized Verdict check(ScaleCommand command, Instant now) {
        TargetMemory memory = targets.get(command.target().key());
        if (memory != null && memory.handled.contains(command.commandId())) {
            return new Verdict.Duplicate();
        }
        Position position = new Position(command.issuedAt(), command.commandId());
        if (memory != null && memory.newest != null && position.compareTo(memory.newest) < 0) {
            return new Verdict.Refused(Status.STALE, "issued at " + command.issuedAt() + ", before command "
                    + memory.newest.commandId() + " issued at " + memory.newest.issuedAt() + " was handled");
        }
        if (command.expiresAt().isBefore(now)) {
            return new Verdict.Refused(Status.EXPIRED, "expired at " + command.expiresAt() + ", received at " + now);
        }
        Bounds allowed = bounds.of(command.target());
        if (!allowed.contains(command.replicas())) {
            return new Verdict.Refused(Status.REJECTED_BOUNDS, command.replicas() + " replicas is outside "
                    + command.target() + "'s bounds " + allowed);
        }
        return new Verdict.Allowed();
    }

    /**
     * Remembers that a command of {@code target} was handled (its result published).
     *
     * @param issuedAt when it was issued; {@code null} when unknown (then only its id is remembered)
     */
    public synchronized void handled(TargetRef target, String commandId, Instant issuedAt) {
        TargetMemory memory = targets.computeIfAbsent(target.key(), k -> new TargetMemory());
        memory.handled.remove(commandId);
        memory.handled.add(commandId);
        if (memory.handled.size() > REMEMBERED_PER_TARGET) {
            Iterator<String> oldest = memory.handled.iterator();
            oldest.next();
            oldest.remove();
        }
        if (issuedAt != null) {
            Position position = new Position(issuedAt, commandId);
            if (memory.newest == null || position.compareTo(memory.newest) > 0) {
                memory.newest = position;
            }
        }
    }

    /** How many commands are remembered, over all targets. */
    public synchronized int remembered() {
        return targets.values().stream().mapToInt(m -> m.handled.size()).sum();
    }
}
