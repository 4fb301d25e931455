package io.userscale.actuator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.userscale.actuator.core.Bounds;
import io.userscale.actuator.core.BoundsTable;
import io.userscale.actuator.core.CommandGate;
import io.userscale.actuator.core.CommandHandler;
import io.userscale.actuator.core.Commands;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.local.Ports;
import io.userscale.kafka.local.ReplicaList;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local backend launching real processes: a small Java program ({@link FakeReplica}) stands in
 * for the workload, so the test needs nothing else built.
 */
class LocalBackendIT {

    static final TargetRef TARGET = TargetRef.deployment("demo", "fake-app");
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    LocalBackend backend;
    int port;

    @AfterEach
    void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void scalesUpToReadyReplicasDownByStoppingTheNewestAndLeavesNothingBehind() throws Exception {
        backend = LocalBackend.start(settings(1, Map.of("fake.ready-after-ms", "300"), Duration.ofSeconds(10)),
                Clock.systemUTC());
        ReplicaList first = list();
        assertThat(first.target()).isEqualTo(TARGET);
        assertThat(first.servingPort()).isEqualTo(port);
        assertThat(first.replicas()).extracting(ReplicaList.Replica::name).containsExactly("fake-app-1");
        assertThat(first.replicas().get(0).ready()).as("listed at start, before it is ready").isFalse();

        var handler = new CommandHandler(new CommandGate(new BoundsTable(new Bounds(1, 10), Map.of())), backend,
                Clock.systemUTC());
        ActuationResult up = handler.handle(command("up", 0, 1, 3)).orElseThrow();
        assertThat(up.status()).isEqualTo(ActuationResult.Status.APPLIED);
        assertThat(up.from()).isEqualTo(1);
        assertThat(up.to()).isEqualTo(3);
        assertThat(list().replicas()).extracting(ReplicaList.Replica::name)
                .containsExactly("fake-app-1", "fake-app-2", "fake-app-3");

        ReplicaList three = await("three ready replicas", l -> l.replicas().size() == 3
                && l.replicas().stream().allMatch(ReplicaList.Replica::ready));
        assertThat(three.replicas()).extracting(ReplicaList.Replica::name)
                .containsExactly("fake-app-1", "fake-app-2", "fake-app-3");
        assertThat(three.replicas().get(0).pid()).isEqualTo(first.replicas().get(0).pid());
        Set<String> metricsUrls = three.replicas().stream().map(ReplicaList.Replica::metricsUrl).collect(Collectors.toSet());
        assertThat(metricsUrls).as("a management port each").hasSize(3);
        for (ReplicaList.Replica r : three.replicas()) {
            assertThat(alive(r.pid())).isTrue();
            assertThat(get(r.metricsUrl())).isEqualTo(200);
            assertThat(ProcessHandle.of(r.pid()).orElseThrow().info().arguments().map(List::of).orElse(List.of()))
                    .contains("-Duserscale.parent-pid=" + ProcessHandle.current().pid(), "-Dquarkus.http.port=" + port);
        }
        assertThat(dir.resolve("demo/fake-app-2.log")).content().contains("fake replica on management port");

        ActuationResult down = handler.handle(command("down", 10, 3, 1)).orElseThrow();
        assertThat(down.status()).isEqualTo(ActuationResult.Status.APPLIED);
        assertThat(list().replicas()).as("the newest leave the list at once").extracting(ReplicaList.Replica::pid)
                .containsExactly(three.replicas().get(0).pid());
        awaitDead(three.replicas().get(1).pid());
        awaitDead(three.replicas().get(2).pid());
        assertThat(alive(three.replicas().get(0).pid())).isTrue();
        assertThat(backend.replicas(TARGET)).isEqualTo(1);
        assertThat(handler.handle(command("same", 20, 1, 1)).orElseThrow().status())
                .isEqualTo(ActuationResult.Status.ALREADY_AT_TARGET);

        backend.close();
        awaitDead(three.replicas().get(0).pid());
        assertThat(backend.livePids()).isEmpty();
        assertThat(list().replicas()).isEmpty();
        assertThatThrownBy(() -> backend.scale(command("late", 30, 1, 2), 1)).hasMessageContaining("stopped");
    }

    @Test
    void aReplicaThatExitsIsReplacedUnderANewName() throws Exception {
        backend = LocalBackend.start(settings(2, Map.of(), Duration.ofSeconds(10)), Clock.systemUTC());
        ReplicaList two = await("two ready replicas", l -> l.replicas().size() == 2
                && l.replicas().stream().allMatch(ReplicaList.Replica::ready));
        long killed = two.replicas().get(1).pid();
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();
        ReplicaList replaced = await("a replacement", l -> l.replicas().size() == 2
                && l.replicas().stream().noneMatch(r -> r.pid() == killed)
                && l.replicas().stream().allMatch(ReplicaList.Replica::ready));
        assertThat(replaced.replicas()).extracting(ReplicaList.Replica::name).containsExactly("fake-app-1", "fake-app-3");
        List<Long> pids = replaced.replicas().stream().map(ReplicaList.Replica::pid).toList();
        backend.close();
        pids.forEach(LocalBackendIT::awaitDead);
    }

    @Test
    void aReplicaThatIgnoresSigtermIsKilledAfterTheDrainTimeout() throws Exception {
        backend = LocalBackend.start(settings(2, Map.of("fake.ignore-term", "true"), Duration.ofMillis(500)),
                Clock.systemUTC());
        ReplicaList two = await("two ready replicas", l -> l.replicas().size() == 2
                && l.replicas().stream().allMatch(ReplicaList.Replica::ready));
        backend.scale(command("down", 0, 2, 1), 2);
        awaitDead(two.replicas().get(1).pid());
        backend.close();
        assertThat(alive(two.replicas().get(0).pid())).as("close() waits for the kill").isFalse();
    }

    @Test
    void refusesOtherTargetsAndAMissingAppJar() throws Exception {
        var missing = new LocalSettings(TARGET, 1, 8080, dir, LocalSettings.currentJava(), dir.resolve("nope.jar"), null,
                List.of(), List.of(), Map.of(), Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThatThrownBy(() -> LocalBackend.start(missing, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("nope.jar").toString())
                .hasMessageContaining("userscale.actuator.local.app-jar");
        var noOptions = new LocalSettings(TARGET, 1, 8080, dir, LocalSettings.currentJava(), dir.resolve("unused.jar"),
                dir.resolve("nope.options"), List.of("-cp", "x", "Main"), List.of(), Map.of(), Duration.ofMillis(100),
                Duration.ofSeconds(1));
        assertThatThrownBy(() -> LocalBackend.start(noOptions, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("nope.options").toString())
                .hasMessageContaining("userscale.actuator.local.jvm-options");

        backend = LocalBackend.start(settings(0, Map.of(), Duration.ofSeconds(1)), Clock.systemUTC());
        assertThatThrownBy(() -> backend.replicas(TargetRef.deployment("prod", "web")))
                .hasMessage("the local backend runs demo/fake-app only, not prod/web");
        assertThat(list().replicas()).isEmpty();
    }

    private LocalSettings settings(int initial, Map<String, String> properties, Duration drain) throws Exception {
        port = Ports.pickFree("127.0.0.1");
        Path classes = Path.of(FakeReplica.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new LocalSettings(TARGET, initial, port, dir, LocalSettings.currentJava(), dir.resolve("unused.jar"), null,
                List.of("-cp", classes.toString(), FakeReplica.class.getName()),
                List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), properties,
                Duration.ofMillis(100), drain);
    }

    private static ScaleCommand command(String id, long seconds, int from, int to) {
        ScaleCommand c = Commands.command(TARGET, id, seconds, from, to);
        Instant now = Instant.now();
        return new ScaleCommand(c.commandId(), c.decisionId(), TARGET, to, from, now.plusSeconds(seconds),
                now.plusSeconds(seconds + 60), false);
    }

    private ReplicaList list() throws IOException {
        return ReplicaList.read(dir, TARGET).orElseThrow(() -> new AssertionError("no replica list under " + dir));
    }

    private ReplicaList await(String what, Predicate<ReplicaList> done) throws Exception {
        return Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(ReplicaList.file(dir, TARGET)) ? list() : null,
                        list -> list != null && done.test(list));
    }

    private static void awaitDead(long pid) {
        Awaitility.await("pid " + pid + " gone").atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> !alive(pid));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static int get(String url) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }
}
