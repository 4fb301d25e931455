package io.userscale.kafka.local;

import io.userscale.kafka.topic.Topics;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, combined broker and controller, one node) running as a child
 * process of this machine, with its data under a directory of the caller's choosing.
 *
 * <p>{@link #start} checks the ports, formats the storage on first use, launches the broker,
 * waits until it answers a client, and creates the catalog's topics. A broker started
 * {@linkplain Settings#tiedToOwner() tied to its owner} stops by itself when the owning JVM dies,
 * however it dies; an untied one (for {@code userscale kafka start}) runs until
 * {@link #stop(Path, Duration)}.
 */
public final class LocalKafka implements AutoCloseable {

    /** The broker's entry point, in the kafka/broker module. */
    static final String BROKER_MAIN = "io.userscale.kafka.broker.BrokerMain";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final String LAYOUT_FILE = "userscale-layout.properties";
    private static final int LOG_TAIL_LINES = 25;

    /**
     * How to run the broker.
     *
     * @param dataDir          where its configuration, logs and data live
     * @param host             the address to listen on
     * @param port             the client (PLAINTEXT) port
     * @param controllerPort   the KRaft controller port
     * @param brokerClasspath  the directory holding the broker jars
     * @param maxHeap          the broker JVM's -Xmx, e.g. {@code 512m}
     * @param startTimeout     how long to wait for it to answer
     * @param tiedToOwner      stop the broker when this JVM exits
     * @param sasl             a second client listener that requires SASL/PLAIN, or {@code null}
     */
    public record Settings(Path dataDir, String host, int port, int controllerPort, Path brokerClasspath,
                           String maxHeap, Duration startTimeout, boolean tiedToOwner, SaslListener sasl) {

        public Settings(Path dataDir, String host, int port, int controllerPort, Path brokerClasspath,
                        String maxHeap, Duration startTimeout, boolean tiedToOwner) {
            this(dataDir, host, port, controllerPort, brokerClasspath, maxHeap, startTimeout, tiedToOwner, null);
        }

        public static final int DEFAULT_PORT = 9092;
        public static final int DEFAULT_CONTROLLER_PORT = 9093;

        /** The user's broker: 127.0.0.1:9092, controller on 9093, 512 MB heap, 60 s to start. */
        public static Settings defaults(Path dataDir, Path brokerClasspath) {
            return new Settings(dataDir, "127.0.0.1", DEFAULT_PORT, DEFAULT_CONTROLLER_PORT, brokerClasspath,
                    "512m", Duration.ofSeconds(60), true);
        }

        public Settings withPorts(int port, int controllerPort) {
            return new Settings(dataDir, host, port, controllerPort, brokerClasspath, maxHeap, startTimeout,
                    tiedToOwner, sasl);
        }

        public Settings withHost(String host) {
            return new Settings(dataDir, host, port, controllerPort, brokerClasspath, maxHeap, startTimeout,
                    tiedToOwner, sasl);
        }

        public Settings tiedToOwner(boolean tied) {
            return new Settings(dataDir, host, port, controllerPort, brokerClasspath, maxHeap, startTimeout, tied,
                    sasl);
        }

        public Settings withStartTimeout(Duration timeout) {
            return new Settings(dataDir, host, port, controllerPort, brokerClasspath, maxHeap, timeout, tiedToOwner,
                    sasl);
        }

        /** Adds a client listener on {@code listener.port()} that admits only its SASL/PLAIN user. */
        public Settings withSaslListener(SaslListener listener) {
            return new Settings(dataDir, host, port, controllerPort, brokerClasspath, maxHeap, startTimeout,
                    tiedToOwner, listener);
        }

        public String bootstrapServers() {
            return host + ":" + port;
        }
    }

    /**
     * A client listener that requires SASL/PLAIN (without TLS) and knows one user, for checking that
     * clients carry their security settings.
     */
    public record SaslListener(int port, String user, String password) {

        /** The JAAS line a client logs in with. */
        public String clientJaasConfig() {
            return loginModule() + ";";
        }

        /** The broker's JAAS line: its own login and the one user it admits. */
        String brokerJaasConfig() {
            return loginModule() + " user_" + user + "=\"" + password + "\";";
        }

        private String loginModule() {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\"";
        }
    }

    /** How a stop ended. */
    public sealed interface StopOutcome {
        /** The broker process {@code pid} is gone and its ports are free. */
        record Stopped(long pid, Duration took, boolean forced) implements StopOutcome {
        }

        /** There was nothing to stop. */
        record NotRunning(String why) implements StopOutcome {
        }
    }

    private final Settings settings;
    private final Process process;
    private final Duration startupTime;
    private final List<String> createdTopics;
    private Thread stopHook;

    private LocalKafka(Settings settings, Process process, Duration startupTime, List<String> createdTopics) {
        this.settings = settings;
        this.process = process;
        this.startupTime = startupTime;
        this.createdTopics = createdTopics;
    }

    /**
     * Starts a broker and waits until it serves clients and has the catalog's topics.
     *
     * @throws LocalKafkaException naming the problem: a busy port, a broker already running from
     *                             this directory, missing broker jars, a broker that died or did
     *                             not answer in time (with the tail of its log)
     */
    public static LocalKafka start(Settings s) throws LocalKafkaException, InterruptedException {
        Path dataDir = s.dataDir().toAbsolutePath();
        Optional<BrokerRecord> existing = BrokerRecord.read(dataDir).filter(r -> r.liveProcess().isPresent());
        if (existing.isPresent()) {
            throw new LocalKafkaException("a broker from " + dataDir + " is already running (pid "
                    + existing.get().pid() + ") on " + existing.get().bootstrapServers()
                    + "; stop it first with: userscale kafka stop");
        }
        requireFree(s.host(), s.port(), "client port; choose another with --port");
        requireFree(s.host(), s.controllerPort(), "controller port; choose another with --controller-port");
        Path classpath = requireBrokerJars(s.brokerClasspath());

        Path config;
        try {
            Files.createDirectories(dataDir);
            checkLayout(dataDir, s);
            config = writeServerProperties(dataDir, s);
        } catch (IOException e) {
            throw new LocalKafkaException("cannot prepare data directory " + dataDir + ": " + e.getMessage(), e);
        }
        formatIfNeeded(dataDir, classpath, config, s);

        long began = System.nanoTime();
        Process process = launch(dataDir, classpath, config, s);
        try {
            List<String> created = awaitReady(process, dataDir, s, began);
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            new BrokerRecord(process.pid(), s.host(), s.port(), s.controllerPort(), Instant.now()).write(dataDir);
            LocalKafka broker = new LocalKafka(s, process, took, created);
            if (s.tiedToOwner()) {
                broker.stopHook = new Thread(broker::closeQuietly, "local-kafka-stop");
                Runtime.getRuntime().addShutdownHook(broker.stopHook);
            }
            return broker;
        } catch (LocalKafkaException | InterruptedException | RuntimeException | IOException e) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            if (e instanceof LocalKafkaException lke) {
                throw lke;
            }
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new LocalKafkaException("broker start-up failed: " + e.getMessage(), e);
        }
    }

    /** The running broker recorded in a data directory, if its process is alive. */
    public static Optional<BrokerRecord> running(Path dataDir) {
        return BrokerRecord.read(dataDir.toAbsolutePath()).filter(r -> r.liveProcess().isPresent());
    }

    /**
     * Stops the broker recorded in a data directory: SIGTERM, a wait for Kafka's clean shutdown,
     * SIGKILL if it overruns, then a wait until its ports are free.
     */
    public static StopOutcome stop(Path dataDir, Duration timeout) throws InterruptedException {
        Path dir = dataDir.toAbsolutePath();
        Optional<BrokerRecord> record = BrokerRecord.read(dir);
        if (record.isEmpty()) {
            return new StopOutcome.NotRunning("no broker was started from " + dir);
        }
        Optional<ProcessHandle> live = record.get().liveProcess();
        if (live.isEmpty()) {
            deleteRecord(dir);
            return new StopOutcome.NotRunning("the broker recorded in " + dir + " (pid " + record.get().pid()
                    + ") is no longer running");
        }
        StopOutcome outcome = terminate(live.get(), record.get().host(),
                List.of(record.get().port(), record.get().controllerPort()), timeout);
        deleteRecord(dir);
        return outcome;
    }

    private static StopOutcome terminate(ProcessHandle handle, String host, List<Integer> ports, Duration timeout)
            throws InterruptedException {
        long began = System.nanoTime();
        handle.destroy();
        boolean forced = false;
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            forced = true;
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException ignored) {
                // reported below through the port check and the outcome
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ports.stream().anyMatch(p -> !Ports.isFree(host, p)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return new StopOutcome.Stopped(handle.pid(), Duration.ofNanos(System.nanoTime() - began), forced);
    }

    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    public long pid() {
        return process.pid();
    }

    public Settings settings() {
        return settings;
    }

    /** From launch to ready (answering clients, topics created). */
    public Duration startupTime() {
        return startupTime;
    }

    /** Catalog topics this start created (empty when the data directory already had them). */
    public List<String> createdTopics() {
        return createdTopics;
    }

    public Path logFile() {
        return settings.dataDir().toAbsolutePath().resolve("broker.log");
    }

    /** Stops this broker and waits until its ports are free. */
    @Override
    public void close() throws InterruptedException {
        if (stopHook != null && Thread.currentThread() != stopHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it does the same as this
            }
        }
        if (process.isAlive()) {
            terminate(process.toHandle(), settings.host(), List.of(settings.port(), settings.controllerPort()),
                    Duration.ofSeconds(30));
        }
        deleteRecord(settings.dataDir().toAbsolutePath());
    }

    private void closeQuietly() {
        try {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- start-up steps -------------------------------------------------------------------

    private static void requireFree(String host, int port, String what) throws LocalKafkaException {
        if (!Ports.isFree(host, port)) {
            throw new LocalKafkaException("port " + port + " on " + host + " is already in use (" + what + ")");
        }
    }

    private static Path requireBrokerJars(Path dir) throws LocalKafkaException {
        if (dir == null) {
            throw new LocalKafkaException("the broker jars' directory is not set "
                    + "(system property userscale.broker.lib or --broker-lib)");
        }
        Path abs = dir.toAbsolutePath();
        boolean hasKafka = false;
        try (var files = Files.list(abs)) {
            hasKafka = files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (IOException e) {
            // reported below
        }
        if (!hasKafka) {
            throw new LocalKafkaException("no Kafka broker jars in " + abs
                    + "; build them with: ./mvnw -pl kafka/broker package");
        }
        return abs;
    }

    /** A data directory formatted for one controller port cannot be reused with another. */
    private static void checkLayout(Path dataDir, Settings s) throws IOException, LocalKafkaException {
        Path layout = dataDir.resolve(LAYOUT_FILE);
        Properties p = new Properties();
        if (Files.isRegularFile(layout)) {
            try (Reader r = Files.newBufferedReader(layout)) {
                p.load(r);
            }
            String formatted = p.getProperty("controller");
            String wanted = s.host() + ":" + s.controllerPort();
            if (formatted != null && !formatted.equals(wanted)
                    && Files.exists(dataDir.resolve("kraft/meta.properties"))) {
                throw new LocalKafkaException("data directory " + dataDir + " was formatted for controller "
                        + formatted + ", not " + wanted + "; use --controller-port "
                        + formatted.substring(formatted.lastIndexOf(':') + 1) + " or another --data-dir");
            }
        }
    }

    private static Path writeServerProperties(Path dataDir, Settings s) throws IOException {
        Path configDir = Files.createDirectories(dataDir.resolve("config"));
        String controller = s.host() + ":" + s.controllerPort();
        Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.bootstrap.servers", controller);
        String sasl = s.sasl() == null ? "" : ",SASL_PLAINTEXT://" + s.host() + ":" + s.sasl().port();
        props.put("listeners", "PLAINTEXT://" + s.host() + ":" + s.port() + sasl + ",CONTROLLER://" + controller);
        props.put("advertised.listeners", "PLAINTEXT://" + s.host() + ":" + s.port() + sasl + ",CONTROLLER://"
                + controller);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
                + (s.sasl() == null ? "" : ",SASL_PLAINTEXT:SASL_PLAINTEXT"));
        if (s.sasl() != null) {
            props.put("sasl.enabled.mechanisms", "PLAIN");
            props.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", s.sasl().brokerJaasConfig());
        }
        props.put("log.dirs", dataDir.resolve("kraft").toString());
        props.put("num.partitions", "6");
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        Path file = configDir.resolve("server.properties");
        StringBuilder text = new StringBuilder("# written by userscale LocalKafka; rewritten at every start\n");
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);

        Properties layout = new Properties();
        layout.setProperty("controller", controller);
        try (Writer w = Files.newBufferedWriter(dataDir.resolve(LAYOUT_FILE))) {
            layout.store(w, "userscale LocalKafka layout");
        }
        return file;
    }

    private static void formatIfNeeded(Path dataDir, Path classpath, Path config, Settings s)
            throws LocalKafkaException, InterruptedException {
        if (Files.exists(dataDir.resolve("kraft/meta.properties"))) {
            return;
        }
        Path out = dataDir.resolve("format.log");
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m", "-cp", classpath + File.separator + "*",
                STORAGE_TOOL, "format", "--standalone", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(s.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new LocalKafkaException("formatting the broker storage in " + dataDir + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new LocalKafkaException("formatting the broker storage in " + dataDir + " failed (exit "
                        + p.exitValue() + "):\n" + tail(out));
            }
        } catch (IOException e) {
            throw new LocalKafkaException("cannot run Kafka's StorageTool: " + e.getMessage(), e);
        }
    }

    private static Process launch(Path dataDir, Path classpath, Path config, Settings s) throws LocalKafkaException {
        List<String> cmd = new ArrayList<>();
        if (!s.tiedToOwner() && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid"); // its own session: a Ctrl-C in the caller's terminal does not reach it
        }
        cmd.addAll(List.of(java(), "-Xms64m", "-Xmx" + s.maxHeap(), "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-Djava.awt.headless=true", "-Duserscale.log.level=INFO", "-Dkafka.logs.dir=" + dataDir));
        if (s.tiedToOwner()) {
            cmd.add("-Duserscale.broker.parentPid=" + ProcessHandle.current().pid());
        }
        cmd.addAll(List.of("-cp", classpath + File.separator + "*", BROKER_MAIN, config.toString()));
        File log = dataDir.resolve("broker.log").toFile();
        try {
            return new ProcessBuilder(cmd)
                    .directory(dataDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .start();
        } catch (IOException e) {
            throw new LocalKafkaException("cannot launch the broker: " + e.getMessage(), e);
        }
    }

    private static List<String> awaitReady(Process process, Path dataDir, Settings s, long began)
            throws LocalKafkaException, InterruptedException, IOException {
        long deadline = began + s.startTimeout().toNanos();
        while (!Ports.isListening(s.host(), s.port(), 200)) {
            if (!process.isAlive()) {
                throw new LocalKafkaException("the broker exited (code " + process.exitValue()
                        + ") during start-up; the end of " + dataDir.resolve("broker.log") + ":\n"
                        + tail(dataDir.resolve("broker.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new LocalKafkaException("the broker did not open " + s.bootstrapServers() + " within "
                        + s.startTimeout().toSeconds() + " s; the end of its log:\n" + tail(dataDir.resolve("broker.log")));
            }
            Thread.sleep(50);
        }
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = Admin.create(adminConfig)) {
            long remainingMs = Math.max(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            admin.describeCluster().nodes().get(remainingMs, TimeUnit.MILLISECONDS);
            return Topics.ensureAll(admin, (short) 1, Math.max(5000, remainingMs));
        } catch (ExecutionException | TimeoutException e) {
            throw new LocalKafkaException("the broker on " + s.bootstrapServers() + " did not answer: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage() + "; the end of its log:\n"
                    + tail(dataDir.resolve("broker.log")), e);
        }
    }

    private static void deleteRecord(Path dataDir) {
        try {
            BrokerRecord.delete(dataDir);
        } catch (IOException ignored) {
            // a stale record is harmless: its process is checked before use
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The last lines of a log file, for error messages. */
    static String tail(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - 8192);
            byte[] buf = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(buf);
            List<String> lines = List.of(new String(buf, StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
