package io.userscale.gpuapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A replica started with userscale.parent-pid exits by itself once that process is gone. */
class ParentWatchIT {

    @Test
    void aReplicaDoesNotOutliveItsOwner() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).exists();
        Process owner = new ProcessBuilder("sleep", "6").start();
        Path log = Files.createTempFile("parent-watch", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process app = new ProcessBuilder(List.of(java, "-Dquarkus.http.port=0", "-Dquarkus.management.port=0",
                "-Dgpuapp.gpu-enabled=false", "-Duserscale.parent-pid=" + owner.pid(), "-jar", jar.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.readString(log).contains("started in") || !app.isAlive());
            assertThat(Files.readString(log)).as("the replica started").contains("started in");
            assertThat(app.isAlive()).as("alive while its owner is").isTrue();
            owner.waitFor(10, TimeUnit.SECONDS);
            assertThat(app.waitFor(20, TimeUnit.SECONDS)).as("exits once its owner is gone").isTrue();
            assertThat(Files.readString(log)).contains("owner process " + owner.pid() + " is gone");
        } finally {
            app.destroyForcibly();
            owner.destroyForcibly();
            new File(log.toString()).delete();
        }
    }
}
