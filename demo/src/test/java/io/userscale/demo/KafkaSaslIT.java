package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.local.LocalKafka;
import io.userscale.kafka.local.Ports;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three packaged services on a broker listener that admits only a SASL/PLAIN user, given the
 * connection settings as the Kubernetes manifests give them from the {@code userscale-kafka}
 * Secret (environment variables {@code KAFKA_BOOTSTRAP_SERVERS}, {@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}): snapshots, decisions, commands
 * and actuation results all flow, so every producer and consumer of every service logs in.
 */
class KafkaSaslIT {

    static final Path ROOT = DemoIT.ROOT;
    static final String TARGET = "shop/api";

    @TempDir
    Path dir;

    @Test
    void everyServiceTalksToABrokerThatRequiresSasl() throws Exception {
        var sasl = new LocalKafka.SaslListener(Ports.pickFree("127.0.0.1"), "userscale", "s3cret-" + System.nanoTime());
        var settings = LocalKafka.Settings.defaults(dir.resolve("kafka"), ROOT.resolve("kafka/broker/target/broker"))
                .withPorts(Ports.pickFree("127.0.0.1"), Ports.pickFree("127.0.0.1")).withSaslListener(sasl);
        HttpServer pod = StaticMetrics.serve("userscale_active_users 40\nuserscale_cpu_percent 50\n");
        List<ServiceProcess> services = new ArrayList<>();
        try (LocalKafka kafka = LocalKafka.start(settings)) {
            String saslServers = "127.0.0.1:" + sasl.port();
            // the listener really refuses a client without the credentials
            try (Admin anonymous = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, saslServers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
                assertThatThrownBy(() -> anonymous.describeCluster().nodes().get(5, TimeUnit.SECONDS))
                        .as("a client without SASL settings is not served").isNotNull();
            }

            Map<String, String> environment = Map.of("KAFKA_BOOTSTRAP_SERVERS", saslServers,
                    "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", "PLAIN",
                    "KAFKA_SASL_JAAS_CONFIG", sasl.clientJaasConfig());
            Map<String, String> actuator = new HashMap<>(Map.of("userscale.actuator.backend", "dry-run",
                    "userscale.actuator.group-id", "sasl-it-actuator"));
            Map<String, String> engine = new HashMap<>(Map.of("userscale.engine.policy", "userscale"));
            Map<String, String> ingest = new HashMap<>(Map.of("userscale.ingest.interval", "1s",
                    "userscale.ingest.scrape-timeout", "500ms"));
            ingest.put("userscale.ingest.targets.\"" + TARGET + "\".discovery", "static");
            ingest.put("userscale.ingest.targets.\"" + TARGET + "\".pods",
                    "http://127.0.0.1:" + pod.getAddress().getPort() + "/metrics");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            for (var s : List.of(Map.entry("actuator", actuator), Map.entry("decision-engine", engine),
                    Map.entry("metrics-ingest", ingest))) {
                services.add(ServiceProcess.start(s.getKey(), java,
                        ROOT.resolve(s.getKey() + "/target/quarkus-app/quarkus-run.jar"), Ports.pickFree("127.0.0.1"),
                        0, s.getValue(), environment, dir));
            }
            for (ServiceProcess p : services) {
                p.awaitReady(Duration.ofSeconds(90));
            }

            // read back on the broker's plain listener: 40 users ask for more than one replica
            Set<String> seen = new TreeSet<>();
            ActuationResult result = null;
            var codec = ContractCodec.of(ContractType.ACTUATION_RESULT);
            try (var consumer = new KafkaConsumer<byte[], byte[]>(ClientConfigs.bytesConsumer(kafka.bootstrapServers(),
                    "sasl-it-reader"))) {
                consumer.subscribe(List.of(Topic.METRICS.topicName(), Topic.DECISIONS.topicName(),
                        Topic.COMMANDS.topicName(), Topic.ACTUATIONS.topicName()));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (result == null && System.nanoTime() < deadline) {
                    for (var r : consumer.poll(Duration.ofMillis(500))) {
                        seen.add(r.topic());
                        if (r.topic().equals(Topic.ACTUATIONS.topicName())
                                && codec.decode(r.value()) instanceof Decoded.Valid<ActuationResult> v) {
                            result = v.value();
                        }
                    }
                }
            }
            assertThat(seen).as("topics written through the SASL listener; logs in %s", dir)
                    .containsExactlyInAnyOrder(Topic.METRICS.topicName(), Topic.DECISIONS.topicName(),
                            Topic.COMMANDS.topicName(), Topic.ACTUATIONS.topicName());
            assertThat(result).isNotNull();
            assertThat(result.target().key()).isEqualTo(TARGET);
            assertThat(result.status()).isEqualTo(ActuationResult.Status.DRY_RUN);
        } finally {
            for (int i = services.size() - 1; i >= 0; i--) {
                services.get(i).close();
            }
            pod.stop(0);
        }
    }
}
