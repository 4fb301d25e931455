package io.userscale.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.userscale.deploy.Manifests.Doc;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A container's configuration as its Quarkus service will see it in the pod: the environment the
 * kubelet builds from the manifests (values, ConfigMap and Secret keys, envFrom), the properties file
 * mounted where {@code QUARKUS_CONFIG_LOCATIONS} points, and the service's own
 * {@code application.properties}, resolved by SmallRye Config with Quarkus' ordinals and converters.
 */
final class PodConfig {

    /** Quarkus' runtime profile in a container. */
    static final String PROFILE = "prod";

    final Container container;
    final Map<String, String> env;
    final Optional<Map<String, String>> mounted;
    final Map<String, String> packaged;

    private PodConfig(Container container, Map<String, String> env, Optional<Map<String, String>> mounted,
            Map<String, String> packaged) {
        this.container = container;
        this.env = env;
        this.mounted = mounted;
        this.packaged = packaged;
    }

    /**
     * The configuration of a workload's first container, with the application.properties of the
     * repository's {@code module}.
     */
    static PodConfig of(List<Doc> docs, String kind, String name, String module) {
        Doc workload = Manifests.one(docs, kind, name);
        PodSpec spec = Rbac.podSpec(workload);
        Container c = spec.getContainers().get(0);
        Map<String, String> env = environment(docs, c, workload);
        Optional<Map<String, String>> mounted = Optional.ofNullable(env.get("QUARKUS_CONFIG_LOCATIONS"))
                .map(location -> mountedFile(docs, spec, c, location, workload));
        Path packagedFile = Manifests.repoDir().resolve(module).resolve("src/main/resources/application.properties");
        try {
            return new PodConfig(c, env, mounted, properties(Files.readString(packagedFile, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SmallRye Config over these sources, with the given {@code @ConfigMapping} interfaces. */
    SmallRyeConfig config(Class<?>... mappings) {
        SmallRyeConfigBuilder b = new SmallRyeConfigBuilder()
                .withProfile(PROFILE)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(Path.class, 200, new PathConverter())
                .withValidateUnknown(true)
                .withSources(new PropertiesConfigSource(packaged, "application.properties (packaged)", 250))
                .withSources(new EnvConfigSource(env, 300));
        mounted.ifPresent(m -> b.withSources(new PropertiesConfigSource(m, "QUARKUS_CONFIG_LOCATIONS file", 260)));
        for (Class<?> mapping : mappings) {
            b.withMapping(mapping);
        }
        return b.build();
    }

    /** The environment of a container, as the kubelet resolves it; a missing required key fails. */
    static Map<String, String> environment(List<Doc> docs, Container c, Doc workload) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : list(c.getEnvFrom())) {
            if (from.getConfigMapRef() != null) {
                Map<String, String> data = configMap(docs, from.getConfigMapRef().getName(), workload);
                data.forEach((k, v) -> env.put(prefix(from) + k, v));
            }
            if (from.getSecretRef() != null) {
                secret(docs, from.getSecretRef().getName(), workload).forEach((k, v) -> env.put(prefix(from) + k, v));
            }
        }
        for (EnvVar e : list(c.getEnv())) {
            if (e.getValueFrom() == null) {
                env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
                continue;
            }
            var cmRef = e.getValueFrom().getConfigMapKeyRef();
            var secretRef = e.getValueFrom().getSecretKeyRef();
            String value;
            boolean optional;
            String where;
            if (cmRef != null) {
                value = configMap(docs, cmRef.getName(), workload).get(cmRef.getKey());
                optional = Boolean.TRUE.equals(cmRef.getOptional());
                where = "ConfigMap " + cmRef.getName() + " key " + cmRef.getKey();
            } else if (secretRef != null) {
                value = secret(docs, secretRef.getName(), workload).get(secretRef.getKey());
                optional = Boolean.TRUE.equals(secretRef.getOptional());
                where = "Secret " + secretRef.getName() + " key " + secretRef.getKey();
            } else if (e.getValueFrom().getFieldRef() != null) {
                String path = e.getValueFrom().getFieldRef().getFieldPath();
                value = switch (path) {
                    case "metadata.namespace" -> workload.namespace();
                    case "metadata.name" -> workload.name() + "-0";
                    default -> "(" + path + " from the downward API)";
                };
                optional = false;
                where = "the downward API's " + path;
            } else {
                value = null;
                optional = false;
                where = "an unsupported source";
            }
            if (value == null && !optional) {
                throw new AssertionError(workload + " takes " + e.getName() + " from " + where + ", which is not there");
            }
            if (value != null) {
                env.put(e.getName(), value);
            }
        }
        return env;
    }

    private static String prefix(EnvFromSource from) {
        return from.getPrefix() == null ? "" : from.getPrefix();
    }

    private static Map<String, String> mountedFile(List<Doc> docs, PodSpec spec, Container c, String location,
            Doc workload) {
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        for (VolumeMount m : list(c.getVolumeMounts())) {
            String dir = m.getMountPath().endsWith("/") ? m.getMountPath() : m.getMountPath() + "/";
            if (!path.startsWith(dir)) {
                continue;
            }
            String file = path.substring(dir.length());
            Volume v = list(spec.getVolumes()).stream().filter(x -> x.getName().equals(m.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(workload + " mounts volume " + m.getName() + ", not defined"));
            ConfigMapVolumeSource cm = v.getConfigMap();
            if (cm == null) {
                throw new AssertionError(workload + " reads its configuration from volume " + v.getName()
                        + ", which is not a ConfigMap");
            }
            String key = file;
            if (cm.getItems() != null && !cm.getItems().isEmpty()) {
                key = cm.getItems().stream().filter(i -> i.getPath().equals(file)).map(KeyToPath::getKey).findFirst()
                        .orElseThrow(() -> new AssertionError(workload + ": no item of ConfigMap " + cm.getName()
                                + " is mounted as " + file));
            }
            String text = configMap(docs, cm.getName(), workload).get(key);
            if (text == null) {
                throw new AssertionError(workload + ": ConfigMap " + cm.getName() + " has no key " + key);
            }
            return properties(text);
        }
        throw new AssertionError(workload + ": QUARKUS_CONFIG_LOCATIONS=" + location + " is on no mounted volume");
    }

    private static Map<String, String> configMap(List<Doc> docs, String name, Doc workload) {
        return Manifests.ofKind(docs, "ConfigMap").filter(d -> d.name().equals(name)).findFirst()
                .map(d -> d.as(ConfigMap.class).getData())
                .orElseThrow(() -> new AssertionError(workload + " uses ConfigMap " + name + ", which is not there"));
    }

    private static Map<String, String> secret(List<Doc> docs, String name, Doc workload) {
        Secret s = Manifests.ofKind(docs, "Secret").filter(d -> d.name().equals(name)).findFirst()
                .map(d -> d.as(Secret.class))
                .orElseThrow(() -> new AssertionError(workload + " uses Secret " + name + ", which is not there"));
        Map<String, String> values = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            values.putAll(s.getStringData());
        }
        return values;
    }

    static Map<String, String> properties(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
