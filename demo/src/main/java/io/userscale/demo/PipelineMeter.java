package io.userscale.demo;

import io.userscale.kafka.codec.ContractCodec;
import io.userscale.kafka.codec.Decoded;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.Decision;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetSnapshot;
import io.userscale.kafka.topic.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads {@code userscale.metrics}, {@code userscale.decisions} and {@code userscale.commands} from
 * their ends as they fill, for {@code bench pipeline}: when each snapshot was published (the
 * record's creation time: ingest sends a target's snapshot once its pods are scraped) and when the
 * decision and command made of it were read here, on the same clock.
 */
final class PipelineMeter implements AutoCloseable {

    /** A snapshot as published: its round's start (event time) and when ingest sent it. */
    private record Published(long eventMs, long publishedMs) {
    }

    /** A decision as read: which snapshot it decided, when it was read. */
    private record Decided(String input, int partition, long readMs) {
    }

    /** Running counts, for the progress line. */
    record Counts(long snapshots, long decided, double p99Ms) {
    }

    /**
     * What the run measured.
     *
     * @param snapshotsInWindow  snapshots published between start and end
     * @param decisionLatency    ms from a snapshot's publication to its decision's reading
     * @param commandLatency     ms from a snapshot's publication to its command's reading
     * @param decisions          decisions read of snapshots published in the window
     * @param commands           commands read of those decisions
     * @param rounds             ingest rounds in the window
     * @param overruns           rounds whose last snapshot was sent more than an interval after the round began
     * @param undecided          snapshots never decided
     * @param duplicateDecisions snapshots decided more than once
     * @param takeoverSeconds    after a kill, the longest a partition went without a decision, s
     */
    record Summary(long snapshotsInWindow, Histogram decisionLatency, Histogram commandLatency, long decisions,
                   long commands, int rounds, int overruns, int undecided, int duplicateDecisions,
                   Double takeoverSeconds) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private final ContractCodec<TargetSnapshot> snapshotCodec = ContractCodec.of(ContractType.TARGET_SNAPSHOT);
    private final ContractCodec<Decision> decisionCodec = ContractCodec.of(ContractType.DECISION);
    private final ContractCodec<ScaleCommand> commandCodec = ContractCodec.of(ContractType.SCALE_COMMAND);

    // guarded by this
    private final Map<String, Published> snapshots = new HashMap<>();
    private final List<Decided> decisions = new ArrayList<>();
    private final Map<String, String> inputOfDecision = new HashMap<>();
    private final Map<String, Long> commandRead = new HashMap<>();
    private final Map<String, Integer> timesDecided = new HashMap<>();
    private final Histogram running99 = new Histogram(3_600_000L, 3);
    private long startMs = Long.MIN_VALUE;

    /** Starts reading from the topics' current ends. */
    PipelineMeter(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic topic : List.of(Topic.METRICS, Topic.DECISIONS, Topic.COMMANDS)) {
            consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(15))
                    .forEach(p -> partitions.add(new TopicPartition(topic.topicName(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = Thread.ofPlatform().daemon().name("pipeline-meter").start(this::run);
    }

    private void run() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        read(r, now);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> r, long now) {
        String topic = r.topic();
        if (topic.equals(Topic.METRICS.topicName())) {
            if (snapshotCodec.decode(r.value()) instanceof Decoded.Valid<TargetSnapshot> ok) {
                snapshots.put(r.partition() + "@" + r.offset(), new Published(ok.value().ts().toEpochMilli(),
                        r.timestamp()));
            }
        } else if (topic.equals(Topic.DECISIONS.topicName())) {
            if (decisionCodec.decode(r.value()) instanceof Decoded.Valid<Decision> ok && ok.value().input() != null) {
                Decision d = ok.value();
                String input = d.input().partition() + "@" + d.input().offset();
                decisions.add(new Decided(input, d.input().partition(), now));
                inputOfDecision.put(d.decisionId(), input);
                timesDecided.merge(input, 1, Integer::sum);
                Published p = snapshots.get(input);
                if (p != null && p.publishedMs() >= startMs) {
                    running99.recordValue(Math.max(0, now - p.publishedMs()));
                }
            }
        } else if (commandCodec.decode(r.value()) instanceof Decoded.Valid<ScaleCommand> ok) {
            commandRead.put(ok.value().decisionId(), now);
        }
    }

    /** From now on snapshots count as the measured window's. */
    synchronized void markStart(long ms) {
        startMs = ms;
        running99.reset();
    }

    synchronized Counts counts() {
        long published = snapshots.values().stream().filter(p -> p.publishedMs() >= startMs).count();
        long decided = snapshots.entrySet().stream().filter(e -> e.getValue().publishedMs() >= startMs
                && timesDecided.containsKey(e.getKey())).count();
        return new Counts(published, decided, running99.getTotalCount() == 0 ? Double.NaN
                : running99.getValueAtPercentile(99));
    }

    /** Waits until every snapshot read is decided, or the timeout. */
    void awaitDecided(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (timesDecided.keySet().containsAll(snapshots.keySet())) {
                    return;
                }
            }
            Thread.sleep(500);
        }
    }

    synchronized Summary summary(long start, long end, long intervalMs, Long killedAtMs) {
        Histogram decisionLatency = new Histogram(3_600_000L, 3);
        Histogram commandLatency = new Histogram(3_600_000L, 3);
        for (Decided d : decisions) {
            Published p = snapshots.get(d.input());
            if (p != null && p.publishedMs() >= start && p.publishedMs() <= end) {
                decisionLatency.recordValue(Math.max(0, d.readMs() - p.publishedMs()));
            }
        }
        long[] counted = new long[2];
        for (Decided d : decisions) {
            Published p = snapshots.get(d.input());
            if (p != null && p.publishedMs() >= start && p.publishedMs() <= end) {
                counted[0]++;
            }
        }
        commandRead.forEach((decisionId, readMs) -> {
            String input = inputOfDecision.get(decisionId);
            Published p = input == null ? null : snapshots.get(input);
            if (p != null && p.publishedMs() >= start && p.publishedMs() <= end) {
                commandLatency.recordValue(Math.max(0, readMs - p.publishedMs()));
                counted[1]++;
            }
        });
        long inWindow = snapshots.values().stream().filter(p -> p.publishedMs() >= start && p.publishedMs() <= end)
                .count();
        // a round: the snapshots of one event time; it overran when its last was sent an interval or more late
        TreeMap<Long, Long> roundEnd = new TreeMap<>();
        snapshots.values().stream().filter(p -> p.eventMs() >= start && p.eventMs() <= end)
                .forEach(p -> roundEnd.merge(p.eventMs(), p.publishedMs(), Math::max));
        int overruns = (int) roundEnd.entrySet().stream().filter(e -> e.getValue() - e.getKey() > intervalMs).count();
        int undecided = (int) snapshots.keySet().stream().filter(k -> !timesDecided.containsKey(k)).count();
        int twice = (int) timesDecided.values().stream().filter(n -> n > 1).count();
        Double takeover = null;
        if (killedAtMs != null) {
            // per partition of userscale.metrics, the first decision read after the kill
            Map<Integer, Long> firstAfter = new HashMap<>();
            for (Decided d : decisions) {
                if (d.readMs() >= killedAtMs) {
                    firstAfter.merge(d.partition(), d.readMs(), Math::min);
                }
            }
            takeover = firstAfter.values().stream().mapToLong(t -> t - killedAtMs).max().stream()
                    .mapToObj(ms -> Math.round(ms / 100.0) / 10.0).findFirst().orElse(null);
        }
        return new Summary(inWindow, decisionLatency, commandLatency, counted[0], counted[1],
                roundEnd.size(), overruns, undecided, twice, takeover);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
