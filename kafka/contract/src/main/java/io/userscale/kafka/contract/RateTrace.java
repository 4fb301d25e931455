package io.userscale.kafka.contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A request-rate trace: the CSV format ({@code t_seconds,rate}, a header, then one point per line,
 * evenly spaced from 0) that {@code simulate}, {@code evaluate}, {@code synth}, {@code loadgen} and
 * the demo all read, with one reader and one rule for the rate between points.
 *
 * <p>The rule is linear interpolation between points, held flat after the last. A point is a
 * sample of a rate that moves continuously; a step function would add a jump at every point that
 * real traffic does not have (a 600 s trace would change the load in steps every ten minutes, and
 * a policy would be judged on reacting to steps the service never saw). Played at its points'
 * times, either rule gives the same rate.
 *
 * @param name  where it came from
 * @param stepS seconds between points
 * @param rates the rates, requests per second, one per point
 */
public record RateTrace(String name, double stepS, double[] rates) {

    public RateTrace {
        if (!(stepS > 0) || Double.isInfinite(stepS)) {
            throw new IllegalArgumentException(name + ": the step between points must be positive, got " + stepS);
        }
        if (rates.length == 0) {
            throw new IllegalArgumentException(name + ": no data points");
        }
    }

    /**
     * Reads a trace file.
     *
     * @throws IllegalArgumentException naming the file, the line and the problem
     */
    public static RateTrace read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.getFileName().toString(), in);
        } catch (IllegalArgumentException e) { // named by the whole path, which the user typed
            String name = file.getFileName() + ": ";
            String m = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(file + ": " + (m.startsWith(name) ? m.substring(name.length()) : m), e);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("trace file not found: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read trace " + file + ": " + e.getMessage());
        }
    }

    /**
     * Reads a trace with header {@code t_seconds,rate}.
     *
     * @throws IllegalArgumentException naming the line and the problem
     */
    public static RateTrace read(String name, BufferedReader in) throws IOException {
        String header = in.readLine();
        if (header == null) {
            throw new IllegalArgumentException(name + ": the file is empty; expected the header t_seconds,rate and a line per point");
        }
        if (!header.trim().replace(" ", "").toLowerCase(Locale.ROOT).equals("t_seconds,rate")) {
            throw new IllegalArgumentException(name + ": line 1: expected the header t_seconds,rate, got: " + header);
        }
        double[] t = new double[1024];
        double[] r = new double[1024];
        int n = 0;
        String line;
        int lineNo = 1;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(",");
            if (parts.length != 2) {
                throw new IllegalArgumentException(name + ": line " + lineNo + ": expected t_seconds,rate, got: " + line);
            }
            double ts;
            double rate;
            try {
                ts = Double.parseDouble(parts[0].trim());
                rate = Double.parseDouble(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": line " + lineNo + ": not numbers: " + line);
            }
            if (!Double.isFinite(rate) || rate < 0 || !Double.isFinite(ts)) {
                throw new IllegalArgumentException(name + ": line " + lineNo + ": rate must be finite and >= 0: " + line);
            }
            if (n == t.length) {
                t = Arrays.copyOf(t, n * 2);
                r = Arrays.copyOf(r, n * 2);
            }
            t[n] = ts;
            r[n] = rate;
            n++;
        }
        if (n < 2) {
            throw new IllegalArgumentException(name + ": needs at least two data lines");
        }
        double step = t[1] - t[0];
        if (t[0] != 0 || step <= 0) {
            throw new IllegalArgumentException(name + ": t_seconds must start at 0 and increase");
        }
        for (int i = 2; i < n; i++) {
            if (Math.abs((t[i] - t[i - 1]) - step) > 1e-6 * step) {
                throw new IllegalArgumentException(name + ": t_seconds must be evenly spaced; step changes at line "
                        + (i + 2));
            }
        }
        return new RateTrace(name, step, Arrays.copyOf(r, n));
    }

    /** Seconds the trace covers: its last point's time plus one step. */
    public double lengthS() {
        return rates.length * stepS;
    }

    /** {@link #lengthS()} in whole seconds. */
    public int seconds() {
        return (int) Math.round(lengthS());
    }

    public double peak() {
        double m = 0;
        for (double v : rates) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** The rate at {@code tS} seconds, linearly interpolated, held flat after the last point. */
    public double rateAt(double tS) {
        double x = tS / stepS;
        int i = (int) Math.floor(x);
        if (i >= rates.length - 1) {
            return rates[rates.length - 1];
        }
        if (i < 0) {
            return rates[0];
        }
        double f = x - i;
        return rates[i] * (1 - f) + rates[i + 1] * f;
    }

    /** Per-second rates scaled so the peak equals {@code peakRate}. */
    public double[] perSecond(double peakRate) {
        int n = seconds();
        double scale = peak() > 0 ? peakRate / peak() : 0;
        double[] out = new double[n];
        for (int s = 0; s < n; s++) {
            out[s] = rateAt(s) * scale;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateTrace t && name.equals(t.name) && Double.compare(stepS, t.stepS) == 0
                && Arrays.equals(rates, t.rates);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(rates);
    }

    @Override
    public String toString() {
        return "RateTrace[" + name + ", " + rates.length + " points every " + stepS + " s]";
    }
}
