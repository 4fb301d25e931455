/**
 * The event contract every userscale service speaks, and what carries it, in four modules:
 *
 * <ul>
 *   <li>{@code kafka/contract} — {@link io.userscale.kafka.contract} (the four record types and their
 *       ids), {@link io.userscale.kafka.codec} (JSON encoding with JSON Schema validation) and
 *       {@link io.userscale.kafka.policy} (the ScalingPolicy spec); no Kafka client;</li>
 *   <li>{@code kafka/clients} — {@code io.userscale.kafka.topic} (the topic catalog and client
 *       settings), {@code io.userscale.kafka.serde} (Kafka serializers over the codec) and
 *       {@code io.userscale.kafka.dlq} (dead letters, and a consumer that never stops on a bad record);</li>
 *   <li>{@code kafka/local} — {@code io.userscale.kafka.local} (LocalKafka, a real KRaft broker run as
 *       a child process; the local cluster's replica lists and ports) and {@code io.userscale.kafka.cli}
 *       ({@code userscale kafka} and {@code userscale decisions});</li>
 *   <li>{@code kafka/broker} — the broker's own class path.</li>
 * </ul>
 */
package io.userscale.kafka;
