package io.userscale.engine.tools;

import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.ContractJson;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code userscale record}: copies {@code userscale.metrics} (a time range, or everything) to a
 * JSON Lines file, with the policy the live engine applied to each target, read from its latest
 * decision in the range. Reads a snapshot of the topics (up to their end at the start) and stops.
 */
@Command(name = "record", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "Copy userscale.metrics to a JSON Lines file, with the policy the live engine applied to each "
                + "target, for replay.")
public final class RecordCommand implements Callable<Integer> {

    /** An ISO-8601 instant, refused with an example of one rather than the parser's exception. */
    static final class IsoTime implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not an ISO-8601 time in UTC, such as 2026-12-04T08:00:00Z");
            }
        }
    }

    @Option(names = "--output", required = true, paramLabel = "FILE.jsonl", description = "Where to write the recording.")
    Path output;

    @Option(names = "--from", paramLabel = "TIME", converter = IsoTime.class, description = "First event time to copy, ISO-8601 (default: the start).")
    Instant from;

    @Option(names = "--to", paramLabel = "TIME", converter = IsoTime.class, description = "Last event time to copy, ISO-8601 (default: the end).")
    Instant to;

    @Option(names = "--target", paramLabel = "NS/NAME", description = "Only this target (default: all).")
    String target;

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to read for at most (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        var snapshots = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
        var decisions = ContractCodec.of(ContractType.DECISION);
        List<Recording> lines = new ArrayList<>();
        int[] skipped = {0};
        readAll(Topic.METRICS, (record, value) -> {
            if (!(snapshots.decode(value) instanceof Decoded.Valid<TargetSnapshot> v)) {
                skipped[0]++;
            } else if (wanted(v.value().key(), v.value().ts())) {
                lines.add(Recording.snapshot(record.topic(), record.partition(), record.offset(), v.value()));
            }
        });
        Map<String, Decision> latest = new TreeMap<>();
        readAll(Topic.DECISIONS, (record, value) -> {
            if (decisions.decode(value) instanceof Decoded.Valid<Decision> v && wanted(v.value().key(), v.value().ts())) {
                latest.merge(v.value().key(), v.value(), (a, b) -> b.ts().isAfter(a.ts()) ? b : a);
            }
        });
        lines.sort(Comparator.comparing((Recording r) -> r.snapshot().ts()).thenComparing(Recording::partition)
                .thenComparing(Recording::offset));
        try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            for (var e : latest.entrySet()) {
                w.write(ContractJson.mapper().writeValueAsString(Recording.policy(e.getKey(), e.getValue().policy())));
                w.newLine();
            }
            for (Recording r : lines) {
                w.write(ContractJson.mapper().writeValueAsString(r));
                w.newLine();
            }
        }
        out.printf("recorded %d snapshots of %d targets (%d with the live policy) to %s%s%n", lines.size(),
                lines.stream().map(r -> r.snapshot().key()).distinct().count(), latest.size(), output,
                skipped[0] > 0 ? "; skipped " + skipped[0] + " unreadable records" : "");
        return 0;
    }

    /** Checks every option before the broker is asked for anything. */
    void validate() {
        if (timeoutSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 1 s, got "
                    + timeoutSeconds);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to " + to + " is before --from " + from);
        }
        if (Files.isDirectory(output)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output: " + output + " is a folder");
        }
        Choices.bootstrap("--bootstrap", bootstrap, spec);
    }

    private boolean wanted(String key, Instant ts) {
        return (target == null || target.equals(key)) && (from == null || !ts.isBefore(from))
                && (to == null || !ts.isAfter(to));
    }

    /** Every record of a topic up to its end as of now. */
    private void readAll(Topic topic, BiConsumer<ConsumerRecord<byte[], byte[]>, byte[]> each) {
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        try (var consumer = new KafkaConsumer<byte[], byte[]>(
                ClientConfigs.bytesConsumer(bootstrap, "userscale-record-" + UUID.randomUUID()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic.topicName() + " took longer than " + timeoutSeconds
                            + " s; try --timeout");
                }
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    each.accept(r, r.value());
                }
            }
        }
    }
}
