package io.userscale.kafka.local;

import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Ties a child process to its owner: when the process whose id is in the system property
 * {@value #PROPERTY} is gone (even killed with SIGKILL, when no shutdown hook of the owner runs),
 * this process exits. The local cluster and the demo start every service and replica this way, so
 * no orphan survives them.
 */
public final class ParentWatch {

    /** The system property holding the owner's process id. */
    public static final String PROPERTY = "userscale.parent-pid";

    private ParentWatch() {
    }

    /** Starts watching when the property is set; returns whether it did. */
    public static boolean startFromSystemProperty() {
        String pid = System.getProperty(PROPERTY);
        if (pid == null || pid.isBlank()) {
            return false;
        }
        try {
            return start(Long.parseLong(pid.trim()), 500, System::exit);
        } catch (NumberFormatException e) {
            System.err.println(PROPERTY + " must be a process id, got '" + pid + "'; not watching");
            return false;
        }
    }

    /**
     * Watches {@code pid} every {@code periodMs}; when it is gone calls {@code exit} with 143.
     *
     * @return false when {@code pid} is already gone (then {@code exit} has been called)
     */
    public static boolean start(long pid, long periodMs, IntConsumer exit) {
        Optional<ProcessHandle> owner = ProcessHandle.of(pid);
        if (owner.isEmpty() || !owner.get().isAlive()) {
            exit.accept(143);
            return false;
        }
        Thread t = Thread.ofPlatform().daemon().name("userscale-parent-watch").start(() -> {
            while (owner.get().isAlive()) {
                try {
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("owner process " + pid + " is gone; exiting");
            exit.accept(143);
        });
        return t.isAlive() || !owner.get().isAlive();
    }
}
