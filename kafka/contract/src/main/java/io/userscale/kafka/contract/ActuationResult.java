package io.userscale.kafka.contract;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * What the actuator did with a command, published on {@code userscale.actuations}.
 *
 * @param commandId the command acted on
 * @param target    the workload
 * @param backend   {@code kubernetes}, {@code local} or {@code dry-run}
 * @param status    the outcome
 * @param from      replicas before, {@code null} when they could not be read
 * @param to        replicas after, {@code null} when nothing was applied
 * @param ts        when the outcome was known
 * @param error     what went wrong, {@code null} unless the status says so
 */
@JsonPropertyOrder({"schema", "commandId", "target", "backend", "status", "from", "to", "ts", "error"})
public record ActuationResult(String commandId, TargetRef target, String backend, Status status, Integer from,
                              Integer to, Instant ts, String error) implements ContractRecord {

    public static final String SCHEMA = "userscale.actuation-result/v1";

    @Override
    public String schema() {
        return SCHEMA;
    }

    /** Every way a command can end. */
    public enum Status { APPLIED, ALREADY_AT_TARGET, STALE, EXPIRED, REJECTED_BOUNDS, FAILED, DRY_RUN }
}
