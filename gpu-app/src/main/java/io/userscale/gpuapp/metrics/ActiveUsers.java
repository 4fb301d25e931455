package io.userscale.gpuapp.metrics;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Distinct users seen in a sliding window: each user (an {@code X-User-Id} value, or else the
 * client address) is remembered with the last time it was seen, and forgotten when that leaves
 * the window. Memory is bounded: beyond {@code maxTracked} users the oldest are evicted.
 */
public final class ActiveUsers {

    private final long windowNanos;
    private final int maxTracked;
    private final ConcurrentHashMap<String, Long> lastSeen = new ConcurrentHashMap<>();

    public ActiveUsers(long windowNanos, int maxTracked) {
        this.windowNanos = windowNanos;
        this.maxTracked = maxTracked;
    }

    /** Notes a request of {@code user} at {@code nowNanos}. */
    public void seen(String user, long nowNanos) {
        if (user == null || user.isBlank()) {
            return;
        }
        String key = user.length() > 200 ? user.substring(0, 200) : user;
        lastSeen.put(key, nowNanos);
        if (lastSeen.size() > maxTracked) {
            expire(nowNanos);
            if (lastSeen.size() > maxTracked) {
                lastSeen.entrySet().stream().min(Map.Entry.comparingByValue())
                        .ifPresent(oldest -> lastSeen.remove(oldest.getKey(), oldest.getValue()));
            }
        }
    }

    /** Distinct users seen within the window before {@code nowNanos}. */
    public int count(long nowNanos) {
        expire(nowNanos);
        return lastSeen.size();
    }

    private void expire(long nowNanos) {
        for (Iterator<Map.Entry<String, Long>> it = lastSeen.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            if (nowNanos - e.getValue() > windowNanos) {
                it.remove();
            }
        }
    }
}
