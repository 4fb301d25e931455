package io.userscale.kafka.broker;

/**
 * Starts the Apache Kafka broker ({@code kafka.Kafka}) in this JVM, optionally tied to the life of
 * the process that launched it.
 *
 * <p>When the system property {@value #PARENT_PID} names a process, the broker shuts down cleanly
 * (through Kafka's own shutdown hook) as soon as that process is gone, even if it was killed
 * with SIGKILL and had no chance to stop its children. A broker started for a demo or a test
 * therefore never outlives its owner. Without the property the broker runs until it is told to
 * stop, which is what {@code userscale kafka start} wants.
 */
public final class BrokerMain {

    /** System property naming the process id whose exit stops this broker. */
    public static final String PARENT_PID = "userscale.broker.parentPid";

    private BrokerMain() {
    }

    public static void main(String[] args) {
        String parent = System.getProperty(PARENT_PID);
        if (parent != null && !parent.isBlank()) {
            exitWithParent(Long.parseLong(parent.trim()));
        }
        kafka.Kafka.main(args);
    }

    private static void exitWithParent(long pid) {
        ProcessHandle.of(pid).ifPresentOrElse(
                handle -> handle.onExit().thenRun(() -> {
                    System.err.println("userscale: owner process " + pid + " has exited; stopping the broker");
                    System.exit(0);
                }),
                () -> {
                    System.err.println("userscale: owner process " + pid + " is not running; not starting the broker");
                    System.exit(3);
                });
    }
}
