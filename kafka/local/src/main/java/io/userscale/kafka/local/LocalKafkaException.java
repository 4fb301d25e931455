package io.userscale.kafka.local;

/** LocalKafka could not do what it was asked; the message says why, in terms a user can act on. */
public final class LocalKafkaException extends Exception {

    public LocalKafkaException(String message) {
        super(message);
    }

    public LocalKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
