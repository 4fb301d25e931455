package io.userscale.kafka.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.userscale.kafka.contract.ContractType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of the contract (draft 2020-12, shipped under {@code schemas/} on the class
 * path) and validation against them.
 */
public final class ContractSchemas {

    /** The base of every schema's {@code $id}; mapped to the class path, never fetched. */
    public static final String BASE_URI = "https://userscale.io/schemas/";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(BASE_URI, "classpath:schemas/")));

    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    /**
     * Validates a JSON tree against a record type's schema.
     *
     * @return the problems found, each naming the JSON path and what is wrong; empty when valid
     */
    public static List<String> validate(ContractType<?> type, JsonNode json) {
        Set<ValidationMessage> messages = schema(type).validate(json);
        return messages.stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                        .thenComparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .toList();
    }

    static JsonSchema schema(ContractType<?> type) {
        return SCHEMAS.computeIfAbsent(type.schemaResource(), resource -> {
            JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(BASE_URI + resource.substring("schemas/".length())));
            schema.initializeValidators();
            return schema;
        });
    }
}
