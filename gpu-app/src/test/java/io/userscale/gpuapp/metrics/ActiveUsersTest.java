package io.userscale.gpuapp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ActiveUsersTest {

    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;

    @Test
    void aUserCountsWhileItsRequestIsInFlightAndUntilItsNextIsDue() {
        ActiveUsers u = new ActiveUsers(10 * S, 1000);
        u.begin("ann", 0);
        assertThat(u.count(1)).isEqualTo(1);
        u.end("ann", 100 * MS);
        u.begin("ann", 300 * MS); // ann pauses 200 ms between an answer and her next request
        u.end("ann", 400 * MS);
        assertThat(u.count(550 * MS)).as("within her usual pause").isEqualTo(1);
        assertThat(u.count(650 * MS)).as("her next request was due at 600 ms and went elsewhere").isZero();
        u.begin(null, 700 * MS);
        u.begin(" ", 700 * MS);
        assertThat(u.count(700 * MS)).isZero();
    }

    @Test
    void aUserSeenOnceCountsForTheMedianPauseOfOthersOrElseTheWindow() {
        ActiveUsers u = new ActiveUsers(10 * S, 1000);
        u.begin("bob", 0);
        u.end("bob", 10 * MS);
        assertThat(u.count(5 * S)).as("nothing learned yet: the window").isEqualTo(1);
        assertThat(u.count(10 * S + 11 * MS)).as("gone after the window").isZero();
        u.begin("ann", 11 * S);
        u.end("ann", 11 * S + 10 * MS);
        u.begin("ann", 11 * S + 110 * MS); // ann's pause: 100 ms
        u.end("ann", 11 * S + 120 * MS);
        u.begin("cyd", 11 * S + 120 * MS);
        u.end("cyd", 11 * S + 130 * MS);
        assertThat(u.count(11 * S + 200 * MS)).isEqualTo(2);
        assertThat(u.count(11 * S + 300 * MS)).as("cyd takes ann's pause").isZero();
    }

    /**
     * Closed-loop users (a request, an answer, a fixed pause) spread at random over three pods:
     * the sum of the pods' counts is the number of users, where counting every user a pod saw
     * in a sliding window counts each on every pod.
     */
    @Test
    void theSumOverPodsCountsEachUserOnce() {
        int users = 30;
        int pods = 3;
        List<ActiveUsers> pod = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            pod.add(new ActiveUsers(10 * S, 1000));
        }
        SplittableRandom rnd = new SplittableRandom(7);
        record Event(long at, int user, int pod, boolean start) {
        }
        PriorityQueue<Event> q = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
        for (int u = 0; u < users; u++) {
            q.add(new Event(rnd.nextLong(200 * MS), u, rnd.nextInt(pods), true));
        }
        long end = 60 * S;
        long nextSample = 10 * S;
        double sum = 0;
        int samples = 0;
        int lo = Integer.MAX_VALUE;
        int hi = 0;
        while (!q.isEmpty()) {
            Event e = q.poll();
            if (e.start() && e.at() >= end) {
                continue; // the load has stopped: answers still arrive, no new requests
            }
            while (nextSample <= Math.min(e.at(), end)) {
                long at = nextSample;
                int n = pod.stream().mapToInt(p -> p.count(at)).sum();
                sum += n;
                samples++;
                lo = Math.min(lo, n);
                hi = Math.max(hi, n);
                nextSample += 997 * MS;
            }
            if (e.start()) {
                pod.get(e.pod()).begin("user-" + e.user(), e.at());
                long service = 20 * MS + rnd.nextLong(180 * MS); // 20-200 ms
                q.add(new Event(e.at() + service, e.user(), e.pod(), false));
            } else {
                pod.get(e.pod()).end("user-" + e.user(), e.at());
                q.add(new Event(e.at() + 100 * MS, e.user(), rnd.nextInt(pods), true)); // 100 ms pause
            }
        }
        assertThat(sum / samples).as("mean of the summed counts").isCloseTo(users, org.assertj.core.data.Offset.offset(2.0));
        assertThat(lo).as("lowest sum").isGreaterThanOrEqualTo(users - 5);
        assertThat(hi).as("highest sum").isLessThanOrEqualTo(users + 5);

        long after = end + 2 * S;
        assertThat(pod.stream().mapToInt(p -> p.count(after)).sum()).as("two seconds after the load stops").isZero();
    }

    @Test
    void memoryStaysBoundedUnderManyUsers() {
        ActiveUsers u = new ActiveUsers(10 * S, 100);
        for (int i = 0; i < 10_000; i++) {
            u.begin("user-" + i, i);
            u.end("user-" + i, i);
        }
        assertThat(u.count(10_000)).isLessThanOrEqualTo(100);
    }
}
