/**
 * The one watch on ScalingPolicy resources that ingest, the engine and the actuator share: it
 * parses each resource's spec and remembers which target each resource names, so every service
 * hears the same events in the same words.
 */
package io.userscale.kafka.watch;
