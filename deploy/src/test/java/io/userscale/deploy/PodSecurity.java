package io.userscale.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.userscale.deploy.Manifests.Doc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How every pod of the manifests must run: non-root with the "restricted" Pod Security Standard's
 * settings, a read-only root filesystem with a writable /tmp, all capabilities dropped, requests and
 * limits, health probes (Quarkus' /q/health/live and /q/health/ready for userscale's images), and a
 * grace period to shut down in.
 */
final class PodSecurity {

    /** userscale's own images, all Quarkus services with SmallRye Health. */
    static final String OWN_IMAGES = "ghcr.io/userscale/";

    private PodSecurity() {
    }

    /** Every problem, in words; empty when none. */
    static List<String> violations(List<Doc> docs) {
        List<String> problems = new ArrayList<>();
        for (Doc d : docs) {
            PodSpec spec = Rbac.podSpec(d);
            if (spec != null) {
                check(d, spec, problems);
            }
        }
        return problems;
    }

    private static void check(Doc d, PodSpec spec, List<String> problems) {
        boolean longRunning = !(d.typed() instanceof Job);
        PodSecurityContext pod = spec.getSecurityContext() == null ? new PodSecurityContext() : spec.getSecurityContext();
        if (Boolean.TRUE.equals(spec.getHostNetwork()) || Boolean.TRUE.equals(spec.getHostPID())
                || Boolean.TRUE.equals(spec.getHostIPC())) {
            problems.add(d + " shares the node's network, PID or IPC namespace");
        }
        for (Volume v : list(spec.getVolumes())) {
            if (v.getHostPath() != null) {
                problems.add(d + " mounts the node's filesystem (hostPath " + v.getName() + ")");
            }
        }
        if (longRunning && spec.getTerminationGracePeriodSeconds() == null) {
            problems.add(d + " has no terminationGracePeriodSeconds");
        }
        if (pod.getSeccompProfile() == null || !"RuntimeDefault".equals(pod.getSeccompProfile().getType())) {
            problems.add(d + " has no RuntimeDefault seccomp profile for its pod");
        }
        List<Container> containers = Stream.concat(list(spec.getInitContainers()).stream(),
                list(spec.getContainers()).stream()).toList();
        for (Container c : containers) {
            String where = d + " container " + c.getName();
            SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
            Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod.getRunAsNonRoot();
            Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : pod.getRunAsUser();
            if (!Boolean.TRUE.equals(nonRoot)) {
                problems.add(where + " may run as root (runAsNonRoot is not true)");
            }
            if (user == null || user == 0) {
                problems.add(where + " has no non-zero runAsUser");
            }
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                problems.add(where + " does not set allowPrivilegeEscalation: false");
            }
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                problems.add(where + " is privileged");
            }
            if (!Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                problems.add(where + " has a writable root filesystem");
            } else if (!mountsEmptyDir(spec, c, "/tmp")) {
                problems.add(where + " has a read-only root filesystem but no emptyDir on /tmp");
            }
            if (sc.getCapabilities() == null || !list(sc.getCapabilities().getDrop()).contains("ALL")) {
                problems.add(where + " does not drop ALL capabilities");
            } else if (!list(sc.getCapabilities().getAdd()).isEmpty()) {
                problems.add(where + " adds capabilities " + sc.getCapabilities().getAdd());
            }
            Map<String, Quantity> requests = c.getResources() == null ? null : c.getResources().getRequests();
            Map<String, Quantity> limits = c.getResources() == null ? null : c.getResources().getLimits();
            for (String r : List.of("cpu", "memory")) {
                if (requests == null || !requests.containsKey(r)) {
                    problems.add(where + " requests no " + r);
                }
                if (limits == null || !limits.containsKey(r)) {
                    problems.add(where + " has no " + r + " limit");
                }
            }
            if (longRunning) {
                checkProbes(where, c, problems);
            }
        }
    }

    private static void checkProbes(String where, Container c, List<String> problems) {
        if (c.getLivenessProbe() == null) {
            problems.add(where + " has no liveness probe");
        }
        if (c.getReadinessProbe() == null) {
            problems.add(where + " has no readiness probe");
        }
        if (c.getImage() != null && c.getImage().startsWith(OWN_IMAGES)) {
            checkHttpProbe(where, "liveness", c.getLivenessProbe(), "/q/health/live", c, problems);
            checkHttpProbe(where, "readiness", c.getReadinessProbe(), "/q/health/ready", c, problems);
            // /q/health/started includes the Kafka channels' start-up check: a broker that is late would
            // get a pod restarted in a loop that cannot help
            if (c.getStartupProbe() != null) {
                checkHttpProbe(where, "startup", c.getStartupProbe(), "/q/health/live", c, problems);
            }
        }
    }

    private static void checkHttpProbe(String where, String kind, Probe probe, String path, Container c,
            List<String> problems) {
        HTTPGetAction get = probe == null ? null : probe.getHttpGet();
        if (get == null) {
            if (probe != null) {
                problems.add(where + " " + kind + " probe is not an HTTP GET of " + path);
            }
            return;
        }
        if (!path.equals(get.getPath())) {
            problems.add(where + " " + kind + " probe asks " + get.getPath() + ", not " + path);
        }
        String port = get.getPort() == null ? null
                : get.getPort().getStrVal() != null ? get.getPort().getStrVal() : String.valueOf(get.getPort().getIntVal());
        boolean declared = list(c.getPorts()).stream().anyMatch(p -> Objects.equals(p.getName(), port)
                || Objects.equals(String.valueOf(p.getContainerPort()), port));
        if (!declared) {
            problems.add(where + " " + kind + " probe uses port " + port + ", which the container does not declare");
        }
    }

    private static boolean mountsEmptyDir(PodSpec spec, Container c, String path) {
        for (VolumeMount m : list(c.getVolumeMounts())) {
            if (path.equals(m.getMountPath())) {
                return list(spec.getVolumes()).stream()
                        .anyMatch(v -> v.getName().equals(m.getName()) && v.getEmptyDir() != null);
            }
        }
        return false;
    }

    /** The named container port of a container, if declared. */
    static ContainerPort port(Container c, String name) {
        return list(c.getPorts()).stream().filter(p -> name.equals(p.getName())).findFirst().orElse(null);
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
