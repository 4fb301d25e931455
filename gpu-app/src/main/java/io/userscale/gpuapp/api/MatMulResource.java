package io.userscale.gpuapp.api;

import io.userscale.gpuapp.GpuAppConfig;
import io.userscale.gpuapp.compute.Engines;
import io.userscale.gpuapp.compute.MatMulEngine;
import io.userscale.gpuapp.compute.Matrices;
import io.userscale.gpuapp.compute.ModelDevice;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Matrix multiplication and busy work, the load userscale scales this service on. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class MatMulResource {

    @Inject
    GpuAppConfig config;

    @Inject
    Engines engines;

    @Inject
    Workers workers;

    /**
     * The result of a server-generated product.
     *
     * @param size     n
     * @param device   {@code cpu} or {@code gpu}
     * @param backend  the implementation that ran
     * @param millis   time of the multiplication alone
     * @param gflops   2n³ / time
     * @param checksum sum of the product's elements
     * @param norm     Frobenius norm of the product
     */
    public record Product(int size, String device, String backend, double millis, double gflops, double checksum,
                          double norm) {
    }

    /** Caller-supplied operands. */
    public record Operands(float[][] a, float[][] b) {
    }

    /** The product of caller-supplied operands. */
    public record Result(int size, String device, String backend, double millis, float[][] c) {
    }

    @GET
    @Path("/matmul")
    public Product generated(@QueryParam("size") String size, @QueryParam("device") @DefaultValue("auto") String device,
                             @QueryParam("seed") @DefaultValue("42") String seed) {
        int n = wholeNumber("size", size, 1, config.maxSize());
        long s = wholeNumber("seed", seed);
        MatMulEngine engine = engine(device);
        return workers.run(() -> {
            float[] a = Matrices.random(n, s);
            float[] b = Matrices.random(n, s + 1);
            float[] c = new float[n * n];
            long t0 = System.nanoTime();
            engine.multiply(n, a, b, c);
            double ms = (System.nanoTime() - t0) / 1e6;
            return new Product(n, engine.device(), engine.backend(), ms, 2.0 * n * n * n / (ms * 1e6),
                    Matrices.sum(c), Matrices.frobenius(c));
        });
    }

    @POST
    @Path("/matmul")
    @Consumes(MediaType.APPLICATION_JSON)
    public Result supplied(Operands body, @QueryParam("device") @DefaultValue("auto") String device) {
        if (body == null) {
            throw BadRequest.invalid("body", "expected a JSON object {\"a\": [[...]], \"b\": [[...]]}");
        }
        int n = square("a", body.a());
        int nb = square("b", body.b());
        if (n != nb) {
            throw BadRequest.invalid("b", "a is " + n + "×" + n + " but b is " + nb + "×" + nb
                    + "; both must have the same size");
        }
        MatMulEngine engine = engine(device);
        return workers.run(() -> {
            float[] a = flatten(body.a());
            float[] b = flatten(body.b());
            float[] c = new float[n * n];
            long t0 = System.nanoTime();
            engine.multiply(n, a, b, c);
            double ms = (System.nanoTime() - t0) / 1e6;
            float[][] rows = new float[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = java.util.Arrays.copyOfRange(c, i * n, (i + 1) * n);
            }
            return new Result(n, engine.device(), engine.backend(), ms, rows);
        });
    }

    @GET
    @Path("/work")
    public Map<String, Object> work(@QueryParam("ms") String ms, @QueryParam("device") @DefaultValue("auto") String device) {
        int millis = wholeNumber("ms", ms, 1, config.maxWorkMs());
        if ("model".equalsIgnoreCase(device == null ? "" : device.trim())) {
            return modelled(millis);
        }
        MatMulEngine engine = engine(device);
        return workers.run(() -> {
            long t0 = System.nanoTime();
            engine.busy(millis);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ms", millis);
            out.put("device", engine.device());
            out.put("tookMs", (System.nanoTime() - t0) / 1e6);
            return out;
        });
    }

    /** Busy work on the modelled device: on the request's own thread, which waits; no worker is taken. */
    private Map<String, Object> modelled(int millis) {
        ModelDevice m = engines.model().orElseThrow(() -> new BadRequest(503,
                "device=model asked, but the modelled device is off: start gpu-app with gpuapp.model-slots > 0",
                "device", null));
        long t0 = System.nanoTime();
        double waited;
        try {
            waited = m.serve(millis);
        } catch (ModelDevice.Full e) {
            throw Workers.busy(e.getMessage(), config.retryAfterSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ms", millis);
        out.put("device", "model");
        out.put("queuedMs", Math.round(waited * 10) / 10.0);
        out.put("tookMs", (System.nanoTime() - t0) / 1e6);
        return out;
    }

    @GET
    @Path("/info")
    public Map<String, Object> info() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("devices", engines.gpu().isPresent() ? List.of("cpu", "gpu") : List.of("cpu"));
        out.put("cpuBackend", engines.cpu().backend());
        out.put("nativeBlas", engines.cpu().isNative());
        out.put("gpu", engines.gpu().<Object>map(MatMulEngine::backend)
                .orElse(Map.of("available", false, "reason", engines.gpuUnavailableReason())));
        out.put("model", engines.model().<Object>map(m -> Map.of("slots", m.slots(), "queue", m.queueLimit()))
                .orElse(Map.of("enabled", false)));
        out.put("workers", workers.workers());
        out.put("queue", workers.queueCapacity());
        out.put("limits", Map.of("maxSize", config.maxSize(), "maxPostSize", config.maxPostSize(),
                "maxWorkMs", config.maxWorkMs()));
        return out;
    }

    private MatMulEngine engine(String device) {
        return switch (device == null ? "auto" : device.toLowerCase(Locale.ROOT)) {
            case "auto" -> engines.gpu().orElse(engines.cpu());
            case "cpu" -> engines.cpu();
            case "gpu" -> engines.gpu().orElseThrow(() -> new BadRequest(503,
                    "device=gpu asked, but this pod has no GPU: " + engines.gpuUnavailableReason(), "device", null));
            case "model" -> throw BadRequest.invalid("device", "device=model does only busy work (/api/work)");
            default -> throw BadRequest.invalid("device", "device must be auto, gpu or cpu, got '" + device + "'");
        };
    }

    private int square(String field, float[][] m) {
        if (m == null || m.length == 0) {
            throw BadRequest.invalid(field, field + " is missing or empty; expected a square matrix [[...], ...]");
        }
        int n = m.length;
        if (n > config.maxPostSize()) {
            throw BadRequest.tooLarge(field, field + " is " + n + "×" + n + ", above the limit of "
                    + config.maxPostSize() + "×" + config.maxPostSize(), config.maxPostSize());
        }
        for (int i = 0; i < n; i++) {
            if (m[i] == null) {
                throw BadRequest.invalid(field + "[" + i + "]", field + "[" + i + "] is null; expected a row of numbers");
            }
            if (m[i].length != n) {
                throw BadRequest.invalid(field + "[" + i + "]", field + " must be square: row " + i + " has "
                        + m[i].length + " values, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                if (!Float.isFinite(m[i][j])) {
                    throw BadRequest.invalid(field + "[" + i + "][" + j + "]", field + "[" + i + "][" + j
                            + "] is not a finite float32");
                }
            }
        }
        return n;
    }

    private static float[] flatten(float[][] m) {
        int n = m.length;
        float[] out = new float[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, out, i * n, n);
        }
        return out;
    }

    private static int wholeNumber(String field, String value, int min, int max) {
        long v = wholeNumber(field, value);
        if (v < min || v > max) {
            throw new BadRequest(400, field + " must be between " + min + " and " + max + ", got " + value, field, max);
        }
        return (int) v;
    }

    private static long wholeNumber(String field, String value) {
        if (value == null || value.isBlank()) {
            throw BadRequest.invalid(field, field + " is required");
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw BadRequest.invalid(field, field + " must be a whole number, got '" + value + "'");
        }
    }
}
