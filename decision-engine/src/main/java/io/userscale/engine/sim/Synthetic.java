package io.userscale.engine.sim;

import io.userscale.kafka.contract.RateTrace;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic demand traces of shapes real services show, made from a seed, for checking policies
 * on traffic nobody tuned them for and for the project's tests (which never read the shared real
 * traces). Every shape is random within its kind: levels, times, widths and noise come from the
 * seed, so two seeds give two different traces of one shape.
 */
public final class Synthetic {

    /** A kind of traffic. */
    public enum Shape {
        /** A daily cycle (60 s steps, several days) with sudden flash crowds of 3–8× that decay over minutes. */
        FLASH_CROWD("flash-crowd"),
        /** Requests in clusters (1 s steps): bursts of seconds to minutes separated by idle gaps, most seconds idle. */
        CLUSTERED_BURSTS("clustered-bursts"),
        /** A smooth daily aggregate (60 s steps) with short spikes of 1–3 minutes to 1.5–3× the level. */
        DAILY_SPIKES("daily-spikes"),
        /** Slow growth over days (60 s steps): traffic multiplying several-fold, with a daily swing and noise. */
        SLOW_GROWTH("slow-growth"),
        /** Step changes every few minutes between random levels (1 s steps), with Poisson-like noise. */
        STEPS("steps"),
        /** Linear ramps up and down of random slopes (1 s steps), as a batch job or a load test would make. */
        RAMPS("ramps"),
        /**
         * Timer-triggered load (10 s steps, a day): a daily aggregate with one to three scheduled
         * jobs, each firing every 2–60 minutes for 10–120 s at 0.3–2× the level, a few seconds late.
         */
        TIMERS("timers");

        private final String label;

        Shape(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Shape parse(String s) {
            for (Shape sh : values()) {
                if (sh.label.equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return sh;
                }
            }
            throw new IllegalArgumentException("unknown shape '" + s + "'; known: "
                    + String.join(", ", List.of(values()).stream().map(Shape::label).toList()));
        }
    }

    private Synthetic() {
    }

    /** A trace of the shape from the seed, named {@code <shape>-<seed>}. */
    public static RateTrace trace(Shape shape, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + shape.ordinal());
        String name = shape.label() + "-" + seed;
        return switch (shape) {
            case FLASH_CROWD -> flashCrowd(name, r);
            case CLUSTERED_BURSTS -> clusteredBursts(name, r);
            case DAILY_SPIKES -> dailySpikes(name, r);
            case SLOW_GROWTH -> slowGrowth(name, r);
            case STEPS -> steps(name, r);
            case RAMPS -> ramps(name, r);
            case TIMERS -> timers(name, r);
        };
    }

    private static double daily(double tS, double phase, double depth) {
        return 1 + depth * Math.sin(2 * Math.PI * (tS / 86_400.0 + phase));
    }

    private static double noise(SplittableRandom r, double mean, double scale) {
        return Math.max(0, mean + r.nextGaussian() * Math.sqrt(Math.max(mean, 0)) * scale);
    }

    private static RateTrace flashCrowd(String name, SplittableRandom r) {
        int days = 3 + r.nextInt(5);
        int n = days * 1440;
        double base = 50 + r.nextDouble() * 200;
        double phase = r.nextDouble();
        double depth = 0.4 + r.nextDouble() * 0.5;
        double[] rates = new double[n];
        double crowd = 0;
        for (int i = 0; i < n; i++) {
            if (r.nextDouble() < days / 1440.0 * 1.5) { // about 1.5 crowds a day
                crowd += base * (2 + r.nextDouble() * 6);
            }
            double mean = base * daily(i * 60.0, phase, depth) + crowd;
            rates[i] = noise(r, mean, 1);
            crowd *= Math.exp(-1.0 / (3 + r.nextDouble() * 12)); // decays over 3–15 minutes
        }
        return new RateTrace(name, 60, rates);
    }

    private static RateTrace clusteredBursts(String name, SplittableRandom r) {
        int n = 3600 * (1 + r.nextInt(3));
        double[] rates = new double[n];
        double level = 2 + r.nextDouble() * 8;
        int t = 0;
        while (t < n) {
            t += 5 + r.nextInt(180); // idle gap
            int len = 3 + r.nextInt(r.nextDouble() < 0.2 ? 240 : 40);
            double height = level * (0.5 + r.nextDouble() * 3);
            for (int k = 0; k < len && t < n; k++, t++) {
                rates[t] = noise(r, height, 1);
            }
        }
        return new RateTrace(name, 1, rates);
    }

    private static RateTrace dailySpikes(String name, SplittableRandom r) {
        int days = 1 + r.nextInt(3);
        int n = days * 1440;
        double base = 100 + r.nextDouble() * 400;
        double phase = r.nextDouble();
        double depth = 0.2 + r.nextDouble() * 0.4;
        double[] rates = new double[n];
        int spikeLeft = 0;
        double spike = 1;
        for (int i = 0; i < n; i++) {
            if (spikeLeft == 0 && r.nextDouble() < 0.02) {
                spikeLeft = 1 + r.nextInt(3);
                spike = 1.5 + r.nextDouble() * 1.5;
            }
            double mean = base * daily(i * 60.0, phase, depth) * (spikeLeft > 0 ? spike : 1);
            if (spikeLeft > 0) {
                spikeLeft--;
            }
            rates[i] = noise(r, mean, 0.5);
        }
        return new RateTrace(name, 60, rates);
    }

    private static RateTrace slowGrowth(String name, SplittableRandom r) {
        int days = 7 + r.nextInt(8);
        int n = days * 1440;
        double start = 20 + r.nextDouble() * 50;
        double growth = Math.log(2 + r.nextDouble() * 6) / n; // grows 2–8× over the trace
        double phase = r.nextDouble();
        double depth = 0.3 + r.nextDouble() * 0.4;
        double[] rates = new double[n];
        for (int i = 0; i < n; i++) {
            double mean = start * Math.exp(growth * i) * daily(i * 60.0, phase, depth);
            rates[i] = noise(r, mean, 1);
        }
        return new RateTrace(name, 60, rates);
    }

    private static RateTrace steps(String name, SplittableRandom r) {
        int n = 3600 * (2 + r.nextInt(3));
        double[] rates = new double[n];
        double level = 50 + r.nextDouble() * 100;
        int t = 0;
        while (t < n) {
            int len = 120 + r.nextInt(900);
            double target = 20 + r.nextDouble() * 300;
            for (int k = 0; k < len && t < n; k++, t++) {
                rates[t] = noise(r, level, 1);
            }
            level = target;
        }
        return new RateTrace(name, 1, rates);
    }

    private static RateTrace ramps(String name, SplittableRandom r) {
        int n = 3600 * (2 + r.nextInt(3));
        double[] rates = new double[n];
        double level = 20 + r.nextDouble() * 50;
        int t = 0;
        while (t < n) {
            int len = 60 + r.nextInt(1200);
            double target = 10 + r.nextDouble() * 300;
            double slope = (target - level) / len;
            for (int k = 0; k < len && t < n; k++, t++) {
                level += slope;
                rates[t] = noise(r, level, 1);
            }
        }
        return new RateTrace(name, 1, rates);
    }

    private static RateTrace timers(String name, SplittableRandom r) {
        int step = 10;
        int n = 86_400 / step;
        double base = 50 + r.nextDouble() * 200;
        double phase = r.nextDouble();
        double depth = 0.2 + r.nextDouble() * 0.4;
        int[] everyMin = {2, 5, 10, 15, 20, 30, 60};
        int jobs = 1 + r.nextInt(3);
        double[] rates = new double[n];
        for (int i = 0; i < n; i++) {
            rates[i] = base * daily(i * step, phase, depth);
        }
        for (int j = 0; j < jobs; j++) {
            int every = everyMin[r.nextInt(everyMin.length)] * 60;
            int offset = r.nextInt(every);
            int length = 10 + r.nextInt(111);
            double height = base * (0.3 + r.nextDouble() * 1.7);
            for (int fire = offset; fire < n * step; fire += every) {
                int start = fire + r.nextInt(6); // a few seconds late
                for (int t = start; t < start + length && t / step < n; t += step) {
                    rates[t / step] += height;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            rates[i] = noise(r, rates[i], 1);
        }
        return new RateTrace(name, step, rates);
    }
}
