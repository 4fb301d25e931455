package io.userscale.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The policy core stays pure: no Kafka client, Quarkus, Mutiny, fabric8 or JCuda in its packages. */
class PurityTest {

    static final List<String> FORBIDDEN = List.of("org.apache.kafka", "io.quarkus", "io.smallrye", "io.fabric8",
            "jcuda", "jakarta.", "org.jboss", "java.net.", "java.nio.file", "java.lang.System");

    @ParameterizedTest
    @ValueSource(strings = {"signal", "policy", "sim"})
    void packageImportsNothingImpure(String pkg) throws IOException {
        Path dir = Path.of("src/main/java/io/userscale/engine", pkg);
        assertThat(dir).isDirectory();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String l = line.trim();
                    if (l.startsWith("import ")) {
                        for (String bad : FORBIDDEN) {
                            assertThat(l).as("%s imports %s", f, bad).doesNotContain(bad);
                        }
                    }
                    assertThat(l).as("%s reads the clock", f)
                            .doesNotContain("System.currentTimeMillis").doesNotContain("Instant.now(")
                            .doesNotContain("System.nanoTime");
                }
            }
        }
    }
}
