package io.userscale.engine.policy;

import static io.userscale.engine.policy.Obs.NA;
import static io.userscale.engine.policy.Obs.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.contract.Decision.BlockedBy;
import io.userscale.kafka.contract.Decision.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scenario tests of the threshold rules: time moves by the observations, never by sleeping. */
class ThresholdPolicyTest {

    static ThresholdPolicy seed(Map<String, String> overrides) {
        return new ThresholdPolicy("seed", PolicyParams.defaults().with(overrides));
    }

    static ThresholdPolicy seed() {
        return seed(Map.of());
    }

    @Test
    void twentyFiveUsersOnOnePodScaleToThreeWithinTheStep() {
        var p = seed(Map.of("SCALE_UP_STEP", "2"));
        var e = p.evaluate(p.initialState(), at(0, 1, 25, 75.2, 245.1));
        assertThat(e.desired()).isEqualTo(3);
        assertThat(e.target()).isEqualTo(3);
        assertThat(e.blockedBy()).isNull();
        assertThat(Summaries.summary(e)).isEqualTo("🚀 SCALED replicas 1 -> 3 (users=25 cpu=75.2% latency=245.1ms gpu=N/A)");
    }

    @Test
    void aBigDesireIsCutToTheStepAndSaysSo() {
        var p = seed();
        var e = p.evaluate(p.initialState(), at(0, 1, 60, 90, NA));
        assertThat(e.desired()).isEqualTo(6);
        assertThat(e.target()).isEqualTo(3);
        assertThat(e.blockedBy()).isEqualTo(BlockedBy.STEP_LIMIT);
        assertThat(Summaries.summary(e)).startsWith("⚠️  Scale blocked by step limits (replicas 1 -> 3, desired=6");
    }

    @Test
    void cooldownHoldsTheNextOperationUntilItHasPassed() {
        var p = seed();
        var s = p.evaluate(p.initialState(), at(0, 1, 60, 90, NA)).state(); // 1 -> 3 at t=0
        var blocked = p.evaluate(s, at(10, 3, 60, 90, NA));
        assertThat(blocked.target()).isEqualTo(3);
        assertThat(blocked.blockedBy()).isEqualTo(BlockedBy.COOLDOWN);
        assertThat(Summaries.summary(blocked)).startsWith("⏳ Scale blocked by cooldown (replicas=3 desired=6");
        var after = p.evaluate(blocked.state(), at(30, 3, 60, 90, NA));
        assertThat(after.target()).isEqualTo(5);
    }

    @Test
    void atMostMaxConsecutiveOperationsInOneDirectionThenAPause() {
        var p = seed(Map.of("COOLDOWN_PERIOD", "0", "MAX_CONSECUTIVE", "3", "CONSECUTIVE_PAUSE", "60",
                "MAX_REPLICAS", "50"));
        var s = p.initialState();
        int replicas = 1;
        for (int i = 0; i < 3; i++) {
            var e = p.evaluate(s, at(i * 5, replicas, 400, NA, NA));
            assertThat(e.target()).isEqualTo(replicas + 2);
            replicas = e.target();
            s = e.state();
        }
        var fourth = p.evaluate(s, at(15, replicas, 400, NA, NA));
        assertThat(fourth.blockedBy()).isEqualTo(BlockedBy.CONSECUTIVE_LIMIT);
        assertThat(fourth.target()).isEqualTo(replicas);
        var afterPause = p.evaluate(fourth.state(), at(10 + 60, replicas, 400, NA, NA));
        assertThat(afterPause.target()).isEqualTo(replicas + 2);
    }

    @Test
    void smoothingDelaysScaleDownAndLowMarksKeepReplicasInTheBand() {
        var p = seed(Map.of("COOLDOWN_PERIOD", "0"));
        var s = p.evaluate(p.initialState(), at(0, 4, NA, 50, NA)).state();
        var inBand = p.evaluate(s, at(5, 4, NA, 40, NA)); // 0.6×40 + 0.4×50 = 44: in the band
        assertThat(inBand.target()).isEqualTo(4);
        assertThat(inBand.blockedBy()).isNull();
        assertThat(Summaries.summary(inBand)).startsWith("✅ No scale needed (replicas=4 desired=4");
        var low = p.evaluate(inBand.state(), at(10, 4, NA, 10, NA)); // 0.6×10 + 0.4×44 = 23.6 < 35
        assertThat(low.desired()).isEqualTo(2); // ceil(4 × 23.6/50)
        assertThat(low.target()).isEqualTo(3); // one step down
    }

    @Test
    void withNoFreshSignalItHolds() {
        var p = seed();
        var e = p.evaluate(p.initialState(), at(0, 3, NA, NA, NA));
        assertThat(e.target()).isEqualTo(3);
        assertThat(e.blockedBy()).isEqualTo(BlockedBy.STALE_METRICS);
        assertThat(Summaries.summary(e)).startsWith("❓ Holding: metrics stale or missing (replicas=3");
    }

    @Test
    void neverScalesDownWhileASignalSeenBeforeIsStale() {
        var p = seed(Map.of("STALE_AFTER", "30"));
        var first = p.evaluate(p.initialState(), at(0, 6, 30, 20, NA)); // users ask 3, CPU (below its low mark) 3
        assertThat(first.target()).isEqualTo(5); // one step down
        // 40 s later users still report low, CPU has not reported since t=0
        var later = p.evaluate(first.state(), at(40, 5, 10, NA, NA));
        assertThat(later.desired()).isEqualTo(2); // users smoothed: 0.6 × 10 + 0.4 × 30 = 18
        assertThat(later.blockedBy()).isEqualTo(BlockedBy.STALE_METRICS);
        assertThat(later.target()).isEqualTo(5);
        // but a scale-up on the fresh signal is still allowed
        var up = p.evaluate(later.state(), at(80, 5, 90, NA, NA));
        assertThat(up.target()).isEqualTo(7);
    }

    @Test
    void theStabilisationWindowKeepsTheHighestRecentDesire() {
        var p = seed(Map.of("COOLDOWN_PERIOD", "0", "STABILIZATION_WINDOW", "60", "ALPHA", "1",
                "SCALE_DOWN_STEP", "10"));
        var s = p.evaluate(p.initialState(), at(0, 8, 80, NA, NA)).state(); // desire 8
        var e = p.evaluate(s, at(30, 8, 20, NA, NA)); // desire 2, but 8 within the window
        assertThat(e.target()).isEqualTo(8);
        assertThat(e.blockedBy()).isEqualTo(BlockedBy.STABILIZATION);
        var after = p.evaluate(e.state(), at(61, 8, 20, NA, NA)); // the 8 has left the window
        assertThat(after.target()).isEqualTo(2);
    }

    @Test
    void aBurstScalesStraightToTheRawDesireIgnoringCooldownAndSteps() {
        var p = seed(Map.of("BURST_FACTOR", "1.5", "ALPHA", "0.2", "MAX_REPLICAS", "20"));
        var s = p.evaluate(p.initialState(), at(0, 2, 20, NA, NA)).state();
        var e = p.evaluate(s, at(5, 2, 150, NA, NA)); // 150 users > 1.5 × 10 × 2
        assertThat(e.mode()).isEqualTo(Mode.BURST);
        assertThat(e.target()).isEqualTo(15);
        var again = p.evaluate(e.state(), at(6, 15, 190, NA, NA)); // within cooldown, still a burst? 190 < 1.5×10×15
        assertThat(again.mode()).isEqualTo(Mode.NORMAL);
        assertThat(again.blockedBy()).isEqualTo(BlockedBy.COOLDOWN);
    }

    @Test
    void boundsClampTheDesireAndAreReportedWhenTheyHold() {
        var p = seed(Map.of("MAX_REPLICAS", "4"));
        var e = p.evaluate(p.initialState(), at(0, 4, 100, NA, NA));
        assertThat(e.desired()).isEqualTo(4);
        assertThat(e.target()).isEqualTo(4);
        assertThat(e.blockedBy()).isEqualTo(BlockedBy.BOUNDS);
    }

    @Test
    void lookAheadScalesEarlierOnARisingTrend() {
        var plain = seed(Map.of("COOLDOWN_PERIOD", "0", "SCALE_UP_STEP", "10", "MAX_REPLICAS", "50"));
        var ahead = seed(Map.of("COOLDOWN_PERIOD", "0", "SCALE_UP_STEP", "10", "MAX_REPLICAS", "50",
                "PREDICT_AHEAD", "30"));
        var sp = plain.initialState();
        var sa = ahead.initialState();
        int rp = 1;
        int ra = 1;
        for (int t = 0; t <= 30; t += 5) {
            double users = 10 + t; // +1 user per second
            var ep = plain.evaluate(sp, at(t, rp, users, NA, NA));
            var ea = ahead.evaluate(sa, at(t, ra, users, NA, NA));
            sp = ep.state();
            sa = ea.state();
            rp = ep.target();
            ra = ea.target();
        }
        assertThat(ra).isGreaterThan(rp);
    }

    @Test
    void trackReadsSampleNoiseButBarelyASteadyRampNorAnIdleSignal() {
        Track ramp = Track.NEVER;
        Track noisy = Track.NEVER;
        Track dropped = Track.NEVER;
        for (int i = 0; i < 60; i++) {
            ramp = ramp.update(100 + 2 * i, i * 5000L, 0.6, 0.3, true, 0.4);
            noisy = noisy.update(i % 2 == 0 ? 100 : 140, i * 5000L, 0.6, 0.3, true, 0.4);
            dropped = dropped.update(i < 30 ? 30 : 0, i * 5000L, 0.6, 0.3, true, 0.4);
        }
        assertThat(ramp.relativeNoise(0)).isLessThan(0.02);
        // steps of 40 around 120: σ = √π/2 × 40 ≈ 35
        assertThat(noisy.noiseSd()).isCloseTo(Math.sqrt(Math.PI) / 2 * 40, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(noisy.relativeNoise(0)).isBetween(0.25, 0.35);
        assertThat(noisy.calm()).isBetween(110.0, 130.0);
        // gone idle after a drop: measured against one pod's worth (13), not against a level near 0
        assertThat(dropped.relativeNoise(13)).isLessThan(0.05);
    }

    @Test
    void noisyLoadIsSizedFromItsCalmLevelPlusNoiseHeadroomAndSaysSo() {
        var p = Policies.byName("userscale-v1", Map.of("MAX_REPLICAS", "50"));
        @SuppressWarnings("unchecked")
        var policy = (Policy<Object>) p;
        Object s = policy.initialState();
        int replicas = 7;
        Evaluation<Object> e = null;
        for (int t = 0; t <= 600; t += 5) {
            double users = (t / 5) % 2 == 0 ? 60 : 100; // 80 on average, ±20 every sample: few requests a second
            e = policy.evaluate(s, at(t, replicas, users, NA, NA));
            s = e.state();
            replicas = e.target();
        }
        assertThat(Summaries.summary(e)).contains("[noisy load:");
        // the calm level (75 after a 60: EWMA 0.4 of 60, 100, 60, ...) plus 1.48 noise deviations
        // (√π/2 × 40 per 5 s sample) scaled to one second (× √5): about 192 users at 13 per pod
        double sd = Math.sqrt(Math.PI) / 2 * 40;
        assertThat(e.desired()).isEqualTo((int) Math.ceil((75 + 1.48 * sd * Math.sqrt(5)) / 13 - 1e-9));
        var steady = Policies.byName("userscale-v1", Map.of("MAX_REPLICAS", "50"));
        @SuppressWarnings("unchecked")
        var plain = (Policy<Object>) steady;
        Object ps = plain.initialState();
        Evaluation<Object> pe = null;
        for (int t = 0; t <= 600; t += 5) {
            pe = plain.evaluate(ps, at(t, 7, 80 + t / 60.0, NA, NA)); // the same load, smooth and slowly rising
            ps = pe.state();
        }
        assertThat(Summaries.summary(pe)).doesNotContain("noisy");
    }

    @Test
    void noiseGateZeroTurnsNoisyHandlingOff() {
        @SuppressWarnings("unchecked")
        var policy = (Policy<Object>) Policies.byName("userscale-v1", Map.of("MAX_REPLICAS", "50", "NOISE_GATE", "0"));
        Object s = policy.initialState();
        Evaluation<Object> e = null;
        for (int t = 0; t <= 300; t += 5) {
            e = policy.evaluate(s, at(t, 7, (t / 5) % 2 == 0 ? 60 : 100, NA, NA));
            s = e.state();
        }
        assertThat(Summaries.summary(e)).doesNotContain("noisy");
    }
}
