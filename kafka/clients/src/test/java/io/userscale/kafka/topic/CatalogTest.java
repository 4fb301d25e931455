package io.userscale.kafka.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userscale.kafka.contract.ContractIds;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetRef;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CatalogTest {

    @Test
    void theCatalogHasTheFiveTopicsOfTheContract() {
        assertThat(Arrays.stream(Topic.values()).map(Topic::topicName)).containsExactly(
                "userscale.metrics", "userscale.decisions", "userscale.commands", "userscale.actuations",
                "userscale.dlq");
        for (ContractType<?> type : ContractType.all()) {
            assertThat(Topic.carrying(type).recordType()).contains(type);
        }
        assertThat(Topic.DLQ.recordType()).isEmpty();
        assertThat(Topic.METRICS.newTopic((short) 1).configs()).containsEntry("retention.ms", "604800000");
    }

    @Test
    void keysAreNamespaceSlashName() {
        TargetRef ref = TargetRef.parseKey("prod/gpu-app");
        assertThat(ref).isEqualTo(TargetRef.deployment("prod", "gpu-app"));
        assertThat(ref.key()).isEqualTo("prod/gpu-app");
        assertThatThrownBy(() -> TargetRef.parseKey("gpu-app")).hasMessageContaining("namespace/name");
        assertThatThrownBy(() -> TargetRef.parseKey("a/b/c")).hasMessageContaining("a/b/c");
    }

    @Test
    void idsAreDeterministicAndDistinct() {
        TargetRef t = TargetRef.deployment("prod", "gpu-app");
        Instant ts = Instant.parse("2026-11-27T10:00:00Z");
        var p = new Decision.PolicyRef("userscale", "1");
        assertThat(ContractIds.decisionId(t, ts, p)).isEqualTo(ContractIds.decisionId(t, ts, p));
        assertThat(ContractIds.decisionId(t, ts.plusSeconds(1), p)).isNotEqualTo(ContractIds.decisionId(t, ts, p));
        assertThat(ContractIds.decisionId(t, ts, new Decision.PolicyRef("hpa", "1")))
                .isNotEqualTo(ContractIds.decisionId(t, ts, p));
        String d = ContractIds.decisionId(t, ts, p);
        assertThat(ContractIds.commandId(d)).isEqualTo(ContractIds.commandId(d)).isNotEqualTo(d);
        // a version 3 (name-based, MD5) UUID, exactly as java.util.UUID makes one
        assertThat(ContractIds.commandId(d)).isEqualTo(java.util.UUID.nameUUIDFromBytes(
                ("command|" + d).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
    }

    @Test
    void histogramBucketsAreOrderedByBoundAndEqualToAPlainMap() {
        var plain = new java.util.HashMap<String, Double>();
        plain.put("+Inf", 10.0);
        plain.put("100", 7.0);
        plain.put("25", 1.0);
        plain.put("oops", 3.0);
        var buckets = io.userscale.kafka.contract.Buckets.of(plain);
        assertThat(buckets).isEqualTo(plain);
        assertThat(buckets.hashCode()).isEqualTo(plain.hashCode());
        assertThat(buckets.keySet()).containsExactly("25", "100", "+Inf", "oops");
        assertThat(buckets.bound(2)).isInfinite();
        assertThat(buckets.bound(3)).isNaN();
        assertThat(buckets.count(1)).isEqualTo(7.0);
    }
}
