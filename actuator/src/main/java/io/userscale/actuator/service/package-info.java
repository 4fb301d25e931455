/**
 * The actuator service: configuration, the command loop over Kafka, the read-back of published
 * results after a restart, health and metrics.
 */
package io.userscale.actuator.service;
