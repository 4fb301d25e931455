package io.userscale.kafka.local;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build gathered the broker jars (kafka/broker/target/broker), as failsafe passes it. */
final class BrokerLib {

    private BrokerLib() {
    }

    static Path dir() {
        String dir = System.getProperty("userscale.broker.lib");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
                "skipped: system property userscale.broker.lib does not name the broker jars' directory "
                        + "(run through Maven: ./mvnw verify)");
        return Path.of(dir);
    }
}
