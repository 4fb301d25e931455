package io.userscale.kafka.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The GraalVM configuration this jar ships under {@code META-INF/native-image} (which native-image
 * reads from every jar on its class path) lets Jackson build and read every contract record in a
 * native executable, and keeps the JSON Schemas in it: every record and enum reachable from the
 * four record types is registered with its constructors, methods and fields, and every schema
 * resource matches a resource pattern.
 */
class NativeImageConfigTest {

    static final String DIR = "/META-INF/native-image/io.userscale/userscale-contract/";

    static JsonNode read(String file) throws IOException {
        try (InputStream in = NativeImageConfigTest.class.getResourceAsStream(DIR + file)) {
            assertThat(in).as(DIR + file).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void everyContractTypeJacksonTouchesIsRegisteredForReflection() throws IOException {
        Set<String> registered = new TreeSet<>();
        for (JsonNode entry : read("reflect-config.json")) {
            for (String access : new String[] {"allDeclaredConstructors", "allDeclaredMethods", "allDeclaredFields"}) {
                assertThat(entry.path(access).asBoolean()).as("%s: %s", entry.get("name"), access).isTrue();
            }
            assertThat(registered.add(entry.get("name").asText())).as("listed once: %s", entry.get("name")).isTrue();
        }
        Set<String> reachable = new TreeSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        ContractType.all().forEach(t -> todo.add(t.recordClass()));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!c.getName().startsWith("io.userscale.") || !reachable.add(c.getName())) {
                continue;
            }
            if (c.isRecord()) {
                for (RecordComponent rc : c.getRecordComponents()) {
                    add(rc.getGenericType(), todo);
                }
            }
        }
        assertThat(reachable).contains("io.userscale.kafka.contract.Decision$Signal",
                "io.userscale.kafka.contract.TargetSnapshot$LatencyHistogram",
                "io.userscale.kafka.contract.ActuationResult$Status");
        assertThat(registered).as("reflect-config.json").containsExactlyInAnyOrderElementsOf(reachable);
        for (String name : registered) {
            try {
                Class.forName(name);
            } catch (ClassNotFoundException e) {
                throw new AssertionError("reflect-config.json names a class that does not exist: " + name);
            }
        }
    }

    @Test
    void theSchemasAreKeptAsResources() throws IOException {
        var patterns = new java.util.ArrayList<Pattern>();
        for (JsonNode p : read("resource-config.json").at("/resources/includes")) {
            patterns.add(Pattern.compile(p.get("pattern").asText()));
        }
        Set<String> resources = new TreeSet<>(Set.of("schemas/common.v1.json"));
        ContractType.all().forEach(t -> resources.add(t.schemaResource()));
        for (String r : resources) {
            assertThat(NativeImageConfigTest.class.getResource("/" + r)).as(r).isNotNull();
            assertThat(patterns).as("a resource pattern keeps %s", r).anyMatch(p -> p.matcher(r).matches());
        }
    }

    private static void add(Type t, Deque<Class<?>> todo) {
        if (t instanceof Class<?> c) {
            todo.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            add(p.getRawType(), todo);
            for (Type arg : p.getActualTypeArguments()) {
                add(arg, todo);
            }
        }
    }
}
