package io.userscale.kafka.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.Examples;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContractCodecTest {

    static final Instant TS = Instant.parse("2026-11-27T10:15:30.250Z");

    static Stream<ContractRecord> examples() {
        return Examples.all(TS).stream();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static ContractCodec<ContractRecord> codecFor(ContractRecord record) {
        return (ContractCodec) ContractCodec.of(ContractType.of(record.getClass()));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleEncodesValidatesAndDecodesEqual(ContractRecord record) throws Exception {
        var codec = codecFor(record);
        byte[] bytes = codec.encode(record);

        JsonNode json = ContractJson.mapper().readTree(bytes);
        assertThat(ContractSchemas.validate(codec.type(), json)).isEmpty();
        assertThat(json.get("schema").asText()).isEqualTo(record.schema());
        assertThat(json.get("target").get("namespace").asText()).isEqualTo("userscale");

        assertThat(codec.decode(bytes)).isEqualTo(new Decoded.Valid<>(record));
    }

    @Test
    void aPolicysParametersAreWrittenInTheOrderOfTheirNames() {
        // however the map came (a hash map's order can change from one run to the next)
        var a = new LinkedHashMap<String, String>();
        a.put("CPU_TARGET", "50");
        a.put("ACI_STEP", "0.005");
        a.put("MAX_REPLICAS", "10");
        var b = new LinkedHashMap<String, String>();
        b.put("MAX_REPLICAS", "10");
        b.put("CPU_TARGET", "50");
        b.put("ACI_STEP", "0.005");
        var codec = ContractCodec.of(ContractType.of(Decision.class));
        Decision example = Examples.decision(TS);
        String first = new String(codec.encode(withPolicy(example, new Decision.PolicyRef("hpa", "1", a))),
                StandardCharsets.UTF_8);
        String second = new String(codec.encode(withPolicy(example, new Decision.PolicyRef("hpa", "1", b))),
                StandardCharsets.UTF_8);
        assertThat(first).isEqualTo(second)
                .contains("\"parameters\":{\"ACI_STEP\":\"0.005\",\"CPU_TARGET\":\"50\",\"MAX_REPLICAS\":\"10\"}");
    }

    private static Decision withPolicy(Decision d, Decision.PolicyRef policy) {
        return new Decision(d.decisionId(), d.target(), d.ts(), policy, d.replicas(), d.action(), d.blockedBy(),
                d.mode(), d.signals(), d.summary(), d.input());
    }

    @Test
    void timesAreIsoUtcAndUnknownSignalsAreExplicitNulls() throws Exception {
        JsonNode json = ContractJson.mapper().readTree(ContractCodec.of(ContractType.TARGET_SNAPSHOT)
                .encode(Examples.snapshot(TS)));
        assertThat(json.get("ts").asText()).isEqualTo("2026-11-27T10:15:30.250Z");
        JsonNode pod = json.get("pods").get(0);
        assertThat(pod.has("gpuPercent")).isTrue();
        assertThat(pod.get("gpuPercent").isNull()).isTrue();
        assertThat(pod.get("latencyMs").get("buckets").get("+Inf").asDouble()).isEqualTo(48.0);
    }

    @Test
    void decisionWritesFinalReplicasUnderTheContractName() throws Exception {
        JsonNode json = ContractJson.mapper().readTree(ContractCodec.of(ContractType.DECISION)
                .encode(Examples.decision(TS)));
        assertThat(json.get("replicas").get("final").asInt()).isEqualTo(3);
        assertThat(json.get("replicas").has("finalCount")).isFalse();
        assertThat(json.get("blockedBy").isNull()).isTrue();
        assertThat(json.get("summary").asText()).startsWith("🚀 SCALED replicas 1 -> 3");
    }

    @Test
    void textIsPlainUtf8NotEscapes() {
        byte[] bytes = ContractCodec.of(ContractType.DECISION).encode(Examples.decision(TS));
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("\"summary\":\"🚀 SCALED").doesNotContain("\\uD83D");
    }

    @Test
    void unknownFieldsAreIgnoredSoProducersMayAddFields() throws Exception {
        ObjectNode json = (ObjectNode) ContractJson.mapper().valueToTree(Examples.command(TS));
        json.put("priority", "high");
        var decoded = ContractCodec.of(ContractType.SCALE_COMMAND).decode(bytes(json));
        assertThat(decoded).isEqualTo(new Decoded.Valid<>(Examples.command(TS)));
    }

    @Test
    void notJsonIsInvalidWithThePosition() {
        var decoded = ContractCodec.of(ContractType.TARGET_SNAPSHOT).decode("{\"schema\": oops".getBytes());
        assertThat(decoded).isInstanceOf(Decoded.Invalid.class);
        assertThat(((Decoded.Invalid<?>) decoded).error()).startsWith("not valid JSON").contains("line 1");
    }

    @Test
    void emptyAndNonObjectValuesAreInvalid() {
        var codec = ContractCodec.of(ContractType.DECISION);
        assertThat(error(codec.decode(new byte[0]))).contains("empty record value");
        assertThat(error(codec.decode(null))).contains("empty record value");
        assertThat(error(codec.decode("[1,2]".getBytes()))).contains("expected a JSON object").contains("array");
    }

    @Test
    void aMissingFieldIsNamed() {
        ObjectNode json = ContractJson.mapper().valueToTree(Examples.decision(TS));
        ((ObjectNode) json.get("replicas")).remove("final");
        String error = error(ContractCodec.of(ContractType.DECISION).decode(bytes(json)));
        assertThat(error).startsWith("does not match userscale.decision/v1").contains("final");
    }

    @Test
    void aWrongEnumValueIsNamed() {
        ObjectNode json = ContractJson.mapper().valueToTree(Examples.actuation(TS));
        json.put("status", "DONE");
        String error = error(ContractCodec.of(ContractType.ACTUATION_RESULT).decode(bytes(json)));
        assertThat(error).contains("status");
    }

    @Test
    void aRecordOfAnotherTypeIsRejectedBySchemaId() {
        JsonNode command = ContractJson.mapper().valueToTree(Examples.command(TS));
        String error = error(ContractCodec.of(ContractType.TARGET_SNAPSHOT).decode(bytes(command)));
        assertThat(error).contains("schema");
    }

    @Test
    void aTimestampThatIsNotUtcIsoIsRejected() {
        ObjectNode json = ContractJson.mapper().valueToTree(Examples.snapshot(TS));
        json.put("ts", "27/11/2026 10:15");
        assertThat(error(ContractCodec.of(ContractType.TARGET_SNAPSHOT).decode(bytes(json)))).contains("ts");
    }

    @Test
    void aFailedActuationMustSayWhy() {
        var failed = new ActuationResult("c-1", Examples.TARGET, "kubernetes", ActuationResult.Status.FAILED, 2,
                null, TS, null);
        assertThatThrownBy(() -> ContractCodec.of(ContractType.ACTUATION_RESULT).encode(failed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("error");
    }

    @Test
    void producersCannotEncodeARecordThatBreaksTheContract() {
        var negative = new ScaleCommand("c-1", "d-1", Examples.TARGET, -1, 1, TS, TS.plusSeconds(60), false);
        assertThatThrownBy(() -> ContractCodec.of(ContractType.SCALE_COMMAND).encode(negative))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userscale.scale-command/v1")
                .hasMessageContaining("replicas");
    }

    @Test
    void hugeValuesAreRefusedBeforeParsing() {
        byte[] huge = new byte[ContractCodec.MAX_RECORD_BYTES + 1];
        assertThat(error(ContractCodec.of(ContractType.DECISION).decode(huge))).contains("exceeds the limit");
    }

    @Test
    void snapshotWithUnknownSignalsAndNoLatencyIsValid() {
        var pod = new TargetSnapshot.PodSample("p", false, null, null, null, null, null, null);
        var snapshot = new TargetSnapshot(Examples.TARGET, TS, 1000, new TargetSnapshot.Replicas(1, 0),
                java.util.List.of(pod));
        var codec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
        assertThat(codec.decode(codec.encode(snapshot))).isEqualTo(new Decoded.Valid<>(snapshot));
    }

    private static String error(Decoded<?> decoded) {
        assertThat(decoded).isInstanceOf(Decoded.Invalid.class);
        return ((Decoded.Invalid<?>) decoded).error();
    }

    private static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
