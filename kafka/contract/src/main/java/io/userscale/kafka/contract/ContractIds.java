package io.userscale.kafka.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * Deterministic record ids. The same decision computed twice (live, after a restart, or in a
 * replay) gets the same id, and so does the command it issues, which is what lets the actuator
 * apply each command at most once under at-least-once delivery.
 */
public final class ContractIds {

    private ContractIds() {
    }

    /** A name-based UUID of target, event time and policy. */
    public static String decisionId(TargetRef target, Instant ts, Decision.PolicyRef policy) {
        return nameUuid("decision|" + target.key() + "|" + ts.getEpochSecond() + "." + ts.getNano() + "|" + policy.name()
                + "@" + policy.version());
    }

    /** A name-based UUID of the decision that issues the command. */
    public static String commandId(String decisionId) {
        return nameUuid("command|" + decisionId);
    }

    /** MD5 digesters, one per thread: looking one up per id costs more than the hash itself. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    });

    /** The same value as {@link UUID#nameUUIDFromBytes} (a version 3 UUID) of the UTF-8 name. */
    static String nameUuid(String name) {
        byte[] md5 = MD5.get().digest(name.getBytes(StandardCharsets.UTF_8));
        md5[6] = (byte) ((md5[6] & 0x0f) | 0x30);
        md5[8] = (byte) ((md5[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (md5[i] & 0xff);
            lsb = (lsb << 8) | (md5[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }
}
