package io.userscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.smallrye.config.SmallRyeConfig;
import io.userscale.actuator.service.ActuatorConfig;
import io.userscale.actuator.service.BackendKind;
import io.userscale.deploy.Manifests.Doc;
import io.userscale.engine.policy.Policies;
import io.userscale.engine.service.EngineConfig;
import io.userscale.gpuapp.GpuAppConfig;
import io.userscale.ingest.service.IngestConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The services' configuration in the manifests parses as each service's {@code @ConfigMapping} reads
 * it: policy parameters under their own names, ingest targets with their slash, the actuator's
 * backend and bounds, Kafka from the Secret, and ports and probes matching what the services listen on.
 */
class ServiceConfigTest {

    /** Overlays that run the control services. */
    static Stream<String> withServices() {
        return Stream.of("base", "overlays/dev", "overlays/gpu", "overlays/strimzi");
    }

    @ParameterizedTest
    @MethodSource("withServices")
    void theEngineRunsTheConfiguredPolicyWithTheConfigMapsParameters(String dir) {
        List<Doc> docs = Manifests.render(dir);
        Map<String, String> policyConfig = userscaleConfig(docs);
        EngineConfig engine = mapping(docs, "decision-engine", EngineConfig.class);

        assertThat(engine.policy()).isEqualTo(policyConfig.get("POLICY"));
        Map<String, String> expected = new HashMap<>(policyConfig);
        expected.remove("POLICY");
        assertThat(engine.parameters()).isEqualTo(expected);
        // what the engine does at start-up: unknown names or values out of range would stop it here
        var policy = Policies.byName(engine.policy(), engine.parameters());
        // and the shipped values are the policy's own, so the ConfigMap changes nothing until edited
        assertThat(policy.version()).isEqualTo(Policies.byName(engine.policy()).version());
        // ScalingPolicies of the engine's own namespace, which its Role lets it watch
        assertThat(engine.scalingPolicies().enabled()).isTrue();
        assertThat(engine.scalingPolicies().namespace()).contains(Manifests.NAMESPACE);
    }

    @ParameterizedTest
    @MethodSource("withServices")
    void ingestScrapesGpuAppsManagementPortThroughKubernetes(String dir) {
        List<Doc> docs = Manifests.render(dir);
        IngestConfig ingest = mapping(docs, "metrics-ingest", IngestConfig.class);

        assertThat(ingest.targets()).containsOnlyKeys("userscale/gpu-app");
        IngestConfig.Target target = ingest.targets().get("userscale/gpu-app");
        assertThat(target.discovery()).isEqualTo("kubernetes");
        assertThat(target.metricsPath()).isEqualTo("/q/metrics");
        PodConfig app = PodConfig.of(docs, "Deployment", "gpu-app", "gpu-app");
        assertThat(target.metricsPort()).isEqualTo(PodSecurity.port(app.container, "management").getContainerPort());
        // checked at start-up by the service
        assertThat(ingest.scrapeTimeout()).isLessThan(ingest.interval());
        // and the Deployments of the ScalingPolicies in its own namespace, on gpu-app's metrics port
        assertThat(ingest.scalingPolicies().enabled()).isTrue();
        assertThat(ingest.scalingPolicies().namespace()).contains(Manifests.NAMESPACE);
        assertThat(ingest.scalingPolicies().metricsPort()).isEqualTo(target.metricsPort());
        assertThat(ingest.scalingPolicies().metricsPath()).isEqualTo(target.metricsPath());
        if (dir.equals("overlays/gpu")) {
            assertThat(ingest.prometheus().url()).hasValueSatisfying(u -> assertThat(u).startsWith("http://"));
            assertThat(ingest.prometheus().gpuQuery()).contains("DCGM_FI_DEV_GPU_UTIL");
        } else {
            assertThat(ingest.prometheus().url()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("withServices")
    void theActuatorScalesThroughKubernetesWithinTheConfigMapsBounds(String dir) {
        List<Doc> docs = Manifests.render(dir);
        Map<String, String> policyConfig = userscaleConfig(docs);
        ActuatorConfig actuator = mapping(docs, "actuator", ActuatorConfig.class);

        assertThat(actuator.backend()).isEqualTo(BackendKind.KUBERNETES);
        assertThat(actuator.minReplicas()).isEqualTo(Integer.parseInt(policyConfig.get("MIN_REPLICAS")));
        assertThat(actuator.maxReplicas()).isEqualTo(Integer.parseInt(policyConfig.get("MAX_REPLICAS")));
        assertThat(actuator.scalingPolicies().enabled()).isTrue();
        assertThat(actuator.scalingPolicies().namespace()).contains(Manifests.NAMESPACE);
    }

    @ParameterizedTest
    @MethodSource("withServices")
    void everyControlServiceReachesKafkaFromTheSecretAndListensWhereItIsProbed(String dir) {
        List<Doc> docs = Manifests.render(dir);
        Secret kafka = Manifests.one(docs, "Secret", "userscale-kafka").as(Secret.class);
        String bootstrap = kafka.getStringData().get("bootstrap.servers");
        assertThat(bootstrap).matches("[a-z0-9.-]+:\\d+(,[a-z0-9.-]+:\\d+)*");
        for (String service : List.of("metrics-ingest", "decision-engine", "actuator")) {
            PodConfig pod = PodConfig.of(docs, "Deployment", service, service);
            SmallRyeConfig config = pod.config();
            assertThat(config.getValue("kafka.bootstrap.servers", String.class)).as(service).isEqualTo(bootstrap);
            int port = config.getValue("quarkus.http.port", Integer.class);
            assertThat(PodSecurity.port(pod.container, "http").getContainerPort()).as(service).isEqualTo(port);
            Doc svc = Manifests.one(docs, "Service", service);
            assertThat(svc.as(io.fabric8.kubernetes.api.model.Service.class).getSpec().getPorts())
                    .singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(port));
            // the mounted file adds settings; it never competes with the packaged ones
            assertThat(pod.mounted).as("%s's mounted configuration", service).isPresent();
            assertThat(pod.mounted.get().keySet()).as(service).doesNotContainAnyElementsOf(pod.packaged.keySet());
        }
    }

    @ParameterizedTest
    @MethodSource("withServices")
    void gpuAppLooksForAGpuOnlyWhereItHasOne(String dir) {
        List<Doc> docs = Manifests.render(dir);
        PodConfig app = PodConfig.of(docs, "Deployment", "gpu-app", "gpu-app");
        SmallRyeConfig config = app.config(GpuAppConfig.class);
        boolean hasGpu = app.container.getResources().getLimits().containsKey("nvidia.com/gpu");
        assertThat(hasGpu).isEqualTo(dir.equals("overlays/gpu"));
        assertThat(config.getConfigMapping(GpuAppConfig.class).gpuEnabled()).isEqualTo(hasGpu);
        assertThat(PodSecurity.port(app.container, "http").getContainerPort())
                .isEqualTo(config.getValue("quarkus.http.port", Integer.class));
        assertThat(PodSecurity.port(app.container, "management").getContainerPort())
                .isEqualTo(config.getValue("quarkus.management.port", Integer.class));
    }

    @Test
    void theConfigMapCarriesTheSeedsParameterNames() {
        Map<String, String> config = userscaleConfig(Manifests.render("base"));
        assertThat(config).containsOnlyKeys("POLICY", "USERS_TARGET_PER_POD", "CPU_TARGET", "CPU_SCALE_DOWN_BELOW",
                "GPU_TARGET", "GPU_SCALE_DOWN_BELOW", "LATENCY_TARGET_MS", "LATENCY_SCALE_DOWN_BELOW_MS", "ALPHA",
                "COOLDOWN_PERIOD", "SCALE_UP_STEP", "SCALE_DOWN_STEP", "MAX_CONSECUTIVE", "MIN_REPLICAS",
                "MAX_REPLICAS");
        assertThat(Policies.names()).contains(config.get("POLICY"));
    }

    /**
     * Why the parameters are not environment variables: SmallRye reads the map key of
     * USERSCALE_ENGINE_PARAMETERS_CPU_TARGET as cpu.target, a name the engine refuses.
     */
    @Test
    void parametersSpeltAsEnvironmentVariablesWouldStopTheEngine() {
        List<Doc> docs = Manifests.parse(Manifests.deployment("decision-engine", "e", """
                containers:
                  - name: decision-engine
                    image: e
                    env:
                      - {name: USERSCALE_ENGINE_PARAMETERS_CPU_TARGET, value: "70"}
                """), "test");
        EngineConfig engine = mapping(docs, "decision-engine", EngineConfig.class);
        assertThat(engine.parameters()).containsOnlyKeys("cpu.target");
        assertThatThrownBy(() -> Policies.byName(engine.policy(), engine.parameters()))
                .hasMessageContaining("cpu.target: unknown parameter");
    }

    @Test
    void aMissingConfigMapKeyIsFound() {
        List<Doc> docs = Manifests.parse(String.join("---\n", Manifests.configMap("userscale-config", """
                POLICY: userscale
                """), Manifests.deployment("actuator", "a", """
                containers:
                  - name: actuator
                    image: a
                    env:
                      - name: MAX
                        valueFrom: {configMapKeyRef: {name: userscale-config, key: MAX_REPLICAS}}
                """)), "test");
        assertThatThrownBy(() -> PodConfig.of(docs, "Deployment", "actuator", "actuator"))
                .hasMessageContaining("ConfigMap userscale-config key MAX_REPLICAS, which is not there");
    }

    @Test
    void anUnknownSettingInTheMountedFileIsRefused() {
        String bad = String.join("---\n", Manifests.configMap("cfg", """
                actuator.properties: |
                  userscale.actuator.backend=kubernetes
                  userscale.actuator.max-replica=20
                """), Manifests.deployment("actuator", "a", """
                containers:
                  - name: actuator
                    image: a
                    env: [{name: QUARKUS_CONFIG_LOCATIONS, value: /etc/userscale/application.properties}]
                    volumeMounts: [{name: config, mountPath: /etc/userscale}]
                volumes:
                  - name: config
                    configMap:
                      name: cfg
                      items: [{key: actuator.properties, path: application.properties}]
                """));
        PodConfig pod = PodConfig.of(Manifests.parse(bad, "test"), "Deployment", "actuator", "actuator");
        assertThat(pod.mounted).hasValueSatisfying(m -> assertThat(m).containsKey("userscale.actuator.max-replica"));
        assertThatThrownBy(() -> pod.config(ActuatorConfig.class)).hasMessageContaining("userscale.actuator.max-replica");
    }

    /** What service {@code name}, as its Deployment of the same name runs it, reads through {@code mapping}. */
    static <T> T mapping(List<Doc> docs, String name, Class<T> mapping) {
        return PodConfig.of(docs, "Deployment", name, name).config(mapping).getConfigMapping(mapping);
    }

    static Map<String, String> userscaleConfig(List<Doc> docs) {
        Map<String, String> data = Manifests.one(docs, "ConfigMap", "userscale-config").as(ConfigMap.class).getData();
        assertThat(Set.copyOf(data.keySet())).isNotEmpty();
        return data;
    }
}
