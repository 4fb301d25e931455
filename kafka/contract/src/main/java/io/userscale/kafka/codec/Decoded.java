package io.userscale.kafka.codec;

/**
 * The outcome of reading one record's bytes: a valid record, or the reason it is not one.
 *
 * @param <T> the record type
 */
public sealed interface Decoded<T> {

    /** A record that parsed and matched its schema. */
    record Valid<T>(T value) implements Decoded<T> {
    }

    /** Bytes that are not a valid record of the expected type; {@code error} says why. */
    record Invalid<T>(String error) implements Decoded<T> {
    }
}
