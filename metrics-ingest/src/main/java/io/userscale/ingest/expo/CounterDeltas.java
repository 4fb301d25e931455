package io.userscale.ingest.expo;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-pod memory of the previous scrape, turning cumulative counters and histogram buckets into
 * per-interval deltas. A counter lower than before means the process restarted, and the delta is
 * then the new value itself; a pod's first scrape has no delta ({@code null}, not zero). Safe for
 * concurrent use; each pod's updates should come in scrape order.
 */
public final class CounterDeltas {

    private final ConcurrentHashMap<String, Signals> previous = new ConcurrentHashMap<>();

    /**
     * Records {@code current} as the latest scrape of {@code pod} and returns what its counters
     * gained since the previous one.
     */
    public IntervalDeltas update(String pod, Signals current) {
        Signals[] before = new Signals[1];
        previous.compute(pod, (k, old) -> {
            before[0] = old;
            return current;
        });
        return IntervalDeltas.between(before[0], current);
    }

    /** Forgets a pod (it went away); its next scrape counts as a first one. */
    public void forget(String pod) {
        previous.remove(pod);
    }

    /** Forgets every pod not in {@code pods}. */
    public void retainOnly(Collection<String> pods) {
        previous.keySet().retainAll(Set.copyOf(pods));
    }

    /** The pods remembered. */
    public Set<String> pods() {
        return Set.copyOf(previous.keySet());
    }
}
