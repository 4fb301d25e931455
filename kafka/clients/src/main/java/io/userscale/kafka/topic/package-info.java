/**
 * The topic catalog: every topic userscale uses, with its partitions and configuration, and the
 * idempotent creation of all of them on a broker.
 */
package io.userscale.kafka.topic;
