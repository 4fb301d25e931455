package io.userscale.kafka.local;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What a data directory remembers of the broker started from it ({@code broker.pid}): its process
 * id and addresses, so {@code stop}, {@code status} and {@code topics} find it from another
 * process.
 *
 * @param pid            broker process id
 * @param host           address it listens on
 * @param port           client port
 * @param controllerPort KRaft controller port
 * @param startedAt      when it became ready
 */
public record BrokerRecord(long pid, String host, int port, int controllerPort, Instant startedAt) {

    static final String FILE = "broker.pid";

    public String bootstrapServers() {
        return host + ":" + port;
    }

    /** The live broker process this record names, if it is still running. */
    public Optional<ProcessHandle> liveProcess() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(BrokerRecord::isBroker);
    }

    static boolean isBroker(ProcessHandle handle) {
        return handle.info().arguments()
                .map(args -> java.util.Arrays.asList(args).contains(LocalKafka.BROKER_MAIN))
                .orElse(true);
    }

    static Optional<BrokerRecord> read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
            return Optional.of(new BrokerRecord(Long.parseLong(p.getProperty("pid")), p.getProperty("host"),
                    Integer.parseInt(p.getProperty("port")), Integer.parseInt(p.getProperty("controllerPort")),
                    Instant.parse(p.getProperty("startedAt"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void write(Path dataDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("controllerPort", Integer.toString(controllerPort));
        p.setProperty("startedAt", startedAt.toString());
        Path tmp = dataDir.resolve(FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "userscale local Kafka broker");
        }
        Files.move(tmp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void delete(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve(FILE));
    }
}
