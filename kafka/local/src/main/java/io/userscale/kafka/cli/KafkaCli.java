package io.userscale.kafka.cli;

import io.userscale.kafka.contract.ContractRecord;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Examples;
import io.userscale.kafka.local.BrokerRecord;
import io.userscale.kafka.local.LocalKafka;
import io.userscale.kafka.local.LocalKafkaException;
import io.userscale.kafka.local.Ports;
import io.userscale.kafka.serde.ContractSerializer;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code userscale kafka start|stop|status|topics|sample}. */
@Command(name = "userscale kafka", mixinStandardHelpOptions = true, version = "userscale kafka 0.1",
        description = "Run a local Kafka broker (KRaft, 127.0.0.1:9092 by default) and inspect userscale's topics.",
        subcommands = {KafkaCli.Start.class, KafkaCli.Stop.class, KafkaCli.Status.class, KafkaCli.Topics.class,
                KafkaCli.Sample.class},
        usageHelpWidth = 100,
        footer = {"", "Read a topic with Kafka's own console consumer (from the repository root):",
                "  java -cp 'kafka/broker/target/broker/*' \\",
                "    org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server 127.0.0.1:9092 \\",
                "    --topic userscale.decisions --from-beginning --property print.key=true"})
public final class KafkaCli implements Runnable {

    /** Exit status of {@code status} when no broker runs, as {@code systemctl status} does. */
    static final int NOT_RUNNING = 3;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        System.exit(commandLine().execute(args));
    }

    /** The command line, with errors reported as one line naming the problem. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new KafkaCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("userscale kafka: " + (e instanceof LocalKafkaException ? "" : "error: ")
                    + describe(e));
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            String name = e.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^userscale ", "");
            e.getCommandLine().getErr().println("userscale " + name + ": " + e.getMessage() + " (try ./userscale " + name
                    + " --help)");
            return 2;
        });
        return cli;
    }

    /** A message and its causes' messages, one line, for errors a user reads. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options naming the data directory of the local broker. */
    static final class DataDirOption {
        @Option(names = "--data-dir", paramLabel = "DIR",
                defaultValue = "${env:USERSCALE_HOME:-.userscale}/kafka",
                description = "Broker data, configuration and log (default: ${DEFAULT-VALUE}).")
        Path dataDir;
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start a broker in the background, create userscale's topics, and return once it serves.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Mixin
        DataDirOption data;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Listen address (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "9092", description = "Client port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--controller-port", defaultValue = "9093",
                description = "KRaft controller port (default: ${DEFAULT-VALUE}).")
        int controllerPort;

        @Option(names = "--broker-lib", paramLabel = "DIR", defaultValue = "${sys:userscale.broker.lib}",
                description = "Directory of the broker jars (default: ${DEFAULT-VALUE}).")
        Path brokerLib;

        @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for it (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Spec
        CommandLine.Model.CommandSpec spec;

        /** Checks every option before anything starts. */
        void validate() {
            for (var p : List.of(Map.entry("--port", port),
                    Map.entry("--controller-port", controllerPort))) {
                if (p.getValue() < 1 || p.getValue() > 65535) {
                    throw new CommandLine.ParameterException(spec.commandLine(), p.getKey() + " must be 1-65535, got "
                            + p.getValue());
                }
            }
            if (port == controllerPort) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port and --controller-port must differ, "
                        + "both are " + port);
            }
            if (host.isBlank() || !host.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--host must be a host name or address, got '"
                        + host + "'");
            }
            if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be 1-3600 s, got "
                        + timeoutSeconds);
            }
        }

        @Override
        public Integer call() throws Exception {
            validate();
            PrintWriter out = spec.commandLine().getOut();
            var running = LocalKafka.running(data.dataDir);
            if (running.isPresent()) {
                out.printf("Kafka is already running on %s (pid %d, data in %s)%n",
                        running.get().bootstrapServers(), running.get().pid(), data.dataDir.toAbsolutePath());
                return 0;
            }
            var settings = LocalKafka.Settings.defaults(data.dataDir, brokerLib)
                    .withHost(host).withPorts(port, controllerPort)
                    .withStartTimeout(Duration.ofSeconds(timeoutSeconds))
                    .tiedToOwner(false);
            out.printf("Starting Kafka on %s (data in %s) ...%n", settings.bootstrapServers(),
                    data.dataDir.toAbsolutePath());
            out.flush();
            LocalKafka broker = LocalKafka.start(settings);
            out.printf("Kafka is up on %s in %.1f s (pid %d); log: %s%n", broker.bootstrapServers(),
                    broker.startupTime().toMillis() / 1000.0, broker.pid(), broker.logFile());
            out.printf("Topics: %s%n", broker.createdTopics().isEmpty() ? "all present"
                    : "created " + String.join(", ", broker.createdTopics()));
            out.println("Stop it with: ./userscale kafka stop");
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the broker started from the data directory and wait until its ports are free.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.Mixin
        DataDirOption data;

        @Option(names = "--timeout", defaultValue = "30",
                description = "Seconds to wait for a clean shutdown before killing it (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Spec
        CommandLine.Model.CommandSpec spec;

        /** Checks every option before anything is stopped. */
        void validate() {
            if (timeoutSeconds < 0 || timeoutSeconds > 3600) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be 0-3600 s, got "
                        + timeoutSeconds);
            }
        }

        @Override
        public Integer call() throws Exception {
            validate();
            PrintWriter out = spec.commandLine().getOut();
            switch (LocalKafka.stop(data.dataDir, Duration.ofSeconds(timeoutSeconds))) {
                case LocalKafka.StopOutcome.Stopped s -> out.printf("Kafka stopped (pid %d) in %.1f s%s%n", s.pid(),
                        s.took().toMillis() / 1000.0, s.forced() ? ", killed after the timeout" : "");
                case LocalKafka.StopOutcome.NotRunning n -> out.printf("Kafka is not running: %s%n", n.why());
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Say whether the broker runs; exit status 0 if it does, 3 if not.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        DataDirOption data;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var running = LocalKafka.running(data.dataDir);
            if (running.isEmpty()) {
                out.printf("Kafka is not running (data dir %s)%n", data.dataDir.toAbsolutePath());
                return NOT_RUNNING;
            }
            BrokerRecord r = running.get();
            boolean serving = Ports.isListening(r.host(), r.port(), 500);
            out.printf("Kafka is running on %s (pid %d, up %s, %s), data in %s%n", r.bootstrapServers(), r.pid(),
                    Duration.between(r.startedAt(), Instant.now()).truncatedTo(ChronoUnit.SECONDS)
                            .toString().substring(2).toLowerCase(),
                    serving ? "accepting connections" : "NOT accepting connections", data.dataDir.toAbsolutePath());
            return serving ? 0 : 1;
        }
    }

    /** Options locating a broker: explicit bootstrap servers, or the one started from a data directory. */
    static final class BrokerOptions {
        @CommandLine.Mixin
        DataDirOption data;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
                description = "Broker to use (default: the one started from --data-dir, else 127.0.0.1:9092).")
        String bootstrap;

        /** Refuses a {@code --bootstrap} that is not HOST:PORT[,HOST:PORT...] with ports 1-65535. */
        void validate(CommandLine.Model.CommandSpec spec) {
            String problem = bootstrap == null ? null : ClientConfigs.bootstrapProblem(bootstrap);
            if (problem != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--bootstrap: " + problem);
            }
        }

        String bootstrapServers() throws LocalKafkaException {
            String servers = bootstrap != null ? bootstrap
                    : LocalKafka.running(data.dataDir).map(BrokerRecord::bootstrapServers).orElse("127.0.0.1:9092");
            String first = servers.split(",")[0].trim();
            int colon = first.lastIndexOf(':');
            if (colon <= 0) {
                throw new LocalKafkaException("--bootstrap must be HOST:PORT, got: " + servers);
            }
            String host = first.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(first.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new LocalKafkaException("--bootstrap must be HOST:PORT, got: " + servers);
            }
            if (!Ports.isListening(host, port, 1000)) {
                throw new LocalKafkaException("no broker is listening on " + first
                        + "; start one with: ./userscale kafka start");
            }
            return servers;
        }
    }

    @Command(name = "topics", mixinStandardHelpOptions = true,
            description = "List the broker's topics with partitions and retention, and any of userscale's missing.")
    static final class Topics implements Callable<Integer> {
        @CommandLine.Mixin
        BrokerOptions broker;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String servers = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15000))) {
                Set<String> names = admin.listTopics().names().get(15, TimeUnit.SECONDS);
                Map<String, TopicDescription> described = new TreeMap<>(
                        admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS));
                out.printf("%-24s %10s  %s%n", "TOPIC", "PARTITIONS", "USERSCALE");
                described.forEach((name, d) -> out.printf("%-24s %10d  %s%n", name, d.partitions().size(),
                        Topic.byName(name).map(t -> t.recordType().map(ContractType::schemaId)
                                .orElse("dead letters")).orElse("-")));
                int missing = 0;
                for (Topic t : Topic.values()) {
                    if (!names.contains(t.topicName())) {
                        out.printf("%-24s %10s  MISSING (./userscale kafka start creates it)%n", t.topicName(), "-");
                        missing++;
                    }
                }
                return missing == 0 ? 0 : 1;
            }
        }
    }

    @Command(name = "sample", mixinStandardHelpOptions = true,
            description = "Publish one example record of each type (snapshot, decision, command, actuation) "
                    + "to its topic, validated against its schema, keyed userscale/gpu-app.")
    static final class Sample implements Callable<Integer> {
        @CommandLine.Mixin
        BrokerOptions broker;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String servers = broker.bootstrapServers();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            try (var producer = new KafkaProducer<String, ContractRecord>(
                    ClientConfigs.producer(servers, ContractSerializer.class))) {
                for (ContractRecord record : Examples.all(now)) {
                    String topic = Topic.carrying(ContractType.of(record.getClass())).topicName();
                    RecordMetadata meta = producer.send(new ProducerRecord<>(topic, record.key(), record))
                            .get(30, TimeUnit.SECONDS);
                    out.printf("%-22s key=%s partition=%d offset=%d  %s%n", topic, record.key(), meta.partition(),
                            meta.offset(), record.schema());
                }
            }
            return 0;
        }
    }
}
