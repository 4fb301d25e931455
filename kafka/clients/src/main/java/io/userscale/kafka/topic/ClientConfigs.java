package io.userscale.kafka.topic;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Client settings every userscale producer and consumer share: idempotent producers with
 * {@code acks=all}, consumers that commit only after processing; plus the connection settings a
 * deployment gives every client alike (security protocol, SASL, TLS), read from configuration
 * under {@code kafka.} as the Kafka extension reads them for its channels.
 */
public final class ClientConfigs {

    private ClientConfigs() {
    }

    /**
     * Every Kafka client setting that configuration has under {@code kafka.} (for example
     * {@code kafka.security.protocol}, {@code kafka.sasl.jaas.config}, or in the environment
     * {@code KAFKA_SECURITY_PROTOCOL}), without the prefix.
     *
     * @param lookup a configuration property's value by name
     */
    public static Map<String, Object> settingsFrom(Function<String, Optional<String>> lookup) {
        Set<String> names = new TreeSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        Map<String, Object> settings = new HashMap<>();
        for (String name : names) {
            lookup.apply("kafka." + name).filter(v -> !v.isBlank()).ifPresent(v -> settings.put(name, v));
        }
        return settings;
    }

    /**
     * {@code base} with the deployment's {@code settings} added: those this kind of client (a
     * producer when {@code base} names a key serializer, else a consumer) knows and {@code base}
     * does not set itself, so the guarantees above are never overridden.
     */
    public static Map<String, Object> withSettings(Map<String, Object> base, Map<String, ?> settings) {
        Set<String> known = base.containsKey(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG)
                ? ProducerConfig.configNames() : ConsumerConfig.configNames();
        Map<String, Object> c = new HashMap<>(base);
        settings.forEach((k, v) -> {
            if (known.contains(k)) {
                c.putIfAbsent(k, v);
            }
        });
        return c;
    }

    /** An idempotent, {@code acks=all} producer of String keys. */
    public static Map<String, Object> producer(String bootstrapServers, Class<?> valueSerializer) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer);
        return c;
    }

    /** A producer of raw bytes, as used for dead letters. */
    public static Map<String, Object> bytesProducer(String bootstrapServers) {
        Map<String, Object> c = producer(bootstrapServers, ByteArraySerializer.class);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return c;
    }

    /**
     * How long a group member may go silent before its partitions go to another, ms: a member
     * killed without leaving the group (SIGKILL, a lost node) holds its partitions this long, so
     * it is well under Kafka's 45 s default; heartbeats go every {@link #HEARTBEAT_INTERVAL_MS}.
     */
    public static final int SESSION_TIMEOUT_MS = 10_000;

    /**
     * How often a group member says it is alive, ms: well under a third of the session timeout, as
     * Kafka advises. A survivor learns of a rebalance (a member gone) at its next heartbeat, so a
     * short one takes the dead member's partitions over sooner; a heartbeat is a few bytes.
     */
    public static final int HEARTBEAT_INTERVAL_MS = 1_000;

    /**
     * A consumer of String keys that commits by hand, starting from the earliest offset; as a
     * group member it is given up on after {@link #SESSION_TIMEOUT_MS}.
     */
    public static Map<String, Object> consumer(String bootstrapServers, String groupId, Class<?> valueDeserializer) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer);
        return c;
    }

    /** A consumer of raw bytes, for readers that must survive bad records. */
    public static Map<String, Object> bytesConsumer(String bootstrapServers, String groupId) {
        Map<String, Object> c = consumer(bootstrapServers, groupId, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return c;
    }

    /**
     * What is wrong with a {@code bootstrap.servers} value a user typed, or null when it is
     * HOST:PORT[,HOST:PORT...] with every port 1-65535.
     */
    public static String bootstrapProblem(String servers) {
        for (String server : servers.split(",", -1)) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            boolean ok = colon > 0 && !s.substring(0, colon).isBlank() && !s.substring(0, colon).contains(" ");
            if (ok) {
                try {
                    int port = Integer.parseInt(s.substring(colon + 1));
                    ok = port >= 1 && port <= 65535;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                return "expected HOST:PORT[,HOST:PORT...] with ports 1-65535, got '" + servers + "'";
            }
        }
        return null;
    }
}
