package io.userscale.actuator.core;

import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ScaleCommand;

/**
 * The one-line human account of a result, e.g.
 * {@code APPLIED demo/gpu-app 1 -> 3 (command 1a2b3c4d..., local)}; refusals and failures add
 * their reason after a colon.
 */
public final class ResultLine {

    private static final int ID_CHARS = 8;

    private ResultLine() {
    }

    /** The line of {@code result}, the outcome of {@code command}. */
    public static String of(ScaleCommand command, ActuationResult result) {
        String from = result.from() == null ? "?" : result.from().toString();
        String id = command.commandId().length() > ID_CHARS
                ? command.commandId().substring(0, ID_CHARS) + "..." : command.commandId();
        String line = result.status() + " " + result.target() + " " + from + " -> " + command.replicas()
                + " (command " + id + ", " + result.backend() + ")";
        return result.error() == null ? line : line + ": " + result.error();
    }
}
