package io.userscale.actuator.local;

import io.userscale.actuator.backend.ScaleBackend;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import io.userscale.kafka.local.Ports;
import io.userscale.kafka.local.ReplicaList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs the replicas of one target as child processes on this machine, the way a ReplicaSet runs
 * pods: it holds a desired count, starts replicas (named {@code <name>-1}, {@code <name>-2}, ...
 * in start order) until it is reached, stops the newest first when it is lowered, and replaces a
 * replica whose process exits, waiting longer after each exit in a row (1 s doubling to 30 s).
 *
 * <p>Replicas share the serving port and each has its own management port; one counts as ready
 * while its {@code /q/health/ready} answers 200. The {@link ReplicaList} file is rewritten on
 * every change: a new replica appears with {@code ready=false}, then {@code true}; a replica being
 * stopped leaves the list first, then gets SIGTERM and up to the drain timeout before SIGKILL.
 * Replicas carry this process's id in {@code userscale.parent-pid}, so they exit even when this
 * process is killed; {@link #close()} (also run at JVM shutdown) stops them all.
 */
public final class LocalBackend implements ScaleBackend {

    /** Its name in results and configuration. */
    public static final String NAME = "local";

    private static final Logger LOG = Logger.getLogger(LocalBackend.class);
    private static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_RESTART_DELAY = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final LocalSettings settings;
    private final Clock clock;
    private final long ownPid = ProcessHandle.current().pid();
    private final ReadinessProbe probe = new ReadinessProbe();
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("userscale-local-replicas").factory());
    private final Thread shutdownHook = new Thread(this::close, "userscale-local-replicas-stop");
    private final Set<Process> draining = ConcurrentHashMap.newKeySet();

    // guarded by this
    private final List<LocalReplica> replicas = new ArrayList<>();
    private int desired;
    private int nextIndex = 1;
    private int exitsInARow;
    private Instant restartNotBefore = Instant.MIN;
    private boolean closed;

    private LocalBackend(LocalSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Starts the backend with its initial replicas (their readiness is awaited in the background).
     *
     * @throws IllegalStateException when no replica could be started (launcher or app jar missing)
     * @throws IOException           when the first replicas cannot be launched
     */
    public static LocalBackend start(LocalSettings settings, Clock clock) throws IOException {
        settings.requireLaunchable();
        LocalBackend backend = new LocalBackend(settings, clock);
        Runtime.getRuntime().addShutdownHook(backend.shutdownHook);
        try {
            synchronized (backend) {
                backend.desired = settings.initialReplicas();
                backend.reconcile(true);
                backend.publish(); // replaces a list a previous run left behind, even with no replicas
            }
        } catch (IOException | RuntimeException e) {
            backend.close();
            throw e;
        }
        long period = Math.max(10, settings.probeInterval().toMillis());
        backend.monitor.scheduleWithFixedDelay(backend::tick, 0, period, TimeUnit.MILLISECONDS);
        LOG.infof("local backend: %s with %d replicas serving on port %d, replica list under %s",
                settings.target(), settings.initialReplicas(), settings.port(), settings.dir().toAbsolutePath());
        return backend;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized int replicas(TargetRef target) {
        requireTarget(target);
        return desired;
    }

    @Override
    public Optional<String> scale(ScaleCommand command, int from) throws IOException {
        requireTarget(command.target());
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the local backend is stopped");
            }
            desired = command.replicas();
            reconcile(true);
        }
        return Optional.empty();
    }

    /** The pids of every replica process still running, listed or being stopped. */
    public synchronized List<Long> livePids() {
        List<Long> pids = new ArrayList<>();
        replicas.stream().map(r -> r.process).filter(Process::isAlive).forEach(p -> pids.add(p.pid()));
        draining.stream().filter(Process::isAlive).forEach(p -> pids.add(p.pid()));
        return pids;
    }

    /** Stops every replica: SIGTERM, up to the drain timeout, then SIGKILL; the list is left empty. */
    @Override
    public void close() {
        List<Process> stopping = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            desired = 0;
            replicas.forEach(r -> stopping.add(r.process));
            replicas.clear();
            publish();
        }
        monitor.shutdownNow();
        stopping.addAll(draining);
        stopAll(stopping, settings.drainTimeout());
        probe.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: this may be the hook itself
        }
    }

    /** Brings the replicas to the desired count; replacements wait out the restart delay unless {@code now}. */
    private void reconcile(boolean now) throws IOException {
        List<LocalReplica> surplus = new ArrayList<>();
        while (replicas.size() > desired) {
            surplus.add(replicas.removeLast());
        }
        boolean changed = !surplus.isEmpty();
        if (now || !clock.instant().isBefore(restartNotBefore)) {
            try {
                while (replicas.size() < desired) {
                    replicas.add(launch());
                    changed = true;
                }
            } catch (IOException e) {
                desired = replicas.size();
                publish();
                throw e;
            }
        }
        if (changed) {
            publish();
        }
        surplus.forEach(this::drain);
    }

    private LocalReplica launch() throws IOException {
        int managementPort = Ports.pickFree("127.0.0.1");
        String name = settings.target().name() + "-" + nextIndex++;
        Path log = settings.dir().resolve(settings.target().namespace()).resolve(name + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(settings.command(managementPort, ownPid))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close();
        LOG.infof("started %s (pid %d, management port %d), log %s", name, process.pid(), managementPort, log);
        return new LocalReplica(name, process, managementPort, clock.instant(), log);
    }

    private void drain(LocalReplica replica) {
        draining.add(replica.process);
        LOG.infof("stopping %s (pid %d)", replica.name, replica.process.pid());
        Thread.ofVirtual().name("drain-" + replica.name).start(() -> {
            stopAll(List.of(replica.process), settings.drainTimeout());
            draining.remove(replica.process);
        });
    }

    /** SIGTERM to all, then SIGKILL to those still running after {@code grace}. */
    private static void stopAll(List<Process> processes, Duration grace) {
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (Process p : processes) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warnf("pid %d did not stop within %s; killing it", p.pid(), grace);
                    p.destroyForcibly();
                    p.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One round of the monitor: notice exits, replace them when due, probe readiness. */
    private void tick() {
        try {
            List<LocalReplica> probed;
            synchronized (this) {
                if (closed) {
                    return;
                }
                noticeExits();
                try {
                    reconcile(false);
                } catch (IOException e) {
                    LOG.warnf("cannot start a replica of %s: %s", settings.target(), e.getMessage());
                    backOff();
                }
                probed = List.copyOf(replicas);
            }
            Map<LocalReplica, Boolean> ready = new HashMap<>();
            for (LocalReplica r : probed) {
                ready.put(r, probe.ready(r.readyUrl()));
            }
            synchronized (this) {
                boolean changed = false;
                for (LocalReplica r : replicas) {
                    Boolean now = ready.get(r);
                    if (now != null && now != r.ready) {
                        r.ready = now;
                        changed = true;
                        if (now) {
                            exitsInARow = 0;
                        }
                        LOG.infof("%s (pid %d) is %s", r.name, r.process.pid(), now ? "ready" : "not ready");
                    }
                }
                if (changed && !closed) {
                    publish();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf(e, "checking the replicas of %s failed", settings.target());
        }
    }

    private void noticeExits() {
        for (Iterator<LocalReplica> it = replicas.iterator(); it.hasNext(); ) {
            LocalReplica r = it.next();
            if (!r.process.isAlive()) {
                it.remove();
                backOff();
                LOG.warnf("%s (pid %d) exited with code %d (log %s); a replacement starts in %s", r.name,
                        r.process.pid(), r.process.exitValue(), r.log,
                        Duration.between(clock.instant(), restartNotBefore).toMillis() + " ms");
                publish();
            }
        }
    }

    private void backOff() {
        exitsInARow++;
        Duration delay = FIRST_RESTART_DELAY;
        for (int i = 1; i < exitsInARow && delay.compareTo(MAX_RESTART_DELAY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        restartNotBefore = clock.instant().plus(delay.compareTo(MAX_RESTART_DELAY) > 0 ? MAX_RESTART_DELAY : delay);
    }

    private void publish() {
        ReplicaList list = new ReplicaList(settings.target(), settings.port(), clock.instant(),
                replicas.stream().map(LocalReplica::entry).toList());
        try {
            list.write(settings.dir());
        } catch (IOException e) {
            LOG.warnf("cannot write the replica list of %s under %s: %s", settings.target(), settings.dir(),
                    e.getMessage());
        }
    }

    private void requireTarget(TargetRef target) {
        if (!settings.target().key().equals(target.key())) {
            throw new IllegalArgumentException("the local backend runs " + settings.target() + " only, not " + target);
        }
    }
}
