package io.userscale.kafka.testing;

import io.userscale.kafka.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The real Kafka broker every integration test of every module shares: one KRaft node (combined
 * broker and controller) in the test JVM, on a random port, started on first use, with the
 * catalog's topics created, and closed when the JVM exits.
 *
 * <p>Use {@link #bootstrapServers()} directly, or from a Quarkus test through a
 * {@code QuarkusTestResourceLifecycleManager} that returns it as {@code kafka.bootstrap.servers}.
 * Tests sharing the broker keep apart by using their own consumer groups and target keys.
 */
public final class TestKafka {

    private static KafkaClusterTestKit cluster;
    private static String bootstrapServers;

    private TestKafka() {
    }

    /** The shared broker's bootstrap servers, starting it on first call. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            start();
        }
        return bootstrapServers;
    }

    /** An admin client of the shared broker; close it after use. */
    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    private static void start() {
        try {
            Path base = Files.createTempDirectory("userscale-test-kafka");
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(base)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            cluster = kit;
            bootstrapServers = kit.bootstrapServers();
            try (Admin admin = admin()) {
                Topics.ensureAll(admin, (short) 1, 30_000);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "test-kafka-stop"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test Kafka broker: " + e.getMessage(), e);
        }
    }

    private static synchronized void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception ignored) {
                // the JVM is exiting
            }
            cluster = null;
        }
    }
}
