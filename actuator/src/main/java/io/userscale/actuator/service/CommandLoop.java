package io.userscale.actuator.service;

import io.userscale.actuator.core.CommandHandler;
import io.userscale.actuator.core.ResultLine;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ContractType;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.dlq.ContractConsumer;
import io.userscale.kafka.topic.ClientConfigs;
import io.userscale.kafka.topic.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The actuator's stream, on a thread of its own: first it reads back the results published over
 * the look-back (so a restart never applies a command twice), then it consumes
 * {@code userscale.commands} through a {@link ContractConsumer} (invalid records go to
 * {@code userscale.dlq}). For each command it publishes exactly one result, waits for the broker's
 * acknowledgement, and only after the whole batch commits the offsets. When anything of that
 * fails, the consumer is replaced (the batch is read again from the last commit) after a pause
 * that grows with each failure in a row; handled commands are recognised as such.
 */
public final class CommandLoop {

    /** Where the loop is. */
    public enum Phase { STARTING, RESTORING, CONSUMING, RECOVERING, STOPPED }

    /**
     * The loop's Kafka settings.
     *
     * @param bootstrapServers the brokers
     * @param groupId          the consumer group of {@code userscale.commands}
     * @param pollTimeout      how long one poll waits
     * @param publishTimeout   how long publishing one result may take
     * @param restoreLookback  how far back results are read at start
     * @param restoreTimeout   how long one attempt at reading them may take
     * @param clientSettings   the deployment's Kafka client settings (security, SASL, TLS), for every client
     */
    public record Settings(String bootstrapServers, String groupId, Duration pollTimeout, Duration publishTimeout,
                           Duration restoreLookback, Duration restoreTimeout, Map<String, Object> clientSettings) {

        public Settings {
            clientSettings = Map.copyOf(clientSettings);
        }
    }

    /** Told of every result once it is published. */
    @FunctionalInterface
    public interface Listener {
        void published(ScaleCommand command, ActuationResult result);
    }

    private static final Logger LOG = Logger.getLogger(CommandLoop.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    private static final int MAX_POLL_RECORDS = 50;

    private final Settings settings;
    private final CommandHandler handler;
    private final Listener listener;
    private final Clock clock;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicLong results = new AtomicLong();
    private volatile Phase phase = Phase.STARTING;
    private volatile String lastError;
    private final ActuationHistory history;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    public CommandLoop(Settings settings, CommandHandler handler, Listener listener, Clock clock) {
        this.settings = settings;
        this.handler = handler;
        this.listener = listener;
        this.clock = clock;
        this.history = new ActuationHistory(settings.bootstrapServers(), settings.groupId() + "-restore",
                settings.restoreTimeout(), settings.clientSettings());
    }

    /** Starts the loop's thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = Thread.ofPlatform().daemon().name("userscale-actuator-commands").start(this::run);
    }

    /** Asks the loop to stop and waits up to {@code timeout} for it. */
    public void stop(Duration timeout) throws InterruptedException {
        stopping.countDown();
        history.wakeup();
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join(timeout.toMillis());
        }
    }

    /** Whether the loop's thread is running. */
    public synchronized boolean alive() {
        return thread != null && thread.isAlive();
    }

    public Phase phase() {
        return phase;
    }

    /** Results published since start. */
    public long results() {
        return results.get();
    }

    /** The last failure, if any. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    private void run() {
        try (var publisher = new ResultPublisher(settings.bootstrapServers(), settings.publishTimeout(),
                settings.clientSettings());
             var deadLetters = new KafkaProducer<byte[], byte[]>(ClientConfigs.withSettings(
                     ClientConfigs.bytesProducer(settings.bootstrapServers()), settings.clientSettings()))) {
            if (restore()) {
                consume(publisher, deadLetters);
            }
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.errorf(e, "the command loop stopped");
        } finally {
            phase = Phase.STOPPED;
        }
    }

    private boolean restore() {
        phase = Phase.RESTORING;
        for (int failures = 1; !stopped(); failures++) {
            Instant since = clock.instant().minus(settings.restoreLookback());
            try {
                int read = history.restore(handler.gate(), since);
                LOG.infof("read back %d results published since %s; %d commands known as handled", read, since,
                        handler.gate().remembered());
                return true;
            } catch (Exception e) {
                failed("reading userscale.actuations back", e, failures);
            }
        }
        return false;
    }

    private void consume(ResultPublisher publisher, KafkaProducer<byte[], byte[]> deadLetters) {
        for (int failures = 1; !stopped(); ) {
            var config = ClientConfigs.bytesConsumer(settings.bootstrapServers(), settings.groupId());
            // a command may take a while (Kubernetes retries): keep a batch well inside max.poll.interval.ms
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
            try (var c = new KafkaConsumer<byte[], byte[]>(ClientConfigs.withSettings(config,
                    settings.clientSettings()))) {
                consumer = c;
                if (stopped()) {
                    return;
                }
                c.subscribe(List.of(Topic.COMMANDS.topicName()));
                var commands = new ContractConsumer<>(c, deadLetters, ContractType.SCALE_COMMAND, settings.groupId(),
                        clock);
                phase = Phase.CONSUMING;
                while (!stopped()) {
                    commands.pollOnce(settings.pollTimeout(), (record, command) -> process(publisher, command));
                    failures = 1;
                }
            } catch (WakeupException e) {
                // stop() woke the consumer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failed("handling userscale.commands", e, failures++);
            } finally {
                consumer = null;
            }
        }
    }

    private void process(ResultPublisher publisher, ScaleCommand command) throws Exception {
        Optional<ActuationResult> outcome = handler.handle(command);
        if (outcome.isEmpty()) {
            LOG.infof("skipped command %s of %s: handled before", command.commandId(), command.target());
            return;
        }
        ActuationResult result = outcome.get();
        publisher.publish(command, result);
        handler.published(command, result);
        results.incrementAndGet();
        String line = ResultLine.of(command, result);
        switch (result.status()) {
            case FAILED, REJECTED_BOUNDS -> LOG.warn(line);
            default -> LOG.info(line);
        }
        listener.published(command, result);
    }

    private void failed(String what, Exception e, int inARow) {
        if (stopped()) {
            return; // stop() woke a Kafka call up
        }
        Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(inARow - 1, 6));
        pause = pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
        lastError = what + ": " + e;
        phase = Phase.RECOVERING;
        LOG.warnf("%s failed (%s); trying again in %d ms", what, e.toString(), pause.toMillis());
        try {
            stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    private boolean stopped() {
        return stopping.getCount() == 0;
    }
}
