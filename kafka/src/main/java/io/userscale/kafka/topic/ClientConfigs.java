package io.userscale.kafka.topic;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Client settings every userscale producer and consumer share: idempotent producers with
 * {@code acks=all}, consumers that commit only after processing.
 */
public final class ClientConfigs {

    private ClientConfigs() {
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

    /** A consumer of String keys that commits by hand, starting from the earliest offset. */
    public static Map<String, Object> consumer(String bootstrapServers, String groupId, Class<?> valueDeserializer) {
        Map<String, Object> c = new HashMap<>();
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
}
