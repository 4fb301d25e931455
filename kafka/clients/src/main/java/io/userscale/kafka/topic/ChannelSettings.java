package io.userscale.kafka.topic;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A service's Kafka channels as the catalog has them: each channel's topic from {@link Topic}, and
 * whatever else the service takes from {@link ClientConfigs}, so neither is written again in its
 * {@code application.properties}. Its ordinal is below {@code application.properties} (250) and the
 * environment, so a deployment can still point a channel elsewhere. A service registers its own
 * subclass as a {@code ConfigSource} service.
 */
public abstract class ChannelSettings implements ConfigSource {

    private final Map<String, String> values;
    private final String name;

    protected ChannelSettings(String name, Map<String, String> values) {
        this.name = name;
        this.values = Map.copyOf(values);
    }

    /** The property that names the topic of an outgoing ({@code out}) or incoming channel. */
    public static String topicOf(String channel, boolean out) {
        return out ? out(channel, "topic") : in(channel, "topic");
    }

    /** The property {@code attribute} of the incoming channel {@code channel}. */
    public static String in(String channel, String attribute) {
        return "mp.messaging.incoming." + channel + "." + attribute;
    }

    private static String out(String channel, String attribute) {
        return "mp.messaging.outgoing." + channel + "." + attribute;
    }

    /**
     * An outgoing channel to {@code topic} on SmallRye's Kafka connector with the guarantees of
     * {@link ClientConfigs#producer}: idempotent, {@code acks=all}, String keys, values written by
     * {@code valueSerializer}. The broker comes from {@code kafka.*}.
     */
    public static Map<String, String> outgoing(String channel, Topic topic, Class<?> valueSerializer) {
        return outgoing(channel, topic, ClientConfigs.producer("", valueSerializer));
    }

    /** An outgoing channel of raw bytes, keys and values, as {@link ClientConfigs#bytesProducer} writes them. */
    public static Map<String, String> outgoingBytes(String channel, Topic topic) {
        return outgoing(channel, topic, ClientConfigs.bytesProducer(""));
    }

    /**
     * An incoming channel from {@code topic} on SmallRye's Kafka connector: String keys, raw values
     * (each service decodes and checks them itself), and the group liveness of
     * {@link ClientConfigs#consumer}. Offsets, commits and the group id are each channel's own.
     */
    public static Map<String, String> incoming(String channel, Topic topic) {
        Map<String, String> m = new HashMap<>();
        m.put(in(channel, "connector"), "smallrye-kafka");
        m.put(topicOf(channel, false), topic.topicName());
        m.put(in(channel, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG), StringDeserializer.class.getName());
        m.put(in(channel, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG), ByteArrayDeserializer.class.getName());
        m.put(in(channel, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                Integer.toString(ClientConfigs.SESSION_TIMEOUT_MS));
        m.put(in(channel, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                Integer.toString(ClientConfigs.HEARTBEAT_INTERVAL_MS));
        return m;
    }

    private static Map<String, String> outgoing(String channel, Topic topic, Map<String, Object> producer) {
        Map<String, String> m = new HashMap<>();
        producer.forEach((k, v) -> {
            if (!k.equals(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                m.put(out(channel, k), v instanceof Class<?> c ? c.getName() : v.toString());
            }
        });
        m.put(out(channel, "connector"), "smallrye-kafka");
        m.put(topicOf(channel, true), topic.topicName());
        return m;
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public int getOrdinal() {
        return 200;
    }
}
