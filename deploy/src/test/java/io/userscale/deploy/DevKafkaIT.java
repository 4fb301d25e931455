package io.userscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.userscale.deploy.Manifests.Doc;
import io.userscale.kafka.topic.Topic;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev overlay's Kafka, run for real: the StatefulSet's start script with its ConfigMap's
 * server.properties and log4j2.yaml formats the volume and starts Apache Kafka (the project's own
 * version, from kafka/broker/target/broker), the kafka-topics Job's script creates the topics, and a
 * restart finds the formatted volume. Only what a laptop lacks is changed: {@code /opt/kafka/bin}
 * becomes small scripts running the same Kafka classes, paths move to a temporary directory, and the
 * ports are free ones.
 */
class DevKafkaIT {

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private Path classpath;
    private int port;
    private int controllerPort;
    private String startScript;
    private String topicsScript;
    private Map<String, String> brokerEnv;
    private Map<String, String> jobEnv;

    @BeforeEach
    void prepare() throws IOException {
        classpath = Manifests.repoDir().resolve("kafka/broker/target/broker");
        boolean built = Files.isDirectory(classpath) && Files.list(classpath).findAny().isPresent();
        if (!built) {
            System.out.println("[deploy] skipped: " + classpath + " is not built (./mvnw -pl kafka/broker package)");
        }
        Assumptions.assumeTrue(built, classpath + " is not built");
        List<Doc> docs = Manifests.render("overlays/dev");
        port = freePort();
        controllerPort = freePort();

        Map<String, String> data = Manifests.one(docs, "ConfigMap", "kafka-dev").as(ConfigMap.class).getData();
        Files.createDirectories(tmp.resolve("etc"));
        Files.createDirectories(tmp.resolve("run"));
        Files.writeString(tmp.resolve("etc/server.properties"), local(data.get("server.properties"))
                .replace("log.dirs=/var/lib/kafka/data", "log.dirs=" + tmp.resolve("data")));
        Files.writeString(tmp.resolve("etc/log4j2.yaml"), data.get("log4j2.yaml"));
        bin("kafka-storage.sh", "kafka.tools.StorageTool", false);
        bin("kafka-server-start.sh", "kafka.Kafka", true);
        bin("kafka-topics.sh", "org.apache.kafka.tools.TopicCommand", false);

        Container broker = Manifests.one(docs, "StatefulSet", "kafka").as(StatefulSet.class)
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(broker.getCommand()).containsExactly("/bin/bash", "-ec");
        startScript = local(broker.getArgs().get(0));
        brokerEnv = env(broker);
        brokerEnv.put("ADVERTISED_HOST", "127.0.0.1");

        Container job = Manifests.one(docs, "Job", "kafka-topics").as(Job.class)
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(job.getCommand()).containsExactly("/bin/bash", "-ec");
        topicsScript = local(job.getArgs().get(0));
        jobEnv = env(job);
        jobEnv.put("BOOTSTRAP", "127.0.0.1:" + port);
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    @Test
    void theBrokerStartsTheJobCreatesTheCatalogsTopicsAndARestartKeepsThem() throws Exception {
        Process broker = startBroker("first");
        Process job = bash(topicsScript, jobEnv, tmp.resolve("topics.log"));
        assertThat(job.waitFor(180, TimeUnit.SECONDS)).as("the topics Job finishes").isTrue();
        assertThat(job.exitValue()).as("the topics Job's exit status; its log:%n%s", read("topics.log")).isZero();
        assertTopics();

        stopBroker(broker);
        startBroker("second");
        assertThat(read("broker-first.log")).contains("Formatting");
        assertThat(read("broker-second.log")).doesNotContain("Formatting");
        assertTopics();
        // the Job may run again: existing topics are left alone
        Process again = bash(topicsScript, jobEnv, tmp.resolve("topics-again.log"));
        assertThat(again.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).as("a second run of the Job; its log:%n%s", read("topics-again.log")).isZero();
    }

    private void assertTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
            Set<String> names = Set.of(Topic.values()).stream().map(Topic::topicName).collect(Collectors.toSet());
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            List<ConfigResource> resources = names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            for (Topic t : Topic.values()) {
                assertThat(described.get(t.topicName()).partitions()).as(t.topicName()).hasSize(t.partitions());
                Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.topicName()));
                t.configs().forEach((k, v) -> assertThat(c.get(k).value()).as("%s of %s", k, t.topicName()).isEqualTo(v));
            }
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(names);
        }
    }

    private Process startBroker(String name) throws Exception {
        Path log = tmp.resolve("broker-" + name + ".log");
        Process p = bash(startScript, brokerEnv, log);
        await("the broker started (its log: " + log + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!p.isAlive()) {
                        throw new AssertionError("the broker exited " + p.exitValue() + "; its log:\n"
                                + Files.readString(log));
                    }
                    return Files.readString(log).contains("Kafka Server started");
                });
        return p;
    }

    private void stopBroker(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the broker stops on SIGTERM").isTrue();
        started.remove(p);
    }

    private Process bash(String script, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-ec", script).directory(tmp.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The manifest's text with the container's paths and ports moved to this test's. */
    private String local(String text) {
        // "/tmp/" first: the other replacements may themselves lie under /tmp (a checkout there)
        return text.replace("/tmp/", tmp.resolve("run") + "/")
                .replace("/opt/kafka/bin/", tmp.resolve("bin") + "/")
                .replace("/etc/kafka-dev/", tmp.resolve("etc") + "/")
                .replace(":9092", ":" + port)
                .replace(":9093", ":" + controllerPort);
    }

    private Map<String, String> env(Container c) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (EnvVar e : c.getEnv()) {
            env.put(e.getName(), e.getValue() == null ? "downward-api" : local(e.getValue()));
        }
        return env;
    }

    /** /opt/kafka/bin/NAME: the same Kafka class on the project's broker class path. */
    private void bin(String name, String mainClass, boolean server) throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String opts = server ? "$KAFKA_HEAP_OPTS $KAFKA_LOG4J_OPTS" : "-Xmx256m";
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/bash\nexec " + java + " " + opts + " -cp '" + classpath + File.separator
                + "*' " + mainClass + " \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private String read(String file) throws IOException {
        Path p = tmp.resolve(file);
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
