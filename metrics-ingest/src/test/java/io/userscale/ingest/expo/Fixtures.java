package io.userscale.ingest.expo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The exposition fixtures: real expositions, kept where {@link ExpositionFuzzTest} takes its seed
 * inputs from, so the parser's tests and its fuzzing start from the same files.
 */
final class Fixtures {

    /** The fixtures' resource folder. */
    static final String DIR = "/io/userscale/ingest/expo/ExpositionFuzzTestInputs/anyBytesParseWithEveryLineAccountedFor/";

    /** gpu-app's /q/metrics as Micrometer's Prometheus registry (simpleclient 0.16) writes it. */
    static final String GPU_APP = "gpu-app-micrometer.prom";
    /** An OpenMetrics 1.0 exposition: UNIT, _created, exemplars, timestamps in seconds, # EOF. */
    static final String OPENMETRICS = "openmetrics-spec.om";
    /** A node_exporter excerpt with escapes in label values and HELP texts. */
    static final String NODE_EXPORTER = "node-exporter.prom";

    private Fixtures() {
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
