package io.userscale.loadgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request-rate trace ({@code t_seconds,rate} CSV with a header, times ascending), replayed as
 * a step function: the rate of a point holds until the next point's time.
 *
 * @param name    the file name
 * @param times   seconds since the start of the trace
 * @param rates   requests per second from that time on
 */
public record RateTrace(String name, double[] times, double[] rates) {

    /**
     * Reads a trace.
     *
     * @throws IllegalArgumentException naming the file, the line and the problem
     */
    public static RateTrace read(Path file) {
        List<double[]> points = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.trim().toLowerCase(Locale.ROOT).replace(" ", "").startsWith("t_seconds,rate")) {
                throw new IllegalArgumentException(file + ": line 1: expected the header t_seconds,rate, got '"
                        + (header == null ? "" : header.strip()) + "'");
            }
            String line;
            int n = 1;
            double last = Double.NEGATIVE_INFINITY;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length < 2) {
                    throw new IllegalArgumentException(file + ": line " + n + ": expected t_seconds,rate, got '"
                            + line.strip() + "'");
                }
                double t;
                double r;
                try {
                    t = Double.parseDouble(f[0].trim());
                    r = Double.parseDouble(f[1].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ": line " + n + ": not a number in '" + line.strip() + "'");
                }
                if (!Double.isFinite(t) || !Double.isFinite(r) || r < 0) {
                    throw new IllegalArgumentException(file + ": line " + n + ": time and rate must be finite and the "
                            + "rate at least 0, got '" + line.strip() + "'");
                }
                if (t <= last) {
                    throw new IllegalArgumentException(file + ": line " + n + ": times must ascend (" + t + " after "
                            + last + ")");
                }
                last = t;
                points.add(new double[] {t, r});
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("trace file not found: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read trace " + file + ": " + e.getMessage());
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException(file + ": no data points");
        }
        double[] times = new double[points.size()];
        double[] rates = new double[points.size()];
        double t0 = points.get(0)[0];
        for (int i = 0; i < times.length; i++) {
            times[i] = points.get(i)[0] - t0;
            rates[i] = points.get(i)[1];
        }
        return new RateTrace(file.getFileName().toString(), times, rates);
    }

    /** Seconds the trace covers: up to its last point, plus that point's step (taken as the one before it). */
    public double lengthS() {
        int n = times.length;
        return n == 1 ? 1 : times[n - 1] + (times[n - 1] - times[n - 2]);
    }

    public double peak() {
        double p = 0;
        for (double r : rates) {
            p = Math.max(p, r);
        }
        return p;
    }

    /** The rate at {@code t} seconds into the trace. */
    public double rateAt(double t) {
        int lo = 0;
        int hi = times.length - 1;
        while (lo < hi) { // last point with time <= t
            int mid = (lo + hi + 1) >>> 1;
            if (times[mid] <= t) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return rates[lo];
    }
}
