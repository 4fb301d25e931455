package io.userscale.ingest.service;

import io.userscale.kafka.contract.TargetRef;

/**
 * One ingest instance's share of the targets when several share them
 * ({@code userscale.ingest.shard=i/n}): the targets whose key hashes to {@code i} of {@code n}.
 * The hash is {@link String#hashCode()} of {@code namespace/name}, the same in every JVM, so
 * instances configured {@code 0/n} … {@code n−1/n} scrape every target exactly once between them.
 *
 * @param index this instance's share, from 0
 * @param count how many instances share the targets
 */
public record Shard(int index, int count) {

    /** Every target: one instance. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("userscale.ingest.shard must be i/n with 0 <= i < n, got "
                    + index + "/" + count);
        }
    }

    /** Reads {@code i/n}, refusing anything else with a message naming the property. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("userscale.ingest.shard must be i/n with 0 <= i < n (e.g. 0/2), got '"
                + text + "'");
    }

    /** Whether this instance scrapes {@code target}. */
    public boolean owns(TargetRef target) {
        return Math.floorMod(target.key().hashCode(), count) == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
