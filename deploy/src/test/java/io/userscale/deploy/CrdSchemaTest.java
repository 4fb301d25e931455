package io.userscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.DisallowUnknownKeywordFactory;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.userscale.deploy.Manifests.Doc;
import io.userscale.engine.policy.Param;
import io.userscale.engine.policy.Policies;
import io.userscale.engine.policy.PolicyParams;
import io.userscale.kafka.policy.ScalingPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ScalingPolicy CRD: its names and columns as kubectl shows them, a structural schema whose ranges
 * and policy names are the decision-engine's own, and that rejects what it should. The schema is
 * checked with a JSON Schema validator (the OpenAPI v3 subset Kubernetes uses is draft-4 JSON Schema);
 * the CEL rules (x-kubernetes-validations) need a real API server and are checked for presence here.
 */
class CrdSchemaTest {

    /** ScalingPolicy fields and the engine parameter each one sets. */
    static final Map<String, Param> FIELD_PARAMS = Map.ofEntries(
            Map.entry("minReplicas", Param.MIN_REPLICAS),
            Map.entry("maxReplicas", Param.MAX_REPLICAS),
            Map.entry("signals.users.target", Param.USERS_TARGET_PER_POD),
            Map.entry("signals.cpu.target", Param.CPU_TARGET),
            Map.entry("signals.cpu.scaleDownBelow", Param.CPU_SCALE_DOWN_BELOW),
            Map.entry("signals.gpu.target", Param.GPU_TARGET),
            Map.entry("signals.gpu.scaleDownBelow", Param.GPU_SCALE_DOWN_BELOW),
            Map.entry("signals.latency.target", Param.LATENCY_TARGET_MS),
            Map.entry("signals.latency.scaleDownBelow", Param.LATENCY_SCALE_DOWN_BELOW_MS),
            Map.entry("behavior.cooldownSeconds", Param.COOLDOWN_PERIOD),
            Map.entry("behavior.scaleUpStep", Param.SCALE_UP_STEP),
            Map.entry("behavior.scaleDownStep", Param.SCALE_DOWN_STEP),
            Map.entry("behavior.maxConsecutive", Param.MAX_CONSECUTIVE),
            Map.entry("behavior.alpha", Param.ALPHA),
            Map.entry("behavior.stabilizationWindowSeconds", Param.STABILIZATION_WINDOW),
            Map.entry("fallback.failureThreshold", Param.FALLBACK_AFTER));

    /** What a Kubernetes structural schema node may say. */
    private static final Set<String> SCHEMA_KEYWORDS = Set.of("type", "description", "properties", "items",
            "required", "enum", "default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
            "minLength", "maxLength", "pattern", "format", "minItems", "maxItems", "uniqueItems", "minProperties",
            "maxProperties", "multipleOf", "nullable", "title", "example", "additionalProperties",
            "x-kubernetes-validations", "x-kubernetes-list-type", "x-kubernetes-list-map-keys",
            "x-kubernetes-map-type", "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string",
            "x-kubernetes-embedded-resource");

    private static CustomResourceDefinition crd;
    private static Map<String, Object> rawSchema;
    private static JsonSchema validator;
    private static Doc example;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() {
        List<Doc> docs = Manifests.file("base/crd/scalingpolicies.userscale.io.yaml");
        assertThat(docs).hasSize(1);
        crd = docs.get(0).as(CustomResourceDefinition.class);
        Map<String, Object> spec = (Map<String, Object>) docs.get(0).raw().get("spec");
        Map<String, Object> version = ((List<Map<String, Object>>) spec.get("versions")).get(0);
        rawSchema = (Map<String, Object>) ((Map<String, Object>) version.get("schema")).get("openAPIV3Schema");

        JsonMetaSchema kubernetesOpenApi = JsonMetaSchema.builder("https://userscale.io/test/kubernetes-openapi-v3",
                        JsonMetaSchema.getV4())
                .keywords(SCHEMA_KEYWORDS.stream().filter(k -> k.startsWith("x-kubernetes-") || k.equals("nullable")
                        || k.equals("example")).map(NonValidationKeyword::new).toList())
                .unknownKeywordFactory(DisallowUnknownKeywordFactory.getInstance())
                .build();
        validator = JsonSchemaFactory.builder().metaSchema(kubernetesOpenApi)
                .defaultMetaSchemaIri(kubernetesOpenApi.getIri()).build()
                .getSchema(Manifests.json().valueToTree(rawSchema));
        example = Manifests.file("base/scalingpolicy-gpu-app.yaml").get(0);
    }

    @Test
    void isTheNamespacedV1alpha1ScalingPolicyOfUserscaleIo() {
        assertThat(crd.getMetadata().getName()).isEqualTo("scalingpolicies.userscale.io");
        assertThat(crd.getSpec().getGroup()).isEqualTo("userscale.io");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("ScalingPolicy");
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("scalingpolicies");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("sp");
        assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("v1alpha1");
            assertThat(v.getServed()).isTrue();
            assertThat(v.getStorage()).isTrue();
            assertThat(v.getSubresources().getStatus()).as("the status subresource").isNotNull();
        });
    }

    @Test
    void kubectlGetShowsTargetBoundsReplicasAndAgeLikeAnHpa() {
        CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
        List<String> defaultColumns = v.getAdditionalPrinterColumns().stream()
                .filter(c -> c.getPriority() == null || c.getPriority() == 0)
                .map(CustomResourceColumnDefinition::getName).toList();
        assertThat(defaultColumns).containsExactly("Target", "Min", "Max", "Current", "Desired", "Age");
        for (CustomResourceColumnDefinition c : v.getAdditionalPrinterColumns()) {
            if (c.getJsonPath().equals(".metadata.creationTimestamp")) {
                assertThat(c.getType()).isEqualTo("date");
                continue;
            }
            // a filter such as conditions[?(@.type=="Ready")] selects among the list's items
            String path = c.getJsonPath().replaceAll("\\[\\?\\(.*?\\)]", "[]").substring(1);
            JSONSchemaProps field = at(v.getSchema().getOpenAPIV3Schema(), path);
            assertThat(field).as("the schema field behind column %s (%s)", c.getName(), c.getJsonPath()).isNotNull();
            if (c.getType().equals("date")) {
                assertThat(field.getType() + " " + field.getFormat()).as("column %s", c.getName())
                        .isEqualTo("string date-time");
            } else {
                assertThat(c.getType()).as("type of column %s", c.getName()).isEqualTo(field.getType());
            }
        }
    }

    @Test
    void offersExactlyTheEnginesPolicies() {
        JSONSchemaProps policy = at(schema(), "spec.policy");
        assertThat(policy.getEnum()).extracting(JsonNode::asText)
                .containsExactlyElementsOf(Policies.names())
                .containsExactlyElementsOf(ScalingPolicySpec.POLICIES);
        assertThat(policy.getDefault().asText()).isEqualTo("userscale");
    }

    @Test
    void rangesAreTheEnginesOwn() {
        FIELD_PARAMS.forEach((field, param) -> {
            JSONSchemaProps p = at(schema(), "spec." + field);
            assertThat(p).as("spec.%s", field).isNotNull();
            assertThat(p.getMinimum()).as("minimum of spec.%s (%s)", field, param).isEqualTo(param.min());
            assertThat(p.getMaximum()).as("maximum of spec.%s (%s)", field, param).isEqualTo(param.max());
            if (param.integer()) {
                assertThat(p.getType()).as("spec.%s holds a whole number", field).isEqualTo("integer");
            }
        });
        assertThat(at(schema(), "spec.minReplicas").getMinimum()).isEqualTo(1.0);
        assertThat(at(schema(), "spec.maxReplicas").getMinimum()).isEqualTo(1.0);
    }

    @Test
    void isAStructuralSchema() {
        List<String> problems = new ArrayList<>();
        structural(rawSchema, "openAPIV3Schema", problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void celRulesGuardBoundsAndLowMarks() {
        List<ValidationRule> specRules = schema().getProperties().get("spec").getXKubernetesValidations();
        assertThat(specRules).singleElement().satisfies(r -> {
            assertThat(r.getRule()).isEqualTo("self.minReplicas <= self.maxReplicas");
            assertThat(r.getFieldPath()).isEqualTo(".minReplicas");
            assertThat(r.getMessage()).contains("spec.minReplicas", "spec.maxReplicas");
        });
        for (String signal : List.of("cpu", "gpu", "latency")) {
            JSONSchemaProps s = at(schema(), "spec.signals." + signal);
            assertThat(s.getXKubernetesValidations()).as(signal).singleElement().satisfies(r -> {
                assertThat(r.getRule()).contains("self.scaleDownBelow < self.target");
                assertThat(r.getFieldPath()).isEqualTo(".scaleDownBelow");
                assertThat(r.getMessage()).contains("spec.signals." + signal + ".scaleDownBelow");
            });
        }
    }

    @Test
    void theExampleIsValidAndCarriesThePolicysOwnValues() {
        assertThat(errors(example.raw())).isEmpty();
        assertThat(undeclared(rawSchema, example.raw(), "")).as("fields the API server would prune").isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) example.raw().get("spec");
        PolicyParams params = Policies.byName((String) spec.get("policy")).params();
        FIELD_PARAMS.forEach((field, param) -> {
            Object value = value(spec, field);
            assertThat(value).as("spec.%s of the example", field).isNotNull();
            assertThat(((Number) value).doubleValue()).as("spec.%s of the example (%s)", field, param)
                    .isEqualTo(params.get(param));
        });
        // and the services read it so: each field into its parameter
        ScalingPolicySpec.Parsed parsed = ScalingPolicySpec.parse(Manifests.NAMESPACE, spec);
        assertThat(parsed).isInstanceOf(ScalingPolicySpec.Parsed.Valid.class);
        ScalingPolicySpec read = ((ScalingPolicySpec.Parsed.Valid) parsed).spec();
        assertThat(read.target().key()).isEqualTo(Manifests.NAMESPACE + "/gpu-app");
        Map<String, String> expected = new java.util.HashMap<>();
        FIELD_PARAMS.forEach((field, param) -> expected.put(param.name(), format(((Number) value(spec, field)).doubleValue())));
        assertThat(read.parameters()).isEqualTo(expected);
    }

    @Test
    void holdsTheStatusTheActuatorWrites() {
        // as ScalingPolicyStatus writes it: a structural schema prunes any field it does not declare
        Map<String, Object> status = Map.of(
                "currentReplicas", 3,
                "desiredReplicas", 3,
                "lastScaleTime", "2026-11-28T10:00:00Z",
                "lastCommand", Map.of("id", "1a2b", "decisionId", "3c4d", "status", "APPLIED",
                        "time", "2026-11-28T10:00:00Z"),
                "conditions", List.of(Map.of("type", "Ready", "status", "True", "reason", "Valid",
                        "message", "scales userscale/gpu-app within [1, 10] by policy userscale",
                        "lastTransitionTime", "2026-11-28T09:00:00Z")));
        Map<String, Object> withStatus = new java.util.LinkedHashMap<>(example.raw());
        withStatus.put("status", status);
        assertThat(undeclared(rawSchema, withStatus, "")).isEmpty();
        assertThat(errors(withStatus)).isEmpty();
    }

    @Test
    void findsFieldsTheApiServerWouldPrune() {
        Map<String, Object> object = Map.of("spec", Map.of("targetRef", Map.of("name", "x"), "maxReplica", 3),
                "status", Map.of("lastCommand", Map.of("result", "APPLIED")));
        assertThat(undeclared(rawSchema, object, "")).containsExactlyInAnyOrder("spec.maxReplica",
                "status.lastCommand.result");
    }

    /**
     * What the API server refuses, and whether the services' own check (ScalingPolicySpec, for a
     * resource that got in some other way) refuses it too, naming the same field ("both"), or only the
     * API server does ("api": the engine's parameter ranges, Kubernetes' naming rules).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            minReplicas 0                 | /spec/minReplicas     | 0                | minimum  | both
            maxReplicas 0                 | /spec/maxReplicas     | 0                | minimum  | both
            minReplicas as text           | /spec/minReplicas     | "2"              | type     | both
            an unknown policy             | /spec/policy          | "fastest"        | enum     | both
            a negative CPU target         | /spec/signals/cpu/target | -5            | minimum  | both
            a CPU target over 100 %       | /spec/signals/cpu/target | 150           | maximum  | api
            a negative latency low mark   | /spec/signals/latency/scaleDownBelow | -1 | minimum | both
            no smoothing weight           | /spec/behavior/alpha  | 0                | minimum  | both
            a fractional step             | /spec/behavior/scaleUpStep | 1.5         | type     | both
            a StatefulSet target          | /spec/targetRef/kind  | "StatefulSet"    | enum     | both
            a target name with capitals   | /spec/targetRef/name  | "GPU_App"        | pattern  | api
            no target                     | /spec/targetRef       | null             | required | both
            """)
    void rejects(String what, String pointer, String json, String keyword, String alsoRefusedBy) throws Exception {
        ObjectNode policy = Manifests.json().valueToTree(example.raw());
        JsonNode value = Manifests.json().readTree(json);
        String parent = pointer.substring(0, pointer.lastIndexOf('/'));
        String field = pointer.substring(pointer.lastIndexOf('/') + 1);
        ObjectNode holder = (ObjectNode) policy.at(parent);
        if (value.isNull()) {
            holder.remove(field);
        } else {
            holder.set(field, value);
        }
        Set<ValidationMessage> errors = validator.validate(policy);
        assertThat(errors).as("errors for %s", what).isNotEmpty()
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo(keyword);
                    String path = parent.replace('/', '.').substring(1) + ("required".equals(keyword) ? "" : "." + field);
                    assertThat(e.getInstanceLocation().toString()).isEqualTo("$." + path);
                });
        ScalingPolicySpec.Parsed parsed = ScalingPolicySpec.parse(Manifests.NAMESPACE,
                Manifests.json().convertValue(policy.get("spec"), Map.class));
        if (alsoRefusedBy.equals("both")) {
            assertThat(parsed).isInstanceOfSatisfying(ScalingPolicySpec.Parsed.Invalid.class,
                    bad -> assertThat(bad.field()).isEqualTo(pointer.substring(1).replace('/', '.')));
        } else {
            assertThat(parsed).isInstanceOf(ScalingPolicySpec.Parsed.Valid.class);
        }
    }

    @Test
    void theValidatorAcceptsWhatKubernetesDefaults() {
        ObjectNode minimal = (ObjectNode) Manifests.json().valueToTree(Map.of(
                "apiVersion", "userscale.io/v1alpha1", "kind", "ScalingPolicy",
                "metadata", Map.of("name", "web", "namespace", "shop"),
                "spec", Map.of("targetRef", Map.of("name", "web"))));
        assertThat(validator.validate(minimal)).isEmpty();
    }

    // helpers

    private static Set<String> errors(Map<String, Object> object) {
        return validator.validate(Manifests.json().valueToTree(object)).stream().map(ValidationMessage::getMessage)
                .collect(Collectors.toSet());
    }

    private static JSONSchemaProps schema() {
        return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }

    /** The schema of a dotted path ({@code a.b[].c} for the items of list b), or null. */
    static JSONSchemaProps at(JSONSchemaProps root, String dotted) {
        JSONSchemaProps p = root;
        for (String part : dotted.split("\\.")) {
            boolean items = part.endsWith("[]");
            String name = items ? part.substring(0, part.length() - 2) : part;
            if (p == null || p.getProperties() == null) {
                return null;
            }
            p = p.getProperties().get(name);
            if (items) {
                p = p == null || p.getItems() == null ? null : p.getItems().getSchema();
            }
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Map<String, Object> map, String dotted) {
        Object o = map;
        for (String part : dotted.split("\\.")) {
            if (!(o instanceof Map<?, ?> m)) {
                return null;
            }
            o = ((Map<String, Object>) m).get(part);
        }
        return o;
    }

    /** Paths of an object that its schema does not declare, as the API server would prune them. */
    @SuppressWarnings("unchecked")
    static List<String> undeclared(Map<String, Object> schema, Object instance, String path) {
        List<String> found = new ArrayList<>();
        if (Boolean.TRUE.equals(schema.get("x-kubernetes-preserve-unknown-fields"))) {
            return found;
        }
        if (instance instanceof Map<?, ?> m) {
            Map<String, Object> props = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
            m.forEach((k, v) -> {
                String p = path.isEmpty() ? String.valueOf(k) : path + "." + k;
                if (path.equals("metadata")) {
                    return; // the API server's own schema
                }
                if (!props.containsKey(k)) {
                    found.add(p);
                } else {
                    found.addAll(undeclared((Map<String, Object>) props.get(k), v, p));
                }
            });
        } else if (instance instanceof List<?> l && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < l.size(); i++) {
                found.addAll(undeclared((Map<String, Object>) items, l.get(i), path + "[" + i + "]"));
            }
        }
        return found;
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @SuppressWarnings("unchecked")
    private static void structural(Map<String, Object> node, String path, List<String> problems) {
        for (String key : node.keySet()) {
            if (!SCHEMA_KEYWORDS.contains(key)) {
                problems.add(path + ": '" + key + "' is not a keyword of a Kubernetes structural schema");
            }
        }
        boolean untyped = Boolean.TRUE.equals(node.get("x-kubernetes-int-or-string"))
                || Boolean.TRUE.equals(node.get("x-kubernetes-preserve-unknown-fields"));
        if (!node.containsKey("type") && !untyped) {
            problems.add(path + " has no type");
        }
        if (Boolean.FALSE.equals(node.get("additionalProperties"))) {
            problems.add(path + ": additionalProperties: false is not allowed (unknown fields are pruned)");
        }
        Map<String, Object> props = (Map<String, Object>) node.getOrDefault("properties", Map.of());
        for (Object r : (List<Object>) node.getOrDefault("required", List.of())) {
            if (!props.containsKey(r)) {
                problems.add(path + " requires '" + r + "', which it does not define");
            }
        }
        if (props.containsKey("metadata") && !path.equals("openAPIV3Schema")) {
            problems.add(path + " defines metadata below the root");
        }
        props.forEach((k, v) -> structural((Map<String, Object>) v, path + "." + k, problems));
        if (node.get("items") instanceof Map<?, ?> items) {
            structural((Map<String, Object>) items, path + "[]", problems);
        }
        for (Object rule : (List<Object>) node.getOrDefault("x-kubernetes-validations", List.of())) {
            Map<String, Object> r = (Map<String, Object>) rule;
            Object fieldPath = r.get("fieldPath");
            if (fieldPath != null && !props.containsKey(String.valueOf(fieldPath).substring(1))) {
                problems.add(path + ": rule " + r.get("rule") + " names field " + fieldPath + ", which is not there");
            }
        }
    }
}
