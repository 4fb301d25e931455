package io.userscale.demo;

import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.local.LocalKafka;
import io.userscale.kafka.local.Ports;
import io.userscale.kafka.local.ReplicaList;
import io.userscale.kafka.topic.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The whole loop on this machine, as {@code demo} and {@code compare} run it: a Kafka broker (or
 * the one given), the actuator with its local backend running gpu-app replicas on one shared
 * port, the decision-engine with one policy, and metrics-ingest scraping the replicas; and a
 * {@link Watch} on the topics. Closing it — or the JVM's shutting down, as on Ctrl-C — stops the
 * load attached and everything it started, in reverse order.
 */
final class LocalPipeline implements AutoCloseable {

    static final String TARGET = "demo/gpu-app";

    /**
     * How to run it.
     *
     * @param root              the repository root (where the services' jars are)
     * @param runDir            where logs, the broker's data and the replica list go (cleaned first)
     * @param bootstrap         a broker to use instead of starting one, or {@code null}
     * @param port              the serving port (0 or taken: another free one)
     * @param minReplicas       fewest replicas, and those the run starts with
     * @param maxReplicas       most replicas
     * @param intervalS         scrape interval, s
     * @param policy            the engine's policy
     * @param parameters        the policy's parameters beyond the bounds
     * @param replicaProperties system properties of every gpu-app replica
     */
    record Settings(Path root, Path runDir, String bootstrap, int port, int minReplicas, int maxReplicas,
                    int intervalS, String policy, Map<String, String> parameters,
                    Map<String, String> replicaProperties) {
    }

    private final PrintWriter out;
    private final String stoppedMessage;
    private final Thread hook;
    private final List<ServiceProcess> services = new ArrayList<>();
    /** How each service was started, to start it again after a fault. */
    private final Map<String, Launch> launches = new LinkedHashMap<>();
    /** Every process this pipeline started, restarts included, to check that none outlives it. */
    private final List<Long> started = new ArrayList<>();
    private Path logs;
    private Path localDir;
    private int restarts;
    private volatile Thread load;
    private volatile LocalKafka broker;
    private volatile Watch watch;
    private volatile String servers;
    private volatile int servingPort;
    private boolean stopped;

    /**
     * A pipeline not started yet, stopped on close or when the JVM shuts down, whichever comes first.
     *
     * @param stoppedMessage said once everything is stopped, or {@code null}
     */
    LocalPipeline(PrintWriter out, String stoppedMessage) {
        this.out = out;
        this.stoppedMessage = stoppedMessage;
        this.hook = new Thread(this::close, "userscale-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The thread driving the load, interrupted first when the pipeline stops. */
    void attachLoad(Thread load) {
        this.load = load;
    }

    /** Starts everything and waits for the first replica; on failure stops what it started and throws. */
    LocalPipeline start(Settings s) throws Exception {
        try {
            startAll(s);
            return this;
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** A service's command line, kept to start it again. */
    private record Launch(Path jar, String java, Map<String, String> props) {
    }

    private void startAll(Settings s) throws Exception {
        logs = s.runDir().resolve("logs");
        localDir = s.runDir().resolve("local");
        deleteTree(localDir);
        Files.createDirectories(logs);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path root = s.root();
        servingPort = s.port() > 0 && Ports.isFree("127.0.0.1", s.port()) ? s.port() : Ports.pickFree("127.0.0.1");
        servers = startBroker(s);
        Map<String, String> kafka = Map.of("kafka.bootstrap.servers", servers);
        step(out, "starting actuator (local backend: gpu-app replicas on port " + servingPort + ")");
        Map<String, String> actuator = new LinkedHashMap<>(kafka);
        actuator.put("userscale.actuator.backend", "local");
        actuator.put("userscale.actuator.local.target", TARGET);
        actuator.put("userscale.actuator.local.app-jar",
                root.resolve("gpu-app/target/quarkus-app/quarkus-run.jar").toString());
        actuator.put("userscale.actuator.local.jvm-options", root.resolve("gpu-app/jvm.options").toString());
        actuator.put("userscale.actuator.local.java", java);
        actuator.put("userscale.actuator.local.port", Integer.toString(servingPort));
        actuator.put("userscale.actuator.local.dir", localDir.toString());
        actuator.put("userscale.actuator.local.initial-replicas", Integer.toString(s.minReplicas()));
        actuator.put("kafka.group.instance.id", "userscale-actuator-local"); // static membership, as the engine's
        s.replicaProperties().forEach((k, v) ->
                actuator.put("userscale.actuator.local.system-properties.\"" + k + "\"", v));
        actuator.put("userscale.actuator.targets.\"" + TARGET + "\".min-replicas", Integer.toString(s.minReplicas()));
        actuator.put("userscale.actuator.targets.\"" + TARGET + "\".max-replicas", Integer.toString(s.maxReplicas()));
        service("actuator", root.resolve("actuator/target/quarkus-app/quarkus-run.jar"), java, actuator, logs);
        step(out, "starting decision-engine (policy " + s.policy() + ")");
        Map<String, String> engine = new LinkedHashMap<>(kafka);
        engine.put("userscale.engine.policy", s.policy());
        engine.put("userscale.engine.parameters.MIN_REPLICAS", Integer.toString(s.minReplicas()));
        engine.put("userscale.engine.parameters.MAX_REPLICAS", Integer.toString(s.maxReplicas()));
        s.parameters().forEach((k, v) -> engine.put("userscale.engine.parameters." + k, v));
        // static group membership: an engine started again after a crash takes its partitions back at
        // once instead of waiting out the dead member's session
        engine.put("mp.messaging.incoming.metrics-in.group.instance.id", "userscale-engine-local");
        service("decision-engine", root.resolve("decision-engine/target/quarkus-app/quarkus-run.jar"), java, engine,
                logs);
        step(out, "starting metrics-ingest (scraping every " + s.intervalS() + " s)");
        Map<String, String> ingest = new LinkedHashMap<>(kafka);
        ingest.put("userscale.ingest.interval", s.intervalS() + "s");
        ingest.put("userscale.ingest.scrape-timeout", Math.max(500, s.intervalS() * 750) + "ms");
        ingest.put("userscale.ingest.local-dir", localDir.toString());
        ingest.put("userscale.ingest.targets.\"" + TARGET + "\".discovery", "local");
        service("metrics-ingest", root.resolve("metrics-ingest/target/quarkus-app/quarkus-run.jar"), java, ingest,
                logs);
        watch = new Watch(servers, TARGET);
        step(out, "waiting for the first gpu-app replica to be ready");
        waitForReplica(Duration.ofSeconds(60));
    }

    Watch watch() {
        return watch;
    }

    int servingPort() {
        return servingPort;
    }

    boolean allAlive() {
        return services.stream().allMatch(ServiceProcess::isAlive);
    }

    String dead() {
        return services.stream().filter(p -> !p.isAlive()).map(p -> p.name() + " (log " + p.log() + ":\n"
                + p.tail() + ")").toList().toString();
    }

    private String startBroker(Settings s) throws Exception {
        if (s.bootstrap() != null) {
            step(out, "using the broker on " + s.bootstrap());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000))) {
                Topics.ensureAll(admin, (short) 1, 15000);
            } catch (Exception e) {
                Throwable cause = e;
                while (cause.getCause() != null) {
                    cause = cause.getCause();
                }
                throw new IllegalStateException("cannot use the broker on " + s.bootstrap() + ": " + cause.getMessage()
                        + " (start one with ./userscale kafka start)", e);
            }
            return s.bootstrap();
        }
        Path data = s.runDir().resolve("kafka");
        deleteTree(data);
        step(out, "starting Kafka (KRaft, a fresh broker for this run)");
        LocalKafka b = LocalKafka.start(LocalKafka.Settings.defaults(data, s.root().resolve("kafka/broker/target/broker"))
                .withPorts(Ports.pickFree("127.0.0.1"), Ports.pickFree("127.0.0.1")));
        broker = b;
        started.add(b.pid());
        step(out, String.format(Locale.ROOT, "Kafka is up on %s in %.1f s", b.bootstrapServers(),
                b.startupTime().toMillis() / 1000.0));
        return b.bootstrapServers();
    }

    private void service(String name, Path jar, String java, Map<String, String> props, Path logs)
            throws IOException, InterruptedException {
        ServiceProcess p = ServiceProcess.start(name, java, jar, Ports.pickFree("127.0.0.1"), props, logs);
        launches.put(name, new Launch(jar, java, props));
        services.add(p);
        started.add(p.pid());
        p.awaitReady(Duration.ofSeconds(60));
    }

    private ServiceProcess service(String name) {
        return services.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    /** Kills a service with SIGKILL (no shutdown hook runs) and waits until it is gone. */
    synchronized void kill(String name) {
        service(name).kill();
    }

    /**
     * Starts a killed service again as it was first started, its log under {@code logs/restart-N/};
     * with {@code awaitReady} waits until it is ready.
     */
    synchronized ServiceProcess restart(String name, boolean awaitReady) throws IOException, InterruptedException {
        ServiceProcess before = service(name);
        if (before.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        Launch l = launches.get(name);
        ServiceProcess p = ServiceProcess.start(name, l.java(), l.jar(), Ports.pickFree("127.0.0.1"), l.props(),
                logs.resolve("restart-" + (++restarts)));
        services.set(services.indexOf(before), p);
        started.add(p.pid());
        if (awaitReady) {
            p.awaitReady(Duration.ofSeconds(90));
        }
        return p;
    }

    /** Waits until a (restarted) service is ready. */
    void awaitReady(String name, Duration timeout) throws IOException, InterruptedException {
        service(name).awaitReady(timeout);
    }

    /** Kills the broker this pipeline started with SIGKILL and waits until it is gone. */
    synchronized void killBroker() throws InterruptedException {
        LocalKafka b = requireOwnBroker();
        ProcessHandle.of(b.pid()).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
        b.close(); // its process is gone: this only forgets it
    }

    /** Starts the broker again on the same ports and data, as after a crash. */
    synchronized void restartBroker() throws Exception {
        LocalKafka b = LocalKafka.start(requireOwnBroker().settings());
        broker = b;
        started.add(b.pid());
    }

    private LocalKafka requireOwnBroker() {
        if (broker == null) {
            throw new IllegalStateException("the pipeline uses a broker it did not start");
        }
        return broker;
    }

    /** The broker's address. */
    String bootstrap() {
        return servers;
    }

    /** The gpu-app replicas running now, as the actuator's local backend lists them. */
    List<ReplicaList.Replica> replicas() throws IOException {
        return ReplicaList.read(localDir, io.userscale.kafka.contract.TargetRef.parseKey(TARGET))
                .map(ReplicaList::replicas).orElse(List.of());
    }

    /** Every process this pipeline started (services, restarts, brokers), by id. */
    synchronized List<Long> startedProcesses() {
        return List.copyOf(started);
    }

    private void waitForReplica(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            TargetSnapshot s = watch.lastSnapshot();
            if (s != null && s.replicas().ready() >= 1 && Ports.isListening("127.0.0.1", servingPort, 500)) {
                return;
            }
            if (!allAlive()) {
                throw new IllegalStateException("a service stopped: " + dead());
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no gpu-app replica got ready within " + timeout.toSeconds()
                + " s; see the actuator's log and the replica logs in its directory");
    }

    /** Stops everything, the actuator last of the services (it drains and stops the replicas), then the broker. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (load != null) {
            load.interrupt();
        }
        if (watch != null) {
            watch.close();
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        if (broker != null) {
            try {
                broker.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (stoppedMessage != null) {
            step(out, stoppedMessage);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // this is the hook, or the JVM is shutting down anyway
        }
    }

    static void step(PrintWriter out, String text) {
        out.println("▶ " + text);
        out.flush();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
