package io.userscale.actuator.service;

import io.smallrye.mutiny.Uni;
import io.userscale.actuator.core.CommandHandler;
import io.userscale.actuator.core.ResultLine;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ScaleCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What the actuator does with the commands its channel {@code commands-in} delivers, one at a time
 * in partition order ({@link CommandChannel}). First, on a thread of its own, it reads back the
 * results published over the look-back (so a restart never applies a command twice); commands
 * delivered before that is done wait for it. Then for each command it publishes exactly one result
 * and waits for the broker's acknowledgement, after which the channel acknowledges the record (and
 * commits its offset). What fails is tried again after a pause that grows with each failure in a
 * row, so a command is never acknowledged without its result on the broker; handled commands are
 * recognised as such.
 */
public final class CommandStream {

    /** Where the stream is. */
    public enum Phase { STARTING, RESTORING, CONSUMING, RECOVERING, STOPPED }

    /**
     * The stream's settings.
     *
     * @param bootstrapServers the brokers, for reading the results back
     * @param groupId          the consumer group of {@code userscale.commands}; the read-back names {@code <group>-restore}
     * @param publishTimeout   how long one attempt at publishing a result may take
     * @param restoreLookback  how far back results are read at start
     * @param restoreTimeout   how long one attempt at reading them may take
     * @param clientSettings   the deployment's Kafka client settings (security, SASL, TLS), for the read-back
     */
    public record Settings(String bootstrapServers, String groupId, Duration publishTimeout,
                           Duration restoreLookback, Duration restoreTimeout, Map<String, Object> clientSettings) {

        public Settings {
            clientSettings = Map.copyOf(clientSettings);
        }
    }

    /** Publishes one result; the {@link Uni} completes once the broker acknowledged it. */
    @FunctionalInterface
    public interface Publisher {
        Uni<Void> publish(ScaleCommand command, ActuationResult result);
    }

    /** Told of every result once it is published. */
    @FunctionalInterface
    public interface Listener {
        void published(ScaleCommand command, ActuationResult result);
    }

    private static final Logger LOG = Logger.getLogger(CommandStream.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final Settings settings;
    private final CommandHandler handler;
    private final Publisher publisher;
    private final Listener listener;
    private final Clock clock;
    private final ActuationHistory history;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch restored = new CountDownLatch(1);
    /** Held while a record is handled: {@link #stop} waits for it, so the backend is not closed under a command. */
    private final ReentrantLock working = new ReentrantLock();
    private final AtomicLong results = new AtomicLong();
    private volatile Phase phase = Phase.STARTING;
    private volatile String lastError;
    private Thread restorer;

    public CommandStream(Settings settings, CommandHandler handler, Publisher publisher, Listener listener,
                         Clock clock) {
        this.settings = settings;
        this.handler = handler;
        this.publisher = publisher;
        this.listener = listener;
        this.clock = clock;
        this.history = new ActuationHistory(settings.bootstrapServers(), settings.groupId() + "-restore",
                settings.restoreTimeout(), settings.clientSettings());
    }

    /** Starts reading the results back; commands are handled once that is done. */
    public synchronized void start() {
        if (restorer != null) {
            throw new IllegalStateException("already started");
        }
        phase = Phase.RESTORING;
        restorer = Thread.ofPlatform().daemon().name("userscale-actuator-restore").start(this::restore);
    }

    /**
     * Stops: commands are no longer handled (nor acknowledged), a read-back in progress ends, and
     * this waits up to {@code timeout} for the command being handled, if any.
     */
    public void stop(Duration timeout) throws InterruptedException {
        stopping.countDown();
        history.wakeup();
        Thread t;
        synchronized (this) {
            t = restorer;
        }
        if (t != null) {
            t.join(timeout.toMillis());
        }
        if (working.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            working.unlock();
        }
        phase = Phase.STOPPED;
    }

    /** Whether the stream was started and is not stopped. */
    public synchronized boolean alive() {
        return restorer != null && !stopped();
    }

    /** Whether the results were read back: commands are being handled. */
    public boolean restored() {
        return restored.getCount() == 0;
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

    /**
     * Handles one command: waits for the read-back, asks the handler, publishes its result (again
     * and again until the broker has it) and tells the listener. Blocks; one command at a time.
     *
     * @return whether the command is done with and may be acknowledged; {@code false} when the stream stopped first
     */
    public boolean handle(ScaleCommand command) throws InterruptedException {
        if (!awaitRestored()) {
            return false;
        }
        working.lockInterruptibly();
        try {
            if (stopped()) {
                return false;
            }
            Optional<ActuationResult> outcome = handler.handle(command);
            if (outcome.isEmpty()) {
                LOG.infof("skipped command %s of %s: handled before", command.commandId(), command.target());
                return true;
            }
            ActuationResult result = outcome.get();
            if (!retry("publishing the result of command " + command.commandId(),
                    () -> publisher.publish(command, result))) {
                return false;
            }
            handler.published(command, result);
            results.incrementAndGet();
            String line = ResultLine.of(command, result);
            switch (result.status()) {
                case FAILED, REJECTED_BOUNDS -> LOG.warn(line);
                default -> LOG.info(line);
            }
            listener.published(command, result);
            return true;
        } finally {
            working.unlock();
        }
    }

    /**
     * Runs {@code attempt} (each try at most the publish timeout) until it succeeds, pausing longer
     * after each failure in a row; for what the stream sends to Kafka, once the results are read back.
     *
     * @return {@code true} once it succeeded; {@code false} when the stream stopped first
     */
    public boolean retry(String what, Supplier<Uni<Void>> attempt) throws InterruptedException {
        if (!awaitRestored()) {
            return false;
        }
        for (int failures = 1; !stopped(); failures++) {
            try {
                attempt.get().await().atMost(settings.publishTimeout());
                if (phase == Phase.RECOVERING && !stopped()) {
                    phase = Phase.CONSUMING;
                }
                return true;
            } catch (RuntimeException e) {
                failed(what, e, failures);
            }
        }
        return false;
    }

    private boolean awaitRestored() throws InterruptedException {
        while (!restored() && !stopped()) {
            restored.await(100, TimeUnit.MILLISECONDS);
        }
        return restored() && !stopped();
    }

    private void restore() {
        for (int failures = 1; !stopped(); failures++) {
            Instant since = clock.instant().minus(settings.restoreLookback());
            try {
                int read = history.restore(handler.gate(), since);
                LOG.infof("read back %d results published since %s; %d commands known as handled", read, since,
                        handler.gate().remembered());
                phase = Phase.CONSUMING;
                restored.countDown();
                return;
            } catch (Exception e) {
                failed("reading userscale.actuations back", e, failures);
            }
        }
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
