package io.userscale.kafka.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.userscale.kafka.contract.TargetRef;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingPolicySpecTest {

    static Object spec(String json) throws Exception {
        return new ObjectMapper().readValue(json, Map.class);
    }

    @Test
    void aFullSpecBecomesThePolicyAndItsParameters() throws Exception {
        var parsed = ScalingPolicySpec.parse("shop", spec("""
                {"targetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "gpu-app"},
                 "minReplicas": 2, "maxReplicas": 12, "policy": "seed", "dryRun": true,
                 "signals": {"users": {"target": 13}, "cpu": {"target": 65, "scaleDownBelow": 55},
                             "latency": {"target": 250.5, "scaleDownBelow": 100}},
                 "behavior": {"cooldownSeconds": 20, "scaleUpStep": 3, "alpha": 0.5, "stabilizationWindowSeconds": 45}}
                """));
        assertThat(parsed).isInstanceOf(ScalingPolicySpec.Parsed.Valid.class);
        var s = ((ScalingPolicySpec.Parsed.Valid) parsed).spec();
        assertThat(s.target()).isEqualTo(TargetRef.deployment("shop", "gpu-app"));
        assertThat(s.policy()).isEqualTo("seed");
        assertThat(s.dryRun()).isTrue();
        assertThat(s.parameters()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("MIN_REPLICAS", "2"), Map.entry("MAX_REPLICAS", "12"),
                Map.entry("USERS_TARGET_PER_POD", "13"), Map.entry("CPU_TARGET", "65"),
                Map.entry("CPU_SCALE_DOWN_BELOW", "55"), Map.entry("LATENCY_TARGET_MS", "250.5"),
                Map.entry("LATENCY_SCALE_DOWN_BELOW_MS", "100"), Map.entry("COOLDOWN_PERIOD", "20"),
                Map.entry("SCALE_UP_STEP", "3"), Map.entry("ALPHA", "0.5"), Map.entry("STABILIZATION_WINDOW", "45")));
    }

    @Test
    void defaultsAreUserscaleOneToTen() throws Exception {
        var s = ((ScalingPolicySpec.Parsed.Valid) ScalingPolicySpec.parse("ns",
                spec("{\"targetRef\": {\"name\": \"api\"}}"))).spec();
        assertThat(s.policy()).isEqualTo("userscale");
        assertThat(s.parameters()).containsEntry("MIN_REPLICAS", "1").containsEntry("MAX_REPLICAS", "10").hasSize(2);
    }

    @Test
    void everyProblemNamesItsField() throws Exception {
        assertInvalid("{\"targetRef\": {\"name\": \"a\"}, \"minReplicas\": 5, \"maxReplicas\": 3}", "spec.minReplicas",
                "spec.minReplicas (5) is above spec.maxReplicas (3)");
        assertInvalid("{\"targetRef\": {\"name\": \"a\"}, \"policy\": \"magic\"}", "spec.policy",
                "spec.policy 'magic' is not one of userscale, userscale-v1, seed, seed-aggressive, seed-conservative, hpa, kpa");
        assertInvalid("{\"targetRef\": {\"name\": \"a\"}, \"signals\": {\"cpu\": {\"target\": -5}}}",
                "spec.signals.cpu.target", "spec.signals.cpu.target must be positive, got -5");
        assertInvalid("{\"targetRef\": {\"name\": \"a\"}, \"signals\": {\"cpu\": {\"target\": 50, \"scaleDownBelow\": 60}}}",
                "spec.signals.cpu.scaleDownBelow", "spec.signals.cpu.scaleDownBelow (60) must be below spec.signals.cpu.target (50)");
        assertInvalid("{\"targetRef\": {\"name\": \"a\"}, \"minReplicas\": 0}", "spec.minReplicas",
                "spec.minReplicas must be at least 1, got 0");
        assertInvalid("{\"targetRef\": {\"name\": \"a\"}, \"maxReplicas\": 2.5}", "spec.maxReplicas",
                "spec.maxReplicas must be a whole number, got 2.5");
        assertInvalid("{\"targetRef\": {\"name\": \"a\", \"kind\": \"StatefulSet\"}}", "spec.targetRef.kind",
                "spec.targetRef.kind must be Deployment, got 'StatefulSet'");
        assertInvalid("{}", "spec.targetRef", "spec.targetRef is required");
        assertInvalid("{\"targetRef\": {\"name\": \"a\"}, \"behavior\": {\"alpha\": 1.5}}", "spec.behavior.alpha",
                "spec.behavior.alpha must be in (0, 1], got 1.5");
        assertInvalid("{\"targetRef\": {\"name\": \"a\"}, \"behavior\": {\"scaleUpStep\": \"two\"}}",
                "spec.behavior.scaleUpStep", "spec.behavior.scaleUpStep must be a number, got two");
        assertThat(ScalingPolicySpec.parse("ns", "not a map")).isEqualTo(
                new ScalingPolicySpec.Parsed.Invalid("spec", "spec must be an object"));
    }

    static void assertInvalid(String json, String field, String message) throws Exception {
        assertThat(ScalingPolicySpec.parse("ns", spec(json)))
                .isEqualTo(new ScalingPolicySpec.Parsed.Invalid(field, message));
    }

    static Map<String, String> fallbackParams(String fallback) throws Exception {
        var parsed = ScalingPolicySpec.parse("ns", spec("""
                {"targetRef": {"kind": "Deployment", "name": "web"}, "fallback": %s}
                """.formatted(fallback)));
        assertThat(parsed).as(fallback).isInstanceOf(ScalingPolicySpec.Parsed.Valid.class);
        Map<String, String> p = new java.util.TreeMap<>(((ScalingPolicySpec.Parsed.Valid) parsed).spec().parameters());
        p.remove("MIN_REPLICAS");
        p.remove("MAX_REPLICAS");
        return p;
    }

    static String fallbackError(String fallback) throws Exception {
        var parsed = ScalingPolicySpec.parse("ns", spec("""
                {"targetRef": {"kind": "Deployment", "name": "web"}, "fallback": %s}
                """.formatted(fallback)));
        assertThat(parsed).as(fallback).isInstanceOf(ScalingPolicySpec.Parsed.Invalid.class);
        var invalid = (ScalingPolicySpec.Parsed.Invalid) parsed;
        return invalid.field() + ": " + invalid.message();
    }

    @Test
    void theFallbackBecomesTheEnginesFallbackParameters() throws Exception {
        assertThat(fallbackParams("{}")).isEmpty();
        assertThat(fallbackParams("{\"failureThreshold\": 5}")).isEqualTo(Map.of("FALLBACK_AFTER", "5"));
        assertThat(fallbackParams("{\"behavior\": \"hold\"}")).isEqualTo(Map.of("FALLBACK_REPLICAS", "0"));
        assertThat(fallbackParams("{\"replicas\": 4}")).isEqualTo(
                Map.of("FALLBACK_REPLICAS", "4", "FALLBACK_KEEP_HIGHER", "0"));
        assertThat(fallbackParams("{\"behavior\": \"currentIfHigher\", \"replicas\": 3, \"failureThreshold\": 2}"))
                .isEqualTo(Map.of("FALLBACK_AFTER", "2", "FALLBACK_REPLICAS", "3", "FALLBACK_KEEP_HIGHER", "1"));
    }

    @Test
    void aBadFallbackIsNamedByItsField() throws Exception {
        assertThat(fallbackError("{\"behavior\": \"scaleToZero\"}")).startsWith("spec.fallback.behavior:")
                .contains("not one of hold, fallbackReplicas, currentIfHigher");
        assertThat(fallbackError("{\"behavior\": \"fallbackReplicas\"}")).startsWith("spec.fallback.replicas:")
                .contains("needs spec.fallback.replicas");
        assertThat(fallbackError("{\"behavior\": \"hold\", \"replicas\": 2}")).startsWith("spec.fallback.replicas:");
        assertThat(fallbackError("{\"replicas\": 0}")).startsWith("spec.fallback.replicas:").contains("at least 1");
        assertThat(fallbackError("{\"failureThreshold\": 0}")).startsWith("spec.fallback.failureThreshold:");
        assertThat(fallbackError("3")).startsWith("spec.fallback:").contains("must be an object");
    }
}
