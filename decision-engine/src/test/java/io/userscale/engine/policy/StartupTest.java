package io.userscale.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.contract.TargetSnapshot.PodSample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static PodSample pod(String name, boolean ready, long startedS) {
        return new PodSample(name, ready, T0.plusSeconds(startedS), null, null, null, null, null);
    }

    static long ms(long seconds) {
        return T0.plusSeconds(seconds).toEpochMilli();
    }

    @Test
    void measuresCreatedToReadyFromThePodsSeenStartingLessHalfAnInterval() {
        Startup s = Startup.NONE;
        s = s.observe(List.of(pod("a", true, -600), pod("b", false, 0)), ms(5), 5_000);
        assertThat(s.pending()).isEqualTo(1);
        s = s.observe(List.of(pod("a", true, -600), pod("b", false, 0)), ms(30), 5_000);
        s = s.observe(List.of(pod("a", true, -600), pod("b", true, 0)), ms(45), 5_000);
        assertThat(s.pending()).isZero();
        assertThat(s.samples()).containsExactly(42.5);
        assertThat(s.p90(30)).isEqualTo(42.5);
        assertThat(Startup.NONE.p90(30)).as("none seen: the prior").isEqualTo(30);
    }

    @Test
    void podsStillStartingSpareWhatTheyServeOnceReadyBeyondTheArrivals() {
        // two pods started at 0 and 40 s, ready 60 s after: at 50 s, over the next 100 s, with 3
        // ready pods and arrivals taking 3, none spare for 10 s, one from 60 s, two from 100 s; with
        // arrivals taking 6, three short for 10 s, two then, one from 100 s
        Startup s = Startup.NONE.observe(List.of(pod("a", true, -600), pod("b", false, 0), pod("c", false, 40)),
                ms(50), 5_000);
        assertThat(s.spareWithin(ms(50), 60, 100, 3, 3)).isEqualTo(0 * 10 + 1 * 40 + 2 * 50);
        assertThat(s.spareWithin(ms(50), 60, 100, 3, 6)).as("arrivals beyond them: short, and it queues")
                .isEqualTo(-(3 * 10 + 2 * 40 + 1 * 50));
        assertThat(s.spareWithin(ms(50), 60, 30, 5, 4)).as("within the horizon only").isEqualTo(1 * 10 + 2 * 20);
        assertThat(Startup.NONE.spareWithin(ms(50), 60, 100, 5, 4.5)).as("none starting").isEqualTo(50);
    }

    @Test
    void aPodThatGoesBeforeItIsReadyIsForgottenAndTheSamplesKeepTheLatest() {
        Startup s = Startup.NONE.observe(List.of(pod("gone", false, 0)), ms(5), 5_000);
        s = s.observe(List.of(), ms(10), 5_000);
        assertThat(s.pending()).isZero();
        assertThat(s.samples()).isEmpty();
        for (int i = 0; i < 40; i++) {
            String name = "p" + i;
            s = s.observe(List.of(pod(name, false, i * 100L)), ms(i * 100L + 1), 5_000);
            s = s.observe(List.of(pod(name, true, i * 100L)), ms(i * 100L + 20 + i), 5_000);
        }
        assertThat(s.samples()).hasSize(Startup.SAMPLES);
        assertThat(s.p90(0)).as("the 90th percentile of the last 16").isGreaterThan(s.samples()[0]);
    }
}
