/**
 * The actuator service: configuration, the Kafka channels (commands in, results and dead letters
 * out, decisions in for the ScalingPolicy status), the command stream with its read-back of
 * published results after a restart, health and metrics.
 */
package io.userscale.actuator.service;
