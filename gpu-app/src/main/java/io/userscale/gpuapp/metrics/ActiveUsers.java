package io.userscale.gpuapp.metrics;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users this pod holds now, counted so that the sum over a target's pods counts each user
 * once. A user (an {@code X-User-Id} value, or else the client address) belongs to the pod that
 * served its latest request: from the start of a request here until its next request is due,
 * that is until the end of the request plus the user's usual pause between an answer and its
 * next request. If the next request lands on another pod, this pod lets the user go when that
 * one takes it over.
 *
 * <p>The usual pause is learned here, per user, from the gaps between the end of one of its
 * requests and the start of its next one on this pod: a shorter gap is taken at once; a longer
 * one moves it up by a quarter of the difference when within twice the pause (the user slowed
 * down), and by 1/64 beyond that (most likely the user's requests in between went to other
 * pods), so the estimate keeps the user's own rhythm however many pods share its requests. A user this pod has not yet seen twice takes the median pause of those it has, and
 * while there are none the whole window. No user counts longer than {@code windowNanos} after
 * its latest request here. Memory is bounded: beyond {@code maxTracked} users the oldest go.
 */
public final class ActiveUsers {

    /** How far a longer gap moves the pause: a quarter when within twice it, 1/64 when beyond (likely skipped turns). */
    private static final int NEAR_DIVISOR = 4;
    private static final int FAR_DIVISOR = 64;

    private final long windowNanos;
    private final int maxTracked;
    private final ConcurrentHashMap<String, User> users = new ConcurrentHashMap<>();

    /** One user as this pod knows it: requests in flight, when the last ended, its usual pause (-1: unknown). */
    private static final class User {
        int inFlight;
        long lastStart;
        long lastEnd = -1;
        long pause = -1;
    }

    public ActiveUsers(long windowNanos, int maxTracked) {
        this.windowNanos = windowNanos;
        this.maxTracked = maxTracked;
    }

    /** A request of {@code user} began at {@code nowNanos}. */
    public void begin(String user, long nowNanos) {
        String key = key(user);
        if (key == null) {
            return;
        }
        users.compute(key, (k, u) -> {
            User v = u == null ? new User() : u;
            synchronized (v) {
                if (v.inFlight == 0 && v.lastEnd >= 0) {
                    long gap = Math.max(0, nowNanos - v.lastEnd);
                    if (gap <= windowNanos) {
                        v.pause = v.pause < 0 || gap < v.pause ? gap
                                : v.pause + (gap - v.pause) / (gap <= 2 * v.pause ? NEAR_DIVISOR : FAR_DIVISOR);
                    }
                }
                v.inFlight++;
                v.lastStart = nowNanos;
            }
            return v;
        });
        if (users.size() > maxTracked) {
            evict(nowNanos);
        }
    }

    /** A request of {@code user} ended at {@code nowNanos}. */
    public void end(String user, long nowNanos) {
        String key = key(user);
        if (key == null) {
            return;
        }
        users.computeIfPresent(key, (k, v) -> {
            synchronized (v) {
                v.inFlight = Math.max(0, v.inFlight - 1);
                v.lastEnd = nowNanos;
            }
            return v;
        });
    }

    /** The users this pod holds at {@code nowNanos}; forgets those gone longer than the window. */
    public int count(long nowNanos) {
        long fallback = typicalPause();
        int n = 0;
        for (Iterator<Map.Entry<String, User>> it = users.entrySet().iterator(); it.hasNext(); ) {
            User u = it.next().getValue();
            synchronized (u) {
                if (u.inFlight > 0) {
                    n++;
                    continue;
                }
                long idle = idle(u, nowNanos);
                if (idle > windowNanos) {
                    it.remove();
                } else if (idle <= (u.pause >= 0 ? u.pause : fallback)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The median of the pauses learned so far, or the window while none is. */
    private long typicalPause() {
        long[] p = users.values().stream().mapToLong(u -> u.pause).filter(v -> v >= 0).toArray(); // racy reads: a gauge
        if (p.length == 0) {
            return windowNanos;
        }
        Arrays.sort(p);
        return p[p.length / 2];
    }

    /** How long {@code u} has had no request here. */
    private static long idle(User u, long nowNanos) {
        return nowNanos - Math.max(u.lastEnd, u.lastStart);
    }

    /** Over the limit (on the request path): forget those gone past the window, then the longest idle. */
    private void evict(long nowNanos) {
        users.values().removeIf(u -> u.inFlight == 0 && idle(u, nowNanos) > windowNanos);
        while (users.size() > maxTracked) {
            var oldest = users.entrySet().stream().filter(e -> e.getValue().inFlight == 0)
                    .min((a, b) -> Long.compare(a.getValue().lastStart, b.getValue().lastStart));
            if (oldest.isEmpty()) {
                return; // every user has a request here now
            }
            users.remove(oldest.get().getKey(), oldest.get().getValue());
        }
    }

    private static String key(String user) {
        if (user == null || user.isBlank()) {
            return null;
        }
        return user.length() > 200 ? user.substring(0, 200) : user;
    }
}
