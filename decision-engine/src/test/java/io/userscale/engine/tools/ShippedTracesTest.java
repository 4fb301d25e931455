package io.userscale.engine.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.userscale.kafka.contract.RateTrace;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The traces the project ships: every one the README's examples name exists, reads, and is credited. */
class ShippedTracesTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyTraceTheReadmeNamesShipsWithTheProjectAndIsCredited() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String credits = Files.readString(ROOT.resolve("traces/README.md"));
        Matcher m = Pattern.compile("traces/([A-Za-z0-9_.-]+\\.csv)").matcher(readme);
        int named = 0;
        while (m.find()) {
            assertThat(ROOT.resolve("traces").resolve(m.group(1))).as("README names %s", m.group(0)).isRegularFile();
            named++;
        }
        assertThat(named).isPositive();
        try (Stream<Path> files = Files.list(ROOT.resolve("traces"))) {
            List<Path> csvs = files.filter(f -> f.toString().endsWith(".csv")).toList();
            assertThat(csvs).hasSize(6);
            for (Path f : csvs) {
                assertThat(credits).as("traces/README.md credits %s", f.getFileName())
                        .contains("`" + f.getFileName() + "`");
                try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    RateTrace t = RateTrace.read(f.getFileName().toString(), in);
                    assertThat(t.seconds()).isGreaterThan(3000);
                    assertThat(t.peak()).isPositive();
                }
            }
        }
    }
}
