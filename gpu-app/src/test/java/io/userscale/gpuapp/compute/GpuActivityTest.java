package io.userscale.gpuapp.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GpuActivityTest {

    static final long S = 1_000_000_000L;

    @Test
    void idleIsZeroAndBusyTimeCountsOverTheWindow() throws Exception {
        GpuActivity a = new GpuActivity();
        long t0 = System.nanoTime();
        assertThat(a.percent(t0 + 20 * S)).isZero();
        // 2.5 s busy, from 10 s to 12.5 s after the start
        a.add(t0 + 10 * S, t0 + 10 * S + 5 * S / 2);
        assertThat(a.percent(t0 + 15 * S)).isCloseTo(25.0, within(3.0));
        assertThat(a.percent(t0 + 30 * S)).as("long gone from the window").isZero();
    }

    @Test
    void anOperationInFlightCounts() throws Exception {
        GpuActivity a = new GpuActivity();
        a.begin();
        Thread.sleep(200);
        double during = a.percent();
        a.end();
        assertThat(during).isPositive();
        assertThat(a.percent()).isPositive();
    }
}
