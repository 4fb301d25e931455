package io.userscale.kafka.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.userscale.kafka.local.LocalKafka;
import io.userscale.kafka.local.Ports;
import io.userscale.kafka.testing.CommandRun;
import io.userscale.kafka.topic.Topic;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code userscale kafka start|status|topics|sample|stop}, run as a user runs them. */
class KafkaCliIT {

    @TempDir
    Path dataDir;

    @AfterEach
    void stopLeftovers() throws Exception {
        LocalKafka.stop(dataDir, Duration.ofSeconds(30));
    }

    @Test
    void startTopicsSampleStopLeaveNoProcessOrPortBehind() throws Exception {
        String lib = brokerLib();
        int port = Ports.pickFree("127.0.0.1");
        int controllerPort = Ports.pickFree("127.0.0.1");

        CommandRun start = run("start", "--data-dir", dataDir.toString(), "--port", Integer.toString(port),
                "--controller-port", Integer.toString(controllerPort), "--broker-lib", lib);
        assertThat(start.exit()).as(start.err()).isZero();
        assertThat(start.out()).contains("Kafka is up on 127.0.0.1:" + port).contains("created userscale.metrics");
        long pid = LocalKafka.running(dataDir).orElseThrow().pid();

        CommandRun again = run("start", "--data-dir", dataDir.toString(), "--broker-lib", lib);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("already running").contains("pid " + pid);

        CommandRun status = run("status", "--data-dir", dataDir.toString());
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("Kafka is running on 127.0.0.1:" + port).contains("accepting connections");

        CommandRun topics = run("topics", "--data-dir", dataDir.toString());
        assertThat(topics.exit()).as(topics.err()).isZero();
        for (Topic t : Topic.values()) {
            assertThat(topics.out()).contains(t.topicName());
        }
        assertThat(topics.out()).doesNotContain("MISSING");

        CommandRun sample = run("sample", "--bootstrap", "127.0.0.1:" + port);
        assertThat(sample.exit()).as(sample.err()).isZero();
        assertThat(sample.out().lines()).hasSize(4).allMatch(l -> l.contains("key=userscale/gpu-app"));

        CommandRun stop = run("stop", "--data-dir", dataDir.toString());
        assertThat(stop.exit()).isZero();
        assertThat(stop.out()).contains("Kafka stopped (pid " + pid + ")");
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(Ports.isFree("127.0.0.1", port)).isTrue();
        assertThat(Ports.isFree("127.0.0.1", controllerPort)).isTrue();

        CommandRun after = run("status", "--data-dir", dataDir.toString());
        assertThat(after.exit()).isEqualTo(KafkaCli.NOT_RUNNING);
        assertThat(run("stop", "--data-dir", dataDir.toString()).out()).contains("not running");
    }

    @Test
    void startOnABusyPortFailsWithAMessageNamingThePort() throws Exception {
        String lib = brokerLib();
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", 0));
            int busy = squatter.getLocalPort();
            CommandRun start = run("start", "--data-dir", dataDir.toString(), "--port", Integer.toString(busy),
                    "--controller-port", Integer.toString(Ports.pickFree("127.0.0.1")), "--broker-lib", lib);
            assertThat(start.exit()).isEqualTo(1);
            assertThat(start.err()).contains("port " + busy + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void topicsWithoutABrokerSaysHowToStartOne() throws Exception {
        int nothing = Ports.pickFree("127.0.0.1");
        CommandRun topics = run("topics", "--bootstrap", "127.0.0.1:" + nothing);
        assertThat(topics.exit()).isEqualTo(1);
        assertThat(topics.err()).contains("no broker is listening on 127.0.0.1:" + nothing)
                .contains("./userscale kafka start");
    }

    @Test
    void unknownSubcommandsAndOptionsAreUsageErrors() {
        CommandRun unknown = run("launch");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err().strip()).as("one line").doesNotContain("\n").startsWith("userscale kafka: Unmatched argument")
                .contains("launch").endsWith("(try ./userscale kafka --help)");
        CommandRun badPort = run("start", "--port", "ninety");
        assertThat(badPort.exit()).isEqualTo(2);
        assertThat(badPort.err()).contains("--port").contains("ninety").contains("(try ./userscale kafka start --help)");
    }

    private static String brokerLib() {
        String dir = System.getProperty("userscale.broker.lib");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
                "skipped: userscale.broker.lib does not name the broker jars' directory (run through Maven)");
        return dir;
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(KafkaCli.commandLine(), args);
    }
}
