package io.userscale.kafka.cli;

import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.topic.Topic;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code userscale decisions}: every decision on {@code userscale.decisions} as the one-line
 * summary the engine logged, oldest first; with {@code --follow}, new ones as they come.
 */
@Command(name = "userscale decisions", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "Print the decisions on userscale.decisions as their one-line summaries (time, target, "
                + "summary), oldest first, then stop; --follow keeps printing new ones until Ctrl-C.",
        footer = {"", "The same records with Kafka's own console consumer (from the repository root):",
                "  java -cp 'kafka/broker/target/broker/*' \\",
                "    org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server 127.0.0.1:9092 \\",
                "    --topic userscale.decisions --from-beginning --property print.key=true"})
public final class DecisionsCli implements Callable<Integer> {

    @CommandLine.Mixin
    KafkaCli.BrokerOptions broker;

    @Option(names = {"-f", "--follow"}, description = "Keep printing decisions as they arrive.")
    boolean follow;

    @Option(names = "--target", paramLabel = "NAMESPACE/NAME", description = "Only this target's decisions.")
    String target;

    @Option(names = "--json", description = "Print each decision as its JSON record instead of its summary.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final AtomicBoolean stop = new AtomicBoolean();

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DecisionsCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("userscale decisions: " + e.getMessage());
            return 1;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("userscale decisions: " + e.getMessage() + " (try ./userscale decisions --help)");
            return 2;
        });
        return cli;
    }

    /** Ends a {@code --follow} (from another thread). */
    public void stop() {
        stop.set(true);
    }

    /** Checks every option before the broker is asked for anything. */
    void validate() {
        if (target != null && !target.matches("[^/\\s]+/[^/\\s]+")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--target must be NAMESPACE/NAME, got '" + target + "'");
        }
        broker.validate(spec);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        String servers = broker.bootstrapServers();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ContractCodec<Decision> codec = ContractCodec.of(ContractType.DECISION);
        String topic = Topic.DECISIONS.topicName();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("the broker at " + servers + " has no topic " + topic);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Thread main = Thread.currentThread();
            if (follow) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stop.set(true);
                    consumer.wakeup();
                    try {
                        main.join(3000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            long printed = 0;
            try {
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        switch (codec.decode(r.value())) {
                            case Decoded.Valid<Decision> ok -> {
                                Decision d = ok.value();
                                if (target != null && !d.target().key().equals(target)) {
                                    continue;
                                }
                                out.println(json ? new String(r.value(), StandardCharsets.UTF_8)
                                        : d.ts() + "  " + d.target().key() + "  " + d.summary());
                                printed++;
                            }
                            case Decoded.Invalid<Decision> bad -> err.printf("skipping %s-%d@%d: %s%n", r.topic(),
                                    r.partition(), r.offset(), bad.error());
                        }
                    }
                    out.flush();
                    if (!follow && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                        break;
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                // Ctrl-C during --follow
            }
            if (!follow && printed == 0 && !json) {
                err.println("no decisions yet" + (target != null ? " for " + target : "") + " on " + topic);
            }
        }
        return 0;
    }
}
