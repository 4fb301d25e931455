package io.userscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.userscale.deploy.Manifests.Doc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The monitoring manifests fit the services: every series the dashboard and the alerts query is one
 * the services expose, under the job labels the ServiceMonitors and the scrape config give them; the
 * PromQL parses (promtool, where installed); the PrometheusRule and the plain rule file agree; the
 * dashboard ConfigMap carries the dashboard.
 */
class MonitoringTest {

    private static final Path MONITORING = Manifests.k8sDir().resolve("monitoring");
    private static final List<String> COMPONENTS = List.of("metrics-ingest", "decision-engine", "actuator", "gpu-app");
    /** Series from elsewhere: Prometheus' own, and NVIDIA's DCGM exporter. */
    private static final Set<String> FOREIGN_SERIES = Set.of("up", "DCGM_FI_DEV_GPU_UTIL");
    private static final Pattern METRIC = Pattern.compile("\\b(userscale_[a-z0-9_]+|DCGM_[A-Z0-9_]+|up)\\b(?=\\s*[{\\[)])");

    @Test
    void thePrometheusRuleIsThePlainRuleFile() {
        Doc rule = Manifests.one(Manifests.render("monitoring"), "PrometheusRule", "userscale");
        Object spec = rule.raw().get("spec");
        assertThat(spec).isEqualTo(Manifests.readTree(MONITORING.resolve("prometheus/userscale-rules.yml")));
    }

    @Test
    void everyExpressionQueriesSeriesTheServicesExpose() throws IOException {
        Set<String> exposed = exposedSeries();
        assertThat(exposed).contains("userscale_latency_ms", "userscale_engine_decisions", "userscale_ingest_snapshots");
        Map<String, String> exprs = expressions();
        assertThat(exprs).isNotEmpty();
        List<String> unknown = new ArrayList<>();
        exprs.forEach((where, expr) -> {
            Matcher m = METRIC.matcher(expr);
            boolean any = false;
            while (m.find()) {
                any = true;
                String name = m.group(1);
                if (!FOREIGN_SERIES.contains(name) && !exposed.contains(base(name))) {
                    unknown.add(where + ": " + name);
                }
            }
            if (!any) {
                unknown.add(where + ": queries no series: " + expr);
            }
        });
        assertThat(unknown).as("series no service exposes (exposed: %s)", exposed).isEmpty();
    }

    @Test
    void everyJobQueriedIsAComponentScrapedUnderThatName() {
        Set<String> jobs = new TreeSet<>();
        Pattern job = Pattern.compile("job\\s*(=~|=)\\s*\"([^\"]+)\"");
        expressions().values().forEach(e -> {
            Matcher m = job.matcher(e);
            while (m.find()) {
                jobs.addAll(List.of(m.group(2).split("\\|")));
            }
        });
        assertThat(jobs).isNotEmpty();
        assertThat(COMPONENTS).containsAll(jobs);
        // ServiceMonitors label series with the Service's name: each component's Service is scraped once
        List<Doc> base = Manifests.render("base");
        List<Doc> monitors = Manifests.ofKind(Manifests.render("monitoring"), "ServiceMonitor").toList();
        for (String component : COMPONENTS) {
            Service svc = Manifests.one(base, "Service", component).as(Service.class);
            List<String> ports = monitors.stream().map(m -> m.as(GenericKubernetesResource.class))
                    .filter(m -> selects(m, svc))
                    .flatMap(m -> m.<List<Map<String, Object>>>get("spec", "endpoints").stream())
                    .map(e -> (String) e.get("port")).toList();
            assertThat(ports).as("ServiceMonitor endpoints scraping Service %s", component).hasSize(1);
            String port = ports.get(0);
            assertThat(svc.getSpec().getPorts()).as("Service %s", component)
                    .anySatisfy(p -> assertThat(p.getName()).isEqualTo(port));
            assertThat(port).isEqualTo(component.equals("gpu-app") ? "management" : "http");
        }
        // the plain scrape config names jobs the same way, from the pods' app.kubernetes.io/name
        String scrape = read(MONITORING.resolve("prometheus/prometheus.yml"));
        assertThat(scrape).contains("regex: " + String.join("|", COMPONENTS));
    }

    @Test
    void podsAnnounceTheirMetricsPortForThePlainScrapeConfig() {
        List<Doc> base = Manifests.render("base");
        for (String component : COMPONENTS) {
            Deployment d = Manifests.one(base, "Deployment", component).as(Deployment.class);
            Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            String metricsPort = component.equals("gpu-app") ? "management" : "http";
            assertThat(annotations).as(component).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/q/metrics")
                    .containsEntry("prometheus.io/port", String.valueOf(PodSecurity.port(c, metricsPort).getContainerPort()));
        }
    }

    @Test
    void theDashboardShowsWhatOperatorsLookFor() {
        JsonNode dashboard = dashboard();
        List<String> titles = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("panel id %s is unique", panel.get("id")).isTrue();
            JsonNode grid = panel.get("gridPos");
            assertThat(grid.get("x").asInt() + grid.get("w").asInt()).as("panel %s fits 24 columns", panel.get("title"))
                    .isLessThanOrEqualTo(24);
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            titles.add(panel.get("title").asText());
            assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            Set<String> refIds = new HashSet<>();
            for (JsonNode t : panel.get("targets")) {
                assertThat(refIds.add(t.get("refId").asText())).isTrue();
                assertThat(t.get("expr").asText()).isNotBlank();
            }
        }
        assertThat(titles).contains("Replicas per target", "Active users", "CPU, mean per pod",
                "GPU utilisation, mean per pod", "Request rate", "p95 latency", "Scale events");
        assertThat(expressions()).containsValue("histogram_quantile(0.95, sum by (namespace, job, le) "
                + "(rate(userscale_latency_ms_bucket{namespace=~\"$namespace\"}[$__rate_interval])))");
    }

    @Test
    void theDashboardConfigMapCarriesTheDashboardForGrafanasSidecar() {
        Doc cm = Manifests.one(Manifests.render("monitoring"), "ConfigMap", "userscale-grafana-dashboard");
        assertThat(cm.typed().getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(cm.as(ConfigMap.class).getData())
                .containsEntry("userscale-dashboard.json", read(MONITORING.resolve("grafana/userscale-dashboard.json")));
    }

    @Test
    void theRulesAndTheDashboardsQueriesParseWithPromtool() throws IOException {
        Assumptions.assumeTrue(promtool(), "promtool is not installed (Debian package prometheus)");
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "promtool");
        Files.copy(MONITORING.resolve("prometheus/userscale-rules.yml"), dir.resolve("userscale-rules.yml"));
        // each dashboard query as a recording rule, with Grafana's variables filled in
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (String expr : dashboardExpressions().values()) {
            String filled = expr.replace("$__rate_interval", "1m").replace("$namespace", ".*");
            rules.append("      - record: dashboard:query").append(i++).append("\n        expr: ")
                    .append(Manifests.json().writeValueAsString(filled)).append('\n');
        }
        Files.writeString(dir.resolve("dashboard-rules.yml"), rules.toString(), StandardCharsets.UTF_8);
        String out = Manifests.run(List.of("promtool", "check", "rules", "userscale-rules.yml", "dashboard-rules.yml"), dir);
        assertThat(out).contains("SUCCESS: 10 rules found").contains("SUCCESS: " + i + " rules found");
    }

    // helpers

    /** Every PromQL expression of the dashboard, the annotations and the alerts, by where it is. */
    static Map<String, String> expressions() {
        Map<String, String> all = new LinkedHashMap<>(dashboardExpressions());
        Object rules = Manifests.readTree(MONITORING.resolve("prometheus/userscale-rules.yml"));
        for (Object group : (List<?>) ((Map<?, ?>) rules).get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                Map<?, ?> r = (Map<?, ?>) rule;
                all.put("alert " + r.get("alert"), String.valueOf(r.get("expr")));
            }
        }
        return all;
    }

    static Map<String, String> dashboardExpressions() {
        JsonNode dashboard = dashboard();
        Map<String, String> exprs = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode t : panel.path("targets")) {
                exprs.put("panel '" + panel.get("title").asText() + "' " + t.get("refId").asText(), t.get("expr").asText());
            }
        }
        for (JsonNode a : dashboard.at("/annotations/list")) {
            if (a.has("expr")) {
                exprs.put("annotation '" + a.get("name").asText() + "'", a.get("expr").asText());
            }
        }
        return exprs;
    }

    private static JsonNode dashboard() {
        try {
            return Manifests.json().readTree(MONITORING.resolve("grafana/userscale-dashboard.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The series the services register with Micrometer, as Prometheus names them without a suffix:
     * the meter names ({@code "userscale.engine.decisions"}) in the four services' sources.
     */
    static Set<String> exposedSeries() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern meter = Pattern.compile("\"(userscale(?:\\.[a-z0-9]+)+)\"");
        for (String module : COMPONENTS) {
            try (Stream<Path> files = Files.walk(Manifests.repoDir().resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = meter.matcher(Files.readString(f));
                    while (m.find()) {
                        names.add(m.group(1).replace('.', '_'));
                    }
                }
            }
        }
        return names;
    }

    /** A series name without the suffixes Prometheus adds for counters, histograms and timers. */
    private static String base(String series) {
        return series.replaceFirst("(_seconds)?(_total|_bucket|_count|_sum|_max)$", "");
    }

    @SuppressWarnings("unchecked")
    private static boolean selects(GenericKubernetesResource monitor, Service svc) {
        Map<String, String> labels = svc.getMetadata().getLabels();
        Map<String, Object> selector = monitor.get("spec", "selector");
        Map<String, String> match = (Map<String, String>) selector.getOrDefault("matchLabels", Map.of());
        if (!labels.entrySet().containsAll(match.entrySet())) {
            return false;
        }
        for (Map<String, Object> e : (List<Map<String, Object>>) selector.getOrDefault("matchExpressions", List.of())) {
            String value = labels.get((String) e.get("key"));
            boolean in = ((List<String>) e.get("values")).contains(value);
            if (!"In".equals(e.get("operator")) || !in) {
                return false;
            }
        }
        return true;
    }

    private static boolean promtool() {
        try {
            Manifests.run(List.of("promtool", "--version"), Path.of("."));
            return true;
        } catch (IOException e) {
            System.out.println("[deploy] skipped: promtool is not installed (Debian package prometheus)");
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
