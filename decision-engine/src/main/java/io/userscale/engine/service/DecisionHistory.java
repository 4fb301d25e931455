package io.userscale.engine.service;

import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import java.time.Instant;
import java.util.List;

/** The decisions already published for a target, read back to resume after a restart. */
public interface DecisionHistory {

    /** This target's decisions with event time at or after {@code since}, oldest first. */
    List<Decision> since(TargetRef target, Instant since);
}
