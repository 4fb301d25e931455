/**
 * Dead letters: a record that cannot be parsed or validated is published to
 * {@code userscale.dlq}, unchanged, with headers naming where it came from and why it failed;
 * the consumer that met it goes on with the next record.
 */
package io.userscale.kafka.dlq;
