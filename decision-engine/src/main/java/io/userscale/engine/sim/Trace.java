package io.userscale.engine.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Arrays;

/**
 * A request-rate trace ({@code t_seconds,rate}, evenly spaced from 0), read once and sampled per
 * second by linear interpolation between its points.
 *
 * @param name  where it came from
 * @param stepS seconds between points
 * @param rates the rates, one per point
 */
public record Trace(String name, double stepS, double[] rates) {

    /**
     * Reads a CSV with header {@code t_seconds,rate}.
     *
     * @throws IllegalArgumentException naming the line and the problem
     */
    public static Trace read(String name, BufferedReader in) throws IOException {
        String header = in.readLine();
        if (header == null || !header.trim().replace(" ", "").equalsIgnoreCase("t_seconds,rate")) {
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
                throw new IllegalArgumentException(name + ": t_seconds must be evenly spaced; step changes at row "
                        + (i + 2));
            }
        }
        return new Trace(name, step, Arrays.copyOf(r, n));
    }

    /** Length in whole seconds (the last point's time plus one step). */
    public int seconds() {
        return (int) Math.round(rates.length * stepS);
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
}
