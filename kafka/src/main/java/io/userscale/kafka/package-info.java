/**
 * The event contract every userscale service speaks, and the local broker they speak it over.
 *
 * <ul>
 *   <li>{@link io.userscale.kafka.contract} — the four record types and their ids;</li>
 *   <li>{@link io.userscale.kafka.topic} — the topic catalog;</li>
 *   <li>{@link io.userscale.kafka.serde} — JSON encoding with JSON Schema validation;</li>
 *   <li>{@link io.userscale.kafka.dlq} — dead letters, and a consumer that never stops on a bad record;</li>
 *   <li>{@link io.userscale.kafka.local} — LocalKafka, a real KRaft broker run as a child process;</li>
 *   <li>{@link io.userscale.kafka.cli} — {@code userscale kafka start|stop|status|topics|sample}.</li>
 * </ul>
 */
package io.userscale.kafka;
