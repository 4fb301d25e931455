package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecurrenceTest {

    static final long HORIZON = 35_000;
    static final long CAP = 300_000;

    /**
     * Demand needs 4 pods with 4 ready for 20 s, none for {@code lullS} (one pod left), then 4 again
     * with {@code readyAtReturn} ready, the SLO broken at the return or not.
     */
    static Recurrence lullThenReturn(long lullS, int readyAtReturn, boolean brokenAtReturn) {
        Recurrence r = Recurrence.NONE;
        long t = 0;
        for (; t <= 20; t += 5) {
            r = r.observe(t * 1000, 4, 4, false, HORIZON, CAP);
        }
        for (; t < 20 + lullS; t += 5) {
            r = r.observe(t * 1000, 0, 1, false, HORIZON, CAP);
        }
        return r.observe(t * 1000, 4, readyAtReturn, brokenAtReturn, HORIZON, CAP);
    }

    @Test
    void aLullAfterWhichDemandFoundItsPodsGoneAndBrokeTheSloIsKept() {
        Recurrence r = lullThenReturn(105, 1, true);
        assertThat(r.holdMs()).as("from demand's last need of 4 pods (20 s) to its return (125 s)")
                .isEqualTo(105_000);
    }

    @Test
    void theSloMayBreakWithinAHorizonOfTheReturnButNotLater() {
        Recurrence r = lullThenReturn(105, 1, false);
        assertThat(r.holdMs()).isZero();
        Recurrence soon = r.observe(150_000, 4, 2, true, HORIZON, CAP);
        assertThat(soon.holdMs()).as("broken 25 s after the return").isEqualTo(105_000);
        Recurrence late = r;
        for (long t = 130; t < 165; t += 5) {
            late = late.observe(t * 1000, 4, 2, false, HORIZON, CAP);
        }
        late = late.observe(165_000, 4, 2, true, HORIZON, CAP);
        assertThat(late.holdMs()).as("broken 40 s after the return, beyond the horizon").isZero();
    }

    @Test
    void aReturnThatMeetsTheSloOrFindsItsPodsReadyKeepsNothing() {
        assertThat(lullThenReturn(105, 1, false).holdMs()).as("the SLO held").isZero();
        assertThat(lullThenReturn(105, 4, true).holdMs()).as("the pods were still there").isZero();
    }

    @Test
    void lullsTheHorizonAlreadySpansOrLongerThanTheCapAreNotKept() {
        assertThat(lullThenReturn(30, 1, true).holdMs()).as("30 s, within the 35 s horizon").isZero();
        assertThat(lullThenReturn(400, 1, true).holdMs()).as("400 s, beyond the 300 s cap").isZero();
        assertThat(Recurrence.NONE.observe(0, 4, 4, true, HORIZON, 0)).as("a cap of 0 turns it off")
                .isSameAs(Recurrence.NONE);
    }

    @Test
    void lullsAreForgottenAfterFourCaps() {
        Recurrence r = lullThenReturn(105, 1, true);
        long end = 125_000;
        assertThat(r.observe(end + 4 * CAP, 4, 4, false, HORIZON, CAP).holdMs()).isEqualTo(105_000);
        assertThat(r.observe(end + 4 * CAP + 5_000, 4, 4, false, HORIZON, CAP).holdMs()).isZero();
    }

    /**
     * The levels held as a few steps find the same lulls as one time per level would: random demand
     * over up to 600 pods (beyond the levels followed), random ready pods, random breaks, some
     * observations at the same instant.
     */
    @Test
    void stepsOfLevelsFindTheLullsOneTimePerLevelWould() {
        SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 200; run++) {
            Recurrence r = Recurrence.NONE;
            long[] need = new long[0]; // the reference: when each level was last needed
            long pending = 0;
            long returned = 0;
            long t = 0;
            for (int i = 0; i < 300; i++) {
                t += random.nextInt(4) == 0 ? 0 : 1000L * (1 + random.nextInt(60));
                int pods = random.nextInt(3) == 0 ? random.nextInt(600) : random.nextInt(12);
                int ready = random.nextInt(Math.max(1, pods + 3));
                boolean broken = random.nextInt(5) == 0;
                r = r.observe(t, pods, ready, broken, HORIZON, CAP);

                int n = Math.min(pods, Recurrence.LEVELS);
                if (need.length < n) {
                    int old = need.length;
                    need = Arrays.copyOf(need, n);
                    Arrays.fill(need, old, n, Long.MIN_VALUE);
                }
                long lull = 0;
                for (int k = ready; k < n; k++) {
                    long gap = need[k] == Long.MIN_VALUE ? 0 : t - need[k];
                    if (gap > HORIZON && gap <= CAP) {
                        lull = Math.max(lull, gap);
                    }
                }
                Arrays.fill(need, 0, n, t);
                if (lull > 0) {
                    pending = lull;
                    returned = t;
                }
                if (broken && pending > 0 && t - returned <= HORIZON) {
                    pending = 0;
                }
                assertThat(r.pendingMs()).as("run %d, step %d", run, i).isEqualTo(pending);
                assertThat(r.returnMs()).as("run %d, step %d", run, i).isEqualTo(returned);
                assertThat(r.needTops().length).as("steps, never more than levels").isLessThanOrEqualTo(need.length);
            }
        }
    }
}
