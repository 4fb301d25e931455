package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** The scale-down tolerance, learned from the scale-downs: each judged within a horizon of it. */
class ReleaseTest {

    static final long HORIZON = 35_000;
    static final double STEP = 0.1;

    @Test
    void aScaleDownThatHoldsForAHorizonNarrowsTheBandAndOneUndoneWidensIt() {
        Release r = new Release(0.05, ModelPolicy.UNSET, 0).released(0, 4, STEP);
        assertThat(r.observe(30_000, 4, false, HORIZON, STEP).tolerance()).as("still on trial").isEqualTo(0.05);
        Release held = r.observe(35_000, 4, false, HORIZON, STEP);
        assertThat(held.tolerance()).as("held a horizon").isCloseTo(0.04, offset(1e-12));
        assertThat(held.sinceMs()).as("judged once").isEqualTo(ModelPolicy.UNSET);
        assertThat(held.observe(100_000, 9, true, HORIZON, STEP)).as("nothing on trial: nothing judged").isEqualTo(held);

        Release none = new Release(0, ModelPolicy.UNSET, 0).released(0, 4, STEP);
        assertThat(none.observe(20_000, 5, false, HORIZON, STEP).tolerance()).as("a pod asked back within the horizon")
                .isCloseTo(0.09, offset(1e-12));
        assertThat(none.observe(20_000, 4, true, HORIZON, STEP).tolerance()).as("the SLO broke within the horizon")
                .isCloseTo(0.09, offset(1e-12));
        assertThat(r.observe(20_000, 5, false, HORIZON, STEP).tolerance()).as("never wider than the tolerance")
                .isEqualTo(STEP);
    }

    @Test
    void aScaleDownOnTrialWhenAnotherComesHadHeld() {
        Release r = Release.initial(STEP).released(0, 6, STEP).released(10_000, 5, STEP);
        assertThat(r.tolerance()).as("the first held").isCloseTo(0.09, offset(1e-12));
        assertThat(r.to()).isEqualTo(5);
        assertThat(r.sinceMs()).isEqualTo(10_000);
    }

    @Test
    void theBandNarrowsToNoneWhereScaleDownsHoldAndNeverGrowsBeyondTheTolerance() {
        Release r = Release.initial(STEP);
        for (int i = 0; i < 200; i++) { // none undone: narrows to none and stays
            r = r.released(i * 60_000L, 3, STEP).observe(i * 60_000L + HORIZON, 3, false, HORIZON, STEP);
        }
        assertThat(r.tolerance()).isZero();
        for (int i = 0; i < 5; i++) { // every one undone: back to the tolerance, no further
            r = r.released(i * 60_000L, 3, STEP).observe(i * 60_000L + 5_000, 4, false, HORIZON, STEP);
        }
        assertThat(r.tolerance()).isEqualTo(STEP);
        double sum = 0;
        for (int i = 0; i < 1000; i++) { // one in ten undone: it wanders about its middle
            r = r.released(i * 60_000L, 3, STEP).observe(i * 60_000L + 5_000, i % 10 == 0 ? 4 : 3, false, HORIZON, STEP)
                    .observe(i * 60_000L + HORIZON, 3, false, HORIZON, STEP);
            sum += r.tolerance();
        }
        assertThat(sum / 1000).isBetween(0.01, 0.09);
    }
}
