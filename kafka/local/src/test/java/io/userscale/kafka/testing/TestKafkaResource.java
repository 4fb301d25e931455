package io.userscale.kafka.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a Quarkus test the shared real broker: {@code @QuarkusTestResource(TestKafkaResource.class)}
 * sets {@code kafka.bootstrap.servers} to {@link TestKafka#bootstrapServers()}. The broker outlives
 * each test class and stops with the JVM, so every Quarkus test of a module shares one.
 */
public final class TestKafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", TestKafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // shared across test classes: TestKafka stops it when the JVM exits
    }
}
