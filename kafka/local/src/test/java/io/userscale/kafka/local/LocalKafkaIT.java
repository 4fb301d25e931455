package io.userscale.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.Examples;
import io.userscale.kafka.serde.ContractSerializer;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LocalKafka runs a real broker process, serves the catalog, and leaves nothing behind. */
class LocalKafkaIT {

    @TempDir
    Path dataDir;

    @Test
    void startsServesTheCatalogToKafkasOwnConsoleConsumerAndStopsWithoutATrace() throws Exception {
        Path lib = BrokerLib.dir();
        int port = Ports.pickFree("127.0.0.1");
        int controllerPort = Ports.pickFree("127.0.0.1");
        LocalKafka broker = LocalKafka.start(LocalKafka.Settings.defaults(dataDir, lib).withPorts(port, controllerPort));
        long pid = broker.pid();
        try {
            System.out.printf("LocalKafka: ready in %d ms, broker RSS %s%n", broker.startupTime().toMillis(),
                    residentMemory(pid));
            assertThat(broker.createdTopics()).containsExactlyInAnyOrderElementsOf(
                    Arrays.stream(Topic.values()).map(Topic::topicName).toList());
            assertThat(Files.readString(broker.logFile())).contains("Kafka Server started");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                var topics = admin.describeTopics(List.of(Topic.METRICS.topicName())).allTopicNames()
                        .get(10, TimeUnit.SECONDS);
                assertThat(topics.get(Topic.METRICS.topicName()).partitions()).hasSize(Topic.METRICS.partitions());
            }

            Decision decision = Examples.decision(Instant.parse("2026-11-27T10:15:30Z"));
            try (var producer = new KafkaProducer<String, ContractRecord>(
                    ClientConfigs.producer(broker.bootstrapServers(), ContractSerializer.class))) {
                producer.send(new ProducerRecord<>(Topic.DECISIONS.topicName(), decision.key(), decision))
                        .get(30, TimeUnit.SECONDS);
            }
            String consoleOutput = consoleConsumer(lib, broker.bootstrapServers(), Topic.DECISIONS.topicName());
            assertThat(consoleOutput)
                    .contains("userscale/gpu-app\t{\"schema\":\"userscale.decision/v1\"")
                    .contains(decision.decisionId())
                    .contains("SCALED replicas 1 -> 3");
        } finally {
            broker.close();
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("broker process").isEmpty();
        assertThat(Ports.isFree("127.0.0.1", port)).as("client port free").isTrue();
        assertThat(Ports.isFree("127.0.0.1", controllerPort)).as("controller port free").isTrue();
        assertThat(LocalKafka.running(dataDir)).isEmpty();
    }

    @Test
    void startOnABusyPortFailsNamingThePortAndStartsNothing() throws Exception {
        Path lib = BrokerLib.dir();
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", 0));
            int busy = squatter.getLocalPort();
            var settings = LocalKafka.Settings.defaults(dataDir, lib).withPorts(busy, Ports.pickFree("127.0.0.1"));
            assertThatThrownBy(() -> LocalKafka.start(settings))
                    .isInstanceOf(LocalKafkaException.class)
                    .hasMessageContaining("port " + busy + " on 127.0.0.1 is already in use");
        }
        assertThat(LocalKafka.running(dataDir)).isEmpty();
        assertThat(Files.exists(dataDir.resolve("broker.log"))).isFalse();
    }

    @Test
    void aTiedBrokerStopsWhenItsOwnerIsKilled() throws Exception {
        Path lib = BrokerLib.dir();
        int port = Ports.pickFree("127.0.0.1");
        int controllerPort = Ports.pickFree("127.0.0.1");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process owner = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                OwnerMain.class.getName(), dataDir.toString(), lib.toString(), Integer.toString(port),
                Integer.toString(controllerPort))
                .redirectErrorStream(true).start();
        long brokerPid;
        try (var out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("broker-pid "));
            assertThat(line).as("owner reported its broker").isNotNull();
            brokerPid = Long.parseLong(line.substring("broker-pid ".length()).trim());
            assertThat(Ports.isListening("127.0.0.1", port, 1000)).isTrue();

            owner.destroyForcibly(); // SIGKILL: the owner runs no shutdown hook
            owner.waitFor(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ProcessHandle.of(brokerPid).filter(ProcessHandle::isAlive).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> Ports.isFree("127.0.0.1", port));
    }

    static String consoleConsumer(Path lib, String bootstrap, String topic) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", lib + "/*",
                "org.apache.kafka.tools.consumer.ConsoleConsumer", "--bootstrap-server", bootstrap, "--topic", topic,
                "--from-beginning", "--max-messages", "1", "--timeout-ms", "30000", "--property", "print.key=true")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    static String residentMemory(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.substring(6).trim()).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }
}
