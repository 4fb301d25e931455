package io.userscale.deploy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The manifests in {@code k8s/}: where they are, {@code kubectl kustomize} to render them, and parsing
 * into fabric8's typed models (unknown kinds, such as operators' custom resources, as
 * {@code GenericKubernetesResource}).
 */
final class Manifests {

    /** The kustomizations the project ships; every one must render. */
    static final List<String> KUSTOMIZATIONS = List.of(
            "base", "overlays/dev", "overlays/gpu", "overlays/strimzi", "monitoring");

    /** The plain files of the step-by-step install, in the order they are applied. */
    static final List<String> SEED_FILES = List.of(
            "namespace.yaml", "configmap.yaml", "rbac.yaml", "app.yaml", "scaler.yaml");

    static final String NAMESPACE = "userscale";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<Doc>> RENDERED = new ConcurrentHashMap<>();
    private static final AtomicBoolean SKIP_REPORTED = new AtomicBoolean();
    private static volatile Optional<String> kustomizeProblem;

    private Manifests() {
    }

    /** One object of a manifest: as written (a map) and as fabric8 reads it. */
    record Doc(String source, Map<String, Object> raw, HasMetadata typed) {

        String kind() {
            return typed.getKind();
        }

        String apiVersion() {
            return typed.getApiVersion();
        }

        String name() {
            return typed.getMetadata().getName();
        }

        String namespace() {
            return typed.getMetadata().getNamespace();
        }

        String group() {
            String v = apiVersion();
            return v.contains("/") ? v.substring(0, v.indexOf('/')) : "";
        }

        @SuppressWarnings("unchecked")
        <T extends HasMetadata> T as(Class<T> type) {
            if (!type.isInstance(typed)) {
                throw new AssertionError(this + " is a " + typed.getClass().getSimpleName() + ", not a "
                        + type.getSimpleName());
            }
            return (T) typed;
        }

        @Override
        public String toString() {
            return kind() + " " + (namespace() == null ? "" : namespace() + "/") + name() + " (" + source + ")";
        }
    }

    static Path k8sDir() {
        return Path.of(System.getProperty("userscale.k8s.dir", "../k8s")).toAbsolutePath().normalize();
    }

    static Path repoDir() {
        return Path.of(System.getProperty("userscale.repo.dir", "..")).toAbsolutePath().normalize();
    }

    /**
     * Why {@code kubectl kustomize} cannot be used here, or empty when it can: kubectl must be on the
     * PATH with Kustomize v5 or newer (the manifests use {@code labels} and components).
     */
    static Optional<String> kustomizeProblem() {
        Optional<String> known = kustomizeProblem;
        if (known == null) {
            known = findKustomizeProblem();
            kustomizeProblem = known;
        }
        return known;
    }

    private static Optional<String> findKustomizeProblem() {
        String out;
        try {
            out = run(List.of(kubectl(), "version", "--client"), Path.of("."));
        } catch (IOException e) {
            return Optional.of("kubectl is not installed (" + e.getMessage() + "); install it (Debian package kubectl) "
                    + "to render the kustomizations");
        }
        Matcher m = Pattern.compile("Kustomize Version: v(\\d+)").matcher(out);
        if (!m.find()) {
            return Optional.of("kubectl does not report its Kustomize version: " + out.strip());
        }
        if (Integer.parseInt(m.group(1)) < 5) {
            return Optional.of("kubectl's Kustomize is v" + m.group(1) + "; the manifests need v5 or newer");
        }
        return Optional.empty();
    }

    /** The kubectl to render with: {@code -Duserscale.kubectl=PATH}, else the one on the PATH. */
    static String kubectl() {
        return System.getProperty("userscale.kubectl", "kubectl");
    }

    /** Skips the calling test, saying why, where kustomize cannot run. */
    static void assumeKustomize() {
        Optional<String> problem = kustomizeProblem();
        if (problem.isPresent() && !SKIP_REPORTED.getAndSet(true)) {
            System.out.println("[deploy] tests that render k8s/ are skipped: " + problem.get());
        }
        Assumptions.assumeTrue(problem.isEmpty(), () -> problem.orElse(""));
    }

    /** {@code kubectl kustomize k8s/<dir>}, parsed; rendered once per test JVM. */
    static List<Doc> render(String dir) {
        assumeKustomize();
        return RENDERED.computeIfAbsent(dir, d -> {
            try {
                return parse(run(List.of(kubectl(), "kustomize", k8sDir().resolve(d).toString()), k8sDir()),
                        "k8s/" + d);
            } catch (IOException e) {
                throw new UncheckedIOException("kubectl kustomize k8s/" + d + " failed: " + e.getMessage(), e);
            }
        });
    }

    /** A plain manifest file under k8s/, parsed. */
    static List<Doc> file(String relative) {
        try {
            return parse(Files.readString(k8sDir().resolve(relative), StandardCharsets.UTF_8), "k8s/" + relative);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plain files of the step-by-step install, parsed, in the order they are applied. */
    static List<Doc> seedFiles() {
        return SEED_FILES.stream().flatMap(f -> file(f).stream()).toList();
    }

    /**
     * A Deployment in the userscale namespace as a test writes one, to parse: {@code name}, its pods
     * labelled and selected by {@code app: <app>}, and {@code podSpec} (YAML, as under the template's
     * {@code spec:}) as what its pods run. A test joins it to the other documents of its stream with
     * {@code "---\n"}.
     */
    static String deployment(String name, String app, String podSpec) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, namespace: %s}
                spec:
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec:
                """.formatted(name, NAMESPACE, app, app) + podSpec.indent(6);
    }

    /**
     * A Role in the userscale namespace as a test writes one, to parse: {@code name}, and {@code rules}
     * (YAML, as under {@code rules:}).
     */
    static String role(String name, String rules) {
        return namespaced("rbac.authorization.k8s.io/v1", "Role", name, "rules", rules);
    }

    /**
     * A ConfigMap in the userscale namespace as a test writes one, to parse: {@code name}, and {@code data}
     * (YAML, as under {@code data:}).
     */
    static String configMap(String name, String data) {
        return namespaced("v1", "ConfigMap", name, "data", data);
    }

    private static String namespaced(String apiVersion, String kind, String name, String field, String yaml) {
        return """
                apiVersion: %s
                kind: %s
                metadata: {name: %s, namespace: %s}
                %s:
                """.formatted(apiVersion, kind, name, NAMESPACE, field) + yaml.indent(2);
    }

    /** Every object of a YAML stream (empty documents skipped), each read into its fabric8 model. */
    static List<Doc> parse(String yaml, String source) {
        List<Doc> docs = new ArrayList<>();
        try (MappingIterator<Map<String, Object>> it = YAML.readerFor(Map.class).readValues(yaml)) {
            while (it.hasNext()) {
                Map<String, Object> raw = it.next();
                if (raw == null || raw.isEmpty()) {
                    continue;
                }
                HasMetadata typed;
                try {
                    typed = SERIALIZATION.unmarshal(JSON.writeValueAsString(raw));
                } catch (RuntimeException e) {
                    Throwable cause = e;
                    while (cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    throw new AssertionError("cannot read " + raw.get("kind") + " "
                            + ((Map<?, ?>) raw.getOrDefault("metadata", Map.of())).get("name") + " of " + source
                            + " into its Kubernetes model: " + cause.getMessage(), e);
                }
                docs.add(new Doc(source, raw, typed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + source + ": " + e.getMessage(), e);
        }
        return docs;
    }

    static Stream<Doc> ofKind(List<Doc> docs, String kind) {
        return docs.stream().filter(d -> d.kind().equals(kind));
    }

    static Doc one(List<Doc> docs, String kind, String name) {
        List<Doc> found = ofKind(docs, kind).filter(d -> name.equals(d.name())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    /** Runs a command, returning its standard output; fails with its standard error. */
    static String run(List<String> command, Path dir) throws IOException {
        Path err = Files.createTempFile("deploy-cmd", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                        + Files.readString(err).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Reads a YAML or JSON file as a tree of maps and lists. */
    static Object readTree(Path file) {
        try {
            return YAML.readValue(file.toFile(), Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectMapper json() {
        return JSON;
    }
}
