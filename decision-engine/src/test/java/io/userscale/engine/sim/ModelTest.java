package io.userscale.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ModelTest {

    final Model m = Model.defaults();

    @Test
    void latencyGrowsWithUtilisationAndMeetsTheSloExactlyAtItsLimit() {
        double previous = 0;
        for (double rho = 0; rho < 0.99; rho += 0.01) {
            double p95 = m.p95AtUtilisation(rho);
            assertThat(p95).isGreaterThanOrEqualTo(previous);
            previous = p95;
        }
        assertThat(m.p95AtUtilisation(0)).isEqualTo(m.serviceMs());
        assertThat(m.p95AtUtilisation(1)).isInfinite();
        assertThat(m.p95AtUtilisation(m.utilisationAtSlo())).isCloseTo(m.sloMs(), within(0.01));
        assertThat(m.utilisationAtSlo()).isBetween(0.75, 0.9);
    }

    @Test
    void podsNeededIsTheFewestThatMeetTheSlo() {
        double perPod = m.rateAtSlo();
        assertThat(m.podsNeeded(0)).isEqualTo(1);
        assertThat(m.podsNeeded(perPod * 3)).isEqualTo(3);
        assertThat(m.podsNeeded(perPod * 3 + 0.01)).isEqualTo(4);
        assertThat(m.capacityRps()).isEqualTo(40);
    }

    @Test
    void initialPodsCoverTheFirstStartUpPeriod() {
        double[] rates = new double[100];
        rates[20] = m.rateAtSlo() * 5; // within the first 30 s
        rates[50] = m.rateAtSlo() * 9; // after it
        assertThat(m.initialPods(rates)).isEqualTo(5);
    }

    @Test
    void anImpossibleModelIsRefusedSayingWhy() {
        assertThatThrownBy(() -> new Model(20, 30, 40, 50, 2, 2, 5, 1, 60))
                .hasMessageContaining("sloMs 40 ms must be above the service time of one request, 50 ms");
        assertThatThrownBy(() -> new Model(20, 30, 200, 50, 0, 2, 5, 1, 60))
                .hasMessageContaining("concurrency must be at least 1, got 0");
    }
}
