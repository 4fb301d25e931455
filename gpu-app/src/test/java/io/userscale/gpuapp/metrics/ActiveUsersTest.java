package io.userscale.gpuapp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActiveUsersTest {

    static final long S = 1_000_000_000L;

    @Test
    void countsDistinctUsersWithinTheWindowOnly() {
        ActiveUsers u = new ActiveUsers(10 * S, 1000);
        u.seen("ann", 0);
        u.seen("bob", 2 * S);
        u.seen("ann", 3 * S);
        u.seen(null, 3 * S);
        u.seen(" ", 3 * S);
        assertThat(u.count(4 * S)).isEqualTo(2);
        assertThat(u.count(12 * S + 1)).isEqualTo(1); // bob last seen at 2 s has left the window
        assertThat(u.count(14 * S)).isZero();
    }

    @Test
    void memoryStaysBoundedUnderManyUsers() {
        ActiveUsers u = new ActiveUsers(10 * S, 100);
        for (int i = 0; i < 10_000; i++) {
            u.seen("user-" + i, i);
        }
        assertThat(u.count(10_000)).isLessThanOrEqualTo(100);
    }
}
