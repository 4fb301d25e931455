package io.userscale.actuator.service;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.userscale.actuator.backend.ScaleBackend;
import io.userscale.actuator.core.CommandGate;
import io.userscale.actuator.core.LiveBounds;
import io.userscale.actuator.core.CommandHandler;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.local.ParentWatch;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The actuator service: at start-up builds the configured backend and bounds (a bad setting stops
 * it there), ties itself to its owner process when {@code userscale.parent-pid} is set, and starts
 * the {@link CommandStream} that {@link CommandChannel} feeds; at shutdown stops the stream, then the
 * backend (the local backend's replicas with it). Each result counts in
 * {@code userscale.actuator.results{status,backend}}.
 */
@ApplicationScoped
@Startup
public class ActuatorService {

    /** The counter of published results. */
    public static final String RESULTS_METER = "userscale.actuator.results";

    private static final Logger LOG = Logger.getLogger(ActuatorService.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    ActuatorConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    MeterRegistry registry;

    @Inject
    Instance<KubernetesClient> kubernetes;

    @Inject
    ResultPublisher publisher;

    private ScaleBackend backend;
    private volatile CommandStream stream;
    private LiveBounds liveBounds;
    private java.util.Map<String, Object> kafkaSettings;
    private final java.util.List<java.util.function.BiConsumer<ScaleCommand, ActuationResult>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * The deployment's Kafka client settings ({@code kafka.*}: security, SASL, TLS), for the
     * read-back of results; the channels get them from Quarkus.
     */
    public java.util.Map<String, Object> kafkaSettings() {
        return kafkaSettings;
    }

    /** Every target's bounds, which ScalingPolicies may change. */
    public LiveBounds bounds() {
        return liveBounds;
    }

    /** Tells {@code listener} of every result published from now on. */
    public void onResult(java.util.function.BiConsumer<ScaleCommand, ActuationResult> listener) {
        listeners.add(listener);
    }

    @PostConstruct
    void start() {
        ParentWatch.startFromSystemProperty();
        Clock clock = Clock.systemUTC();
        var bounds = Backends.bounds(config);
        liveBounds = new LiveBounds(bounds);
        var gate = new CommandGate(liveBounds);
        try {
            backend = Backends.create(config, kubernetes::get, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + config.backend() + " backend: " + e.getMessage(), e);
        }
        for (ActuationResult.Status status : ActuationResult.Status.values()) {
            counter(status); // every series exists from the start, at zero
        }
        var mp = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        kafkaSettings = java.util.Map.copyOf(io.userscale.kafka.topic.ClientConfigs.settingsFrom(
                name -> mp.getOptionalValue(name, String.class)));
        stream = new CommandStream(streamSettings(config.groupId()), new CommandHandler(gate, backend, clock),
                publisher::publish, this::count, clock);
        stream.start();
        LOG.infof("actuating on backend %s; replicas within %s, %d targets with their own bounds", backend.name(),
                bounds.defaults(), bounds.perTarget().size());
    }

    @PreDestroy
    void stop() {
        try {
            if (stream != null) {
                stream.stop(STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (backend != null) {
                backend.close();
            }
        }
    }

    /** What handles the commands, for the channel and health checks. */
    public CommandStream stream() {
        return stream;
    }

    /** The stream's settings, the consumer group {@code groupId}'s. */
    CommandStream.Settings streamSettings(String groupId) {
        return new CommandStream.Settings(bootstrapServers, groupId, config.publishTimeout(), config.restoreLookback(),
                config.restoreTimeout(), kafkaSettings);
    }

    /**
     * Hands the commands to {@code next} from now on, for tests: an actuator restarted with nothing in
     * memory, inside the running one.
     *
     * @return the stream that had them
     */
    CommandStream replaceStream(CommandStream next) {
        CommandStream before = stream;
        stream = next;
        return before;
    }

    /** The backend's name. */
    public String backendName() {
        return backend.name();
    }

    private void count(ScaleCommand command, ActuationResult result) {
        counter(result.status()).increment();
        listeners.forEach(l -> l.accept(command, result));
    }

    private Counter counter(ActuationResult.Status status) {
        return registry.counter(RESULTS_METER, "status", status.name(), "backend", backend.name());
    }
}
