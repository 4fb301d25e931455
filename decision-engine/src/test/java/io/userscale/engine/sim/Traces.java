package io.userscale.engine.sim;

import io.userscale.kafka.contract.RateTrace;
import java.util.Random;

/** Synthetic demand traces for tests, made here (tests never read the shared real traces). */
final class Traces {

    private Traces() {
    }

    /** A slow daily-like wave with Poisson-like noise. */
    static RateTrace noisyWave(long seed, int seconds) {
        Random r = new Random(seed);
        double[] rates = new double[seconds];
        for (int t = 0; t < seconds; t++) {
            double mean = 100 + 60 * Math.sin(2 * Math.PI * t / 1800.0);
            rates[t] = Math.max(0, mean + r.nextGaussian() * Math.sqrt(mean) * 2);
        }
        return new RateTrace("noisy-wave-" + seed, 1, rates);
    }

    /** A flat base with steep bursts of 3–5×. */
    static RateTrace bursts(long seed, int seconds) {
        Random r = new Random(seed);
        double[] rates = new double[seconds];
        int burstStart = 600;
        for (int t = 0; t < seconds; t++) {
            boolean inBurst = (t % 1800) >= burstStart && (t % 1800) < burstStart + 480;
            double mean = inBurst ? 100 * (3 + (seed % 3)) : 100;
            rates[t] = Math.max(0, mean + r.nextGaussian() * Math.sqrt(mean));
        }
        return new RateTrace("bursts-" + seed, 1, rates);
    }

    /** Minute-step data with short spikes, as the serverless aggregate looks. */
    static RateTrace minuteSpikes(long seed, int minutes) {
        Random r = new Random(seed);
        double[] rates = new double[minutes];
        for (int i = 0; i < minutes; i++) {
            rates[i] = 50 + 20 * Math.sin(i / 60.0) + (r.nextDouble() < 0.05 ? 60 : 0);
        }
        return new RateTrace("minute-spikes-" + seed, 60, rates);
    }
}
