/**
 * JSON encoding of the contract: one shared Jackson mapper, JSON Schema validation of every record
 * read or written, and Kafka serializers and deserializers built on them (usable from Quarkus
 * messaging by class name).
 */
package io.userscale.kafka.serde;
