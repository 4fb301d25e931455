package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

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
}
