package io.userscale.kafka.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.ContractType;
import java.io.IOException;
import java.util.List;

/**
 * Encodes and decodes one record type, validating against its JSON Schema both ways: a producer
 * cannot publish a record that breaks the contract, and a consumer is told exactly why bytes it
 * received are not a record.
 *
 * @param <T> the record type
 */
public final class ContractCodec<T extends ContractRecord> {

    /** Bodies above this size are refused before parsing. */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    private static final int MAX_PROBLEMS_REPORTED = 5;

    private final ContractType<T> type;
    private final ObjectMapper mapper = ContractJson.mapper();

    private ContractCodec(ContractType<T> type) {
        this.type = type;
    }

    public static <T extends ContractRecord> ContractCodec<T> of(ContractType<T> type) {
        return new ContractCodec<>(type);
    }

    public ContractType<T> type() {
        return type;
    }

    /**
     * Encodes a record as UTF-8 JSON.
     *
     * @throws IllegalArgumentException naming the problems when the record breaks its schema
     */
    public byte[] encode(T value) {
        JsonNode tree = mapper.valueToTree(value);
        List<String> problems = ContractSchemas.validate(type, tree);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(describe(problems));
        }
        try {
            return mapper.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + type.schemaId() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes bytes into a record, or says why they are not one. Never throws. */
    public Decoded<T> decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new Decoded.Invalid<>("empty record value, expected a " + type.schemaId() + " JSON object");
        }
        if (bytes.length > MAX_RECORD_BYTES) {
            return new Decoded.Invalid<>("record value of " + bytes.length + " bytes exceeds the limit of "
                    + MAX_RECORD_BYTES + " bytes");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            return new Decoded.Invalid<>("not valid JSON: " + e.getOriginalMessage()
                    + (where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"));
        } catch (IOException e) {
            return new Decoded.Invalid<>("unreadable record value: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            return new Decoded.Invalid<>("expected a JSON object for " + type.schemaId() + ", got "
                    + (tree == null ? "nothing" : tree.getNodeType().name().toLowerCase()));
        }
        List<String> problems = ContractSchemas.validate(type, tree);
        if (!problems.isEmpty()) {
            return new Decoded.Invalid<>(describe(problems));
        }
        try {
            return new Decoded.Valid<>(mapper.treeToValue(tree, type.recordClass()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            return new Decoded.Invalid<>("cannot bind " + type.schemaId() + ": " + message);
        }
    }

    private String describe(List<String> problems) {
        String shown = String.join("; ", problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS_REPORTED)));
        int more = problems.size() - MAX_PROBLEMS_REPORTED;
        return "does not match " + type.schemaId() + ": " + shown + (more > 0 ? " (and " + more + " more)" : "");
    }
}
