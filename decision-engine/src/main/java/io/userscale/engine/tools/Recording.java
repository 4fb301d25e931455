package io.userscale.engine.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetSnapshot;

/**
 * One line of a recording (JSON Lines): a snapshot with where it was read, or the policy the live
 * engine applied to a target (from its latest decision in the recorded range).
 *
 * @param kind      {@code snapshot} or {@code policy}
 * @param topic     source topic of a snapshot
 * @param partition source partition of a snapshot
 * @param offset    source offset of a snapshot
 * @param snapshot  the snapshot
 * @param target    the target a policy line is about ({@code namespace/name})
 * @param policy    the policy the live engine applied to it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recording(String kind, String topic, Integer partition, Long offset, TargetSnapshot snapshot,
                        String target, Decision.PolicyRef policy) {

    public static final String SNAPSHOT = "snapshot";
    public static final String POLICY = "policy";

    public static Recording snapshot(String topic, int partition, long offset, TargetSnapshot snapshot) {
        return new Recording(SNAPSHOT, topic, partition, offset, snapshot, null, null);
    }

    public static Recording policy(String target, Decision.PolicyRef policy) {
        return new Recording(POLICY, null, null, null, null, target, policy);
    }
}
