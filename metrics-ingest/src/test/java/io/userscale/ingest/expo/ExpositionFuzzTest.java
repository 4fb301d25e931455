package io.userscale.ingest.expo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of what a pod's metrics endpoint may answer: whatever the bytes, the
 * parser returns, accounts for every line as a sample or a skipped line with a reason, and the
 * signals read from it are absent or finite numbers (what JSON can carry; a negative reading is
 * passed on as reported, for the engine's circuit breaker to name). Run as a test it replays the
 * inputs under src/test/resources (the real expositions as seeds, and whatever fuzzing found);
 * {@code JAZZER_FUZZ=1} fuzzes it for {@code maxDuration}.
 */
class ExpositionFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytesParseWithEveryLineAccountedFor(byte[] bytes) {
        for (Format format : Format.values()) {
            Exposition e = Exposition.parse(bytes, format, Exposition.DEFAULT_MAX_BYTES);
            assertThat(e.samples().size() + e.skippedCount()).isLessThanOrEqualTo(e.lineCount() + 1);
            assertThat(e.skipped()).allSatisfy(s -> assertThat(s.reason()).isNotBlank());
            Signals signals = Signals.extract(e, SignalMapping.defaults());
            for (Double v : new Double[] {signals.users(), signals.cpuPercent(), signals.gpuPercent(),
                    signals.inflight(), signals.requests()}) {
                assertThat(v == null || Double.isFinite(v)).as("signal %s in %s", v, signals).isTrue();
            }
        }
    }
}
