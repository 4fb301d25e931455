package io.userscale.kafka.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./userscale} launcher, run as a user runs it (on what the build has made). */
class LauncherIT {

    @TempDir
    Path home;

    record Run(int exit, String out, String err) {
    }

    @Test
    void unknownCommandsPrintHelpAndFail() throws Exception {
        Run run = launch("deploy");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown command: deploy").contains("Usage: ./userscale <command>")
                .contains("kafka start|stop|status|topics|sample");
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Run run = launch("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("kafka start|stop|status|topics|sample").contains("test");
    }

    @Test
    void kafkaStatusRunsTheBuiltCommandLineWithAJdkOf21OrNewer() throws Exception {
        Run run = launch("kafka", "status");
        assertThat(run.exit()).as(run.err()).isEqualTo(KafkaCli.NOT_RUNNING);
        assertThat(run.out()).contains("Kafka is not running (data dir " + home.resolve("kafka") + ")");
        Run unknown = launch("kafka", "restart");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument").contains("restart");
    }

    @Test
    void anOptionWithoutItsValueIsAOneLineUsageError() throws Exception {
        Run run = launch("app", "--port");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("userscale app: --port needs a value (try ./userscale app --help)");
        Run other = launch("app", "--verbose");
        assertThat(other.exit()).isEqualTo(2);
        assertThat(other.err()).contains("userscale app: unknown option --verbose");
    }

    private Run launch(String... args) throws Exception {
        String launcher = System.getProperty("userscale.launcher");
        assumeTrue(launcher != null && Files.isExecutable(Path.of(launcher)),
                "skipped: system property userscale.launcher does not name the launcher (run through Maven)");
        var command = new java.util.ArrayList<>(List.of("bash", launcher));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().put("USERSCALE_HOME", home.toString());
        builder.environment().put("USERSCALE_NO_BUILD", "1");
        builder.environment().remove("JAVA_HOME"); // the launcher must find a JDK by itself
        Process p = builder.start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
