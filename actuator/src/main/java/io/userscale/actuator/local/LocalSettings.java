package io.userscale.actuator.local;

import io.userscale.kafka.contract.TargetRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the local backend runs replicas. Each replica is started as
 * {@code JAVA @JVM_OPTIONS JVM_ARGS -Dk=v... -Dquarkus.http.port=PORT -Dquarkus.management.port=MPORT
 * -Duserscale.parent-pid=PID LAUNCH}, where {@code JVM_OPTIONS} is the workload's own file of JVM
 * options (a Java argument file: {@code gpu-app/jvm.options}, the one place they are written) and
 * {@code LAUNCH} is {@code -jar APP_JAR} unless given.
 *
 * @param target           the target the replicas are
 * @param initialReplicas  replicas started with the backend
 * @param port             the serving port all replicas share
 * @param dir              where the replica list and the logs go
 * @param java             the Java launcher
 * @param appJar           the workload's runnable jar, used when {@code launch} is empty
 * @param jvmOptions       the workload's JVM options file, passed as {@code @FILE}; null for none
 * @param launch           what starts a replica instead of {@code -jar APP_JAR}; empty for the jar
 * @param jvmArgs          further JVM options of every replica
 * @param systemProperties system properties of every replica
 * @param probeInterval    how often replicas are checked for readiness and exits
 * @param drainTimeout     how long a stopping replica may drain before it is killed
 */
public record LocalSettings(TargetRef target, int initialReplicas, int port, Path dir, Path java, Path appJar,
                            Path jvmOptions, List<String> launch, List<String> jvmArgs, Map<String, String> systemProperties,
                            Duration probeInterval, Duration drainTimeout) {

    /** The system property carrying each replica's management (health, metrics) port. */
    public static final String MANAGEMENT_PORT = "quarkus.management.port";
    /** The system property carrying the serving port. */
    public static final String HTTP_PORT = "quarkus.http.port";

    public LocalSettings {
        launch = List.copyOf(launch);
        jvmArgs = List.copyOf(jvmArgs);
        systemProperties = Map.copyOf(systemProperties);
        if (initialReplicas < 0) {
            throw new IllegalArgumentException("initial replicas must be at least 0, got " + initialReplicas);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("serving port must be within 1..65535, got " + port);
        }
    }

    /** The running JVM's own launcher. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Checks that a replica can be started: the launcher exists and, without a launch override,
     * the app jar does.
     *
     * @throws IllegalStateException naming what is missing and how to get it
     */
    public void requireLaunchable() {
        if (!Files.isExecutable(java)) {
            throw new IllegalStateException("Java launcher " + java + " is not an executable file");
        }
        if (launch.isEmpty() && !Files.isRegularFile(appJar)) {
            throw new IllegalStateException("the app jar " + appJar.toAbsolutePath() + " does not exist: build it"
                    + " (./mvnw -pl gpu-app package) or set userscale.actuator.local.app-jar");
        }
        if (jvmOptions != null && !Files.isRegularFile(jvmOptions)) {
            throw new IllegalStateException("the workload's JVM options file " + jvmOptions.toAbsolutePath()
                    + " does not exist: set userscale.actuator.local.jvm-options to gpu-app/jvm.options");
        }
    }

    /** The command line of a replica with management port {@code managementPort}. */
    public List<String> command(int managementPort, long parentPid) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        if (jvmOptions != null) {
            cmd.add("@" + jvmOptions);
        }
        cmd.addAll(jvmArgs);
        new TreeMap<>(systemProperties).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        // after the user's properties: the last -D of a name wins, and these must
        cmd.add("-D" + HTTP_PORT + "=" + port);
        cmd.add("-D" + MANAGEMENT_PORT + "=" + managementPort);
        cmd.add("-Duserscale.parent-pid=" + parentPid);
        if (launch.isEmpty()) {
            cmd.add("-jar");
            cmd.add(appJar.toString());
        } else {
            cmd.addAll(launch);
        }
        return cmd;
    }
}
