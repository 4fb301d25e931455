package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The benchmark scripts as a caller sees them: a run that measured something exits 0 (its clean-up
 * stops the gpu-app it started without turning that into the script's status), and a usage error is
 * one line with exit 2.
 */
class BenchScriptsIT {

    static final Path ROOT = DemoIT.ROOT;

    record Run(int exit, String out) {
    }

    static Run bench(String script, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(java.util.List.of("bash", ROOT.resolve("scripts/" + script).toString()));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("ROOT", ROOT.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void aBenchmarkThatRanExitsZero() throws Exception {
        boolean numpy = new ProcessBuilder("python3", "-c", "import numpy").start().waitFor() == 0;
        if (!numpy) {
            System.out.println("[skipped] BenchScriptsIT.aBenchmarkThatRanExitsZero: no python3 numpy to compare with");
        }
        Assumptions.assumeTrue(numpy, "bench matmul compares with numpy, which is not installed");
        Run r = bench("bench-matmul.sh", "--size", "64");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("CPU SGEMM n=64").contains("ratio");
    }

    @Test
    void usageErrorsAreOneLineWithExitTwo() throws Exception {
        Run r = bench("bench-matmul.sh", "--size");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out().strip()).isEqualTo("userscale bench matmul: --size needs a value (try ./userscale bench "
                + "matmul --help)");
        r = bench("bench-loadgen.sh", "--connections");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out().strip()).startsWith("userscale bench loadgen: --connections needs a value");
    }
}
