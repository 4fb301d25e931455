package io.userscale.deploy;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.userscale.deploy.Manifests.Doc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What the rendered RBAC grants, and where it grants more than least privilege allows. */
final class Rbac {

    /** One permission: a verb on a resource (or subresource) of an API group. */
    record Grant(String group, String resource, String verb) implements Comparable<Grant> {

        static Grant of(String group, String resource, String verb) {
            return new Grant(group, resource, verb);
        }

        @Override
        public int compareTo(Grant o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return (group.isEmpty() ? "core" : group) + ":" + resource + ":" + verb;
        }
    }

    /** The most a ClusterRole may grant: reading ScalingPolicies. */
    static final Set<Grant> CLUSTER_WIDE_ALLOWED = Set.of(
            Grant.of("userscale.io", "scalingpolicies", "get"),
            Grant.of("userscale.io", "scalingpolicies", "list"),
            Grant.of("userscale.io", "scalingpolicies", "watch"));

    /** Resources whose access is, or leads to, more privilege than any component needs. */
    private static final Set<String> FORBIDDEN_RESOURCES = Set.of("secrets", "roles", "rolebindings",
            "clusterroles", "clusterrolebindings", "serviceaccounts/token", "pods/exec", "pods/attach",
            "nodes/proxy", "certificatesigningrequests/approval");
    private static final Set<String> FORBIDDEN_VERBS = Set.of("escalate", "bind", "impersonate");

    private Rbac() {
    }

    static Set<Grant> grants(List<PolicyRule> rules) {
        Set<Grant> grants = new TreeSet<>();
        for (PolicyRule r : rules == null ? List.<PolicyRule>of() : rules) {
            for (String g : nullSafe(r.getApiGroups())) {
                for (String res : nullSafe(r.getResources())) {
                    for (String v : nullSafe(r.getVerbs())) {
                        grants.add(Grant.of(g, res, v));
                    }
                }
            }
        }
        return grants;
    }

    /** What each ServiceAccount (by name) may do, through the bindings of the rendered objects. */
    static Map<String, Set<Grant>> grantsByServiceAccount(List<Doc> docs) {
        Map<String, List<PolicyRule>> roles = new HashMap<>();
        Manifests.ofKind(docs, "Role").forEach(d -> roles.put("Role/" + d.name(), d.as(Role.class).getRules()));
        Manifests.ofKind(docs, "ClusterRole")
                .forEach(d -> roles.put("ClusterRole/" + d.name(), d.as(ClusterRole.class).getRules()));
        Map<String, Set<Grant>> bySa = new HashMap<>();
        Manifests.ofKind(docs, "ServiceAccount").forEach(d -> bySa.put(d.name(), new TreeSet<>()));
        for (Doc d : docs) {
            RoleRef ref;
            List<Subject> subjects;
            if (d.typed() instanceof RoleBinding rb) {
                ref = rb.getRoleRef();
                subjects = rb.getSubjects();
            } else if (d.typed() instanceof ClusterRoleBinding crb) {
                ref = crb.getRoleRef();
                subjects = crb.getSubjects();
            } else {
                continue;
            }
            Set<Grant> granted = grants(roles.getOrDefault(ref.getKind() + "/" + ref.getName(), List.of()));
            for (Subject s : nullSafe(subjects)) {
                if ("ServiceAccount".equals(s.getKind())) {
                    bySa.computeIfAbsent(s.getName(), k -> new TreeSet<>()).addAll(granted);
                }
            }
        }
        return bySa;
    }

    /** Everything in the rendered RBAC that least privilege forbids, in words; empty when none. */
    static List<String> violations(List<Doc> docs) {
        List<String> problems = new ArrayList<>();
        Set<String> defined = new TreeSet<>();
        for (Doc d : docs) {
            List<PolicyRule> rules;
            if (d.typed() instanceof Role r) {
                rules = r.getRules();
                defined.add("Role/" + d.name());
            } else if (d.typed() instanceof ClusterRole cr) {
                rules = cr.getRules();
                defined.add("ClusterRole/" + d.name());
                if (cr.getAggregationRule() != null) {
                    problems.add(d + " aggregates other ClusterRoles: its grants cannot be read from it");
                }
                for (Grant g : grants(rules)) {
                    if (!CLUSTER_WIDE_ALLOWED.contains(g)) {
                        problems.add(d + " grants " + g + " cluster-wide; ClusterRoles may only read ScalingPolicies");
                    }
                }
            } else {
                continue;
            }
            for (PolicyRule r : nullSafe(rules)) {
                if (!nullSafe(r.getNonResourceURLs()).isEmpty()) {
                    problems.add(d + " grants non-resource URLs " + r.getNonResourceURLs());
                }
                for (String field : List.of("apiGroups", "resources", "verbs")) {
                    List<String> values = switch (field) {
                        case "apiGroups" -> nullSafe(r.getApiGroups());
                        case "resources" -> nullSafe(r.getResources());
                        default -> nullSafe(r.getVerbs());
                    };
                    if (values.stream().anyMatch(v -> v.contains("*"))) {
                        problems.add(d + " uses a wildcard in " + field + ": " + values);
                    }
                }
            }
            for (Grant g : grants(rules)) {
                if (FORBIDDEN_RESOURCES.contains(g.resource())) {
                    problems.add(d + " grants " + g);
                }
                if (FORBIDDEN_VERBS.contains(g.verb())) {
                    problems.add(d + " grants the privilege-escalating verb " + g);
                }
            }
        }
        for (Doc d : docs) {
            RoleRef ref = d.typed() instanceof RoleBinding rb ? rb.getRoleRef()
                    : d.typed() instanceof ClusterRoleBinding crb ? crb.getRoleRef() : null;
            if (ref != null && !defined.contains(ref.getKind() + "/" + ref.getName())) {
                problems.add(d + " binds " + ref.getKind() + " " + ref.getName()
                        + ", which these manifests do not define (built-in roles such as cluster-admin or edit grant far more)");
            }
        }
        return problems;
    }

    /** Problems with which ServiceAccount each workload runs as; empty when none. */
    static List<String> identityViolations(List<Doc> docs) {
        List<String> problems = new ArrayList<>();
        Map<String, ServiceAccount> accounts = new HashMap<>();
        Manifests.ofKind(docs, "ServiceAccount").forEach(d -> accounts.put(d.name(), d.as(ServiceAccount.class)));
        Map<String, Set<Grant>> grants = grantsByServiceAccount(docs);
        Map<String, String> deploymentBySa = new HashMap<>();
        for (Doc d : docs) {
            PodSpec spec = podSpec(d);
            if (spec == null) {
                continue;
            }
            String sa = spec.getServiceAccountName();
            if (sa == null || sa.isEmpty() || sa.equals("default")) {
                problems.add(d + " runs as the namespace's default ServiceAccount");
                continue;
            }
            if (!accounts.containsKey(sa)) {
                problems.add(d + " runs as ServiceAccount " + sa + ", which is not defined");
                continue;
            }
            if (d.typed() instanceof Deployment) {
                if (!sa.equals(d.name())) {
                    problems.add(d + " runs as ServiceAccount " + sa + ", not its own (" + d.name() + ")");
                }
                String other = deploymentBySa.put(sa, d.name());
                if (other != null) {
                    problems.add("Deployments " + other + " and " + d.name() + " share ServiceAccount " + sa);
                }
            }
            boolean automount = !Boolean.FALSE.equals(spec.getAutomountServiceAccountToken())
                    && !Boolean.FALSE.equals(accounts.get(sa).getAutomountServiceAccountToken());
            if (grants.getOrDefault(sa, Set.of()).isEmpty() && automount) {
                problems.add(d + " mounts an API token for ServiceAccount " + sa + ", which is granted nothing");
            }
        }
        return problems;
    }

    static PodSpec podSpec(Doc d) {
        if (d.typed() instanceof Deployment dep) {
            return dep.getSpec().getTemplate().getSpec();
        }
        if (d.typed() instanceof StatefulSet sts) {
            return sts.getSpec().getTemplate().getSpec();
        }
        if (d.typed() instanceof Job job) {
            return job.getSpec().getTemplate().getSpec();
        }
        return null;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
