package io.userscale.kafka.contract;

import java.util.List;

/**
 * One record type of the contract: its Java class, its schema id and the JSON Schema resource
 * that describes it.
 *
 * @param schemaId       the value of every record's {@code schema} field
 * @param recordClass    the Java record
 * @param schemaResource class-path resource of its JSON Schema
 * @param <T>            the record type
 */
public record ContractType<T extends ContractRecord>(String schemaId, Class<T> recordClass, String schemaResource) {

    public static final ContractType<TargetSnapshot> TARGET_SNAPSHOT = new ContractType<>(
            TargetSnapshot.SCHEMA, TargetSnapshot.class, "schemas/target-snapshot.v1.json");
    public static final ContractType<Decision> DECISION = new ContractType<>(
            Decision.SCHEMA, Decision.class, "schemas/decision.v1.json");
    public static final ContractType<ScaleCommand> SCALE_COMMAND = new ContractType<>(
            ScaleCommand.SCHEMA, ScaleCommand.class, "schemas/scale-command.v1.json");
    public static final ContractType<ActuationResult> ACTUATION_RESULT = new ContractType<>(
            ActuationResult.SCHEMA, ActuationResult.class, "schemas/actuation-result.v1.json");

    /** All record types, in pipeline order. */
    public static List<ContractType<?>> all() {
        return List.of(TARGET_SNAPSHOT, DECISION, SCALE_COMMAND, ACTUATION_RESULT);
    }

    /** The type of a record class. */
    @SuppressWarnings("unchecked")
    public static <T extends ContractRecord> ContractType<T> of(Class<T> recordClass) {
        return (ContractType<T>) all().stream()
                .filter(t -> t.recordClass() == recordClass)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a contract record: " + recordClass.getName()));
    }
}
