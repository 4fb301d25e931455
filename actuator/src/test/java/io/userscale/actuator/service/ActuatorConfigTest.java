package io.userscale.actuator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.userscale.actuator.core.Bounds;
import io.userscale.actuator.local.LocalSettings;
import io.userscale.kafka.contract.TargetRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code userscale.actuator.*} as written in properties, and what the service builds from it. */
class ActuatorConfigTest {

    static ActuatorConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(ActuatorConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus' "500ms", "1h"
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build()
                .getConfigMapping(ActuatorConfig.class);
    }

    @Test
    void defaults() {
        ActuatorConfig c = config(Map.of());
        assertThat(c.backend()).isEqualTo(BackendKind.DRY_RUN);
        assertThat(c.groupId()).isEqualTo("userscale-actuator");
        assertThat(c.restoreLookback()).isEqualTo(Duration.ofHours(1));
        var bounds = Backends.bounds(c);
        assertThat(bounds.defaults()).isEqualTo(new Bounds(1, 10));
        assertThat(bounds.perTarget()).isEmpty();
        LocalSettings local = Backends.localSettings(c.local());
        assertThat(local.target()).isEqualTo(TargetRef.deployment("demo", "gpu-app"));
        assertThat(local.port()).isEqualTo(8080);
        assertThat(local.initialReplicas()).isEqualTo(1);
        assertThat(local.dir()).isEqualTo(Path.of(".userscale/local"));
        assertThat(local.appJar()).isEqualTo(Path.of("gpu-app/target/quarkus-app/quarkus-run.jar"));
        assertThat(local.java()).isEqualTo(LocalSettings.currentJava());
        assertThat(local.drainTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(local.command(9001, 42)).containsExactly(LocalSettings.currentJava().toString(),
                "@gpu-app/jvm.options", "-Dquarkus.http.port=8080", "-Dquarkus.management.port=9001",
                "-Duserscale.parent-pid=42", "-jar", "gpu-app/target/quarkus-app/quarkus-run.jar");
    }

    @Test
    void backendsByTheirNamesAndBoundsPerTarget() {
        ActuatorConfig c = config(Map.of(
                "userscale.actuator.backend", "kubernetes",
                "userscale.actuator.max-replicas", "20",
                "userscale.actuator.targets.\"prod/gpu-app\".max-replicas", "40",
                "userscale.actuator.targets.\"prod/api\".min-replicas", "3"));
        assertThat(c.backend()).isEqualTo(BackendKind.KUBERNETES);
        var bounds = Backends.bounds(c);
        assertThat(bounds.of(TargetRef.deployment("prod", "gpu-app"))).isEqualTo(new Bounds(1, 40));
        assertThat(bounds.of(TargetRef.deployment("prod", "api"))).isEqualTo(new Bounds(3, 20));
        assertThat(bounds.of(TargetRef.deployment("dev", "web"))).isEqualTo(new Bounds(1, 20));
        assertThat(config(Map.of("userscale.actuator.backend", "dry-run")).backend()).isEqualTo(BackendKind.DRY_RUN);
        assertThat(config(Map.of("userscale.actuator.backend", "local")).backend()).isEqualTo(BackendKind.LOCAL);
    }

    @Test
    void badBoundsAreReportedByKey() {
        assertThatThrownBy(() -> Backends.bounds(config(Map.of(
                "userscale.actuator.targets.\"prod/api\".min-replicas", "12"))))
                .hasMessageStartingWith("userscale.actuator.targets.\"prod/api\": replica bounds must satisfy");
        assertThatThrownBy(() -> Backends.bounds(config(Map.of(
                "userscale.actuator.targets.\"no-slash\".max-replicas", "3"))))
                .hasMessageContaining("userscale.actuator.targets.\"no-slash\"");
        assertThatThrownBy(() -> Backends.bounds(config(Map.of("userscale.actuator.min-replicas", "11"))))
                .hasMessageStartingWith("userscale.actuator.min-replicas/max-replicas");
    }

    @Test
    void theReplicaLaunchCanBeReplacedAndExtendedWithArgumentsAndProperties() {
        ActuatorConfig c = config(Map.of(
                "userscale.actuator.local.target", "local/fake",
                "userscale.actuator.local.port", "18080",
                "userscale.actuator.local.java", "/opt/jdk/bin/java",
                "userscale.actuator.local.launch", "-cp,classes,example.Main",
                "userscale.actuator.local.jvm-options", "/opt/app/jvm.options",
                "userscale.actuator.local.jvm-args", "-Xmx256m",
                "userscale.actuator.local.system-properties.\"gpuapp.gpu-enabled\"", "false"));
        LocalSettings local = Backends.localSettings(c.local());
        assertThat(local.command(9001, 7)).isEqualTo(List.of("/opt/jdk/bin/java",
                "@/opt/app/jvm.options", "-Xmx256m", "-Dgpuapp.gpu-enabled=false",
                "-Dquarkus.http.port=18080", "-Dquarkus.management.port=9001", "-Duserscale.parent-pid=7",
                "-cp", "classes", "example.Main"));
        assertThatThrownBy(() -> Backends.localSettings(config(Map.of("userscale.actuator.local.target", "x")).local()))
                .hasMessageStartingWith("userscale.actuator.local.target:");
    }
}
