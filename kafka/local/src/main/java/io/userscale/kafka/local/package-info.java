/**
 * LocalKafka: a real Apache Kafka broker in KRaft mode, started as a child process from the
 * broker jars the build gathered ({@code kafka/broker/target/broker/}), for the demo, the command
 * line and tests that need a broker process of their own.
 */
package io.userscale.kafka.local;
