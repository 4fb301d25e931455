package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.userscale.kafka.local.Ports;
import io.userscale.kafka.testing.TestKafka;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shipped Grafana dashboard and alert rules against a real Prometheus (the Debian package, on
 * 127.0.0.1) scraping the packaged gpu-app, metrics-ingest, decision-engine and actuator while
 * they run on a real broker and gpu-app serves users: every dashboard query returns data, every
 * alert rule evaluates without error on series that exist, and stopping gpu-app makes the
 * stale-metrics and failing-scrapes alert expressions return their target.
 *
 * <p>NVIDIA's DCGM exporter cannot run without a GPU; its exposition, in the exporter's own format
 * and labels, is served by a small HTTP server so the dashboard's DCGM query meets the series it is
 * written for. gpu-app's own GPU utilisation only exists on a GPU; that query is skipped, saying
 * so, where there is none.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringQueriesIT {

    static final Path ROOT = DemoIT.ROOT;
    static final Path MONITORING = ROOT.resolve("k8s/monitoring");
    static final String NAMESPACE = "userscale";
    static final String TARGET = NAMESPACE + "/gpu-app";
    static final Pattern SELECTOR = Pattern.compile("\\b(userscale_[a-z0-9_]+|up|DCGM_[A-Z0-9_]+)\\b(\\{[^}]*})?");
    static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private final List<ServiceProcess> services = new ArrayList<>();
    private ServiceProcess gpuApp;
    private Process prometheus;
    private HttpServer dcgm;
    private HttpClient http;
    private String prometheusUrl;
    private boolean gpu;
    private final AtomicBoolean loading = new AtomicBoolean();
    private Thread load;

    @BeforeAll
    void start() throws Exception {
        File binary = new File("/usr/bin/prometheus");
        assumeTrue(binary.canExecute(),
                "skipped: prometheus is not installed (Debian package prometheus; .ci/run installs it)");
        dir = Files.createTempDirectory("monitoring-it");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        int appPort = Ports.pickFree("127.0.0.1");
        int appManagement = Ports.pickFree("127.0.0.1");
        gpuApp = ServiceProcess.start("gpu-app", java, ROOT.resolve("gpu-app/target/quarkus-app/quarkus-run.jar"),
                appPort, appManagement, Map.of("quarkus.http.host", "127.0.0.1", "quarkus.management.host", "127.0.0.1"),
                Map.of(), dir);
        Map<String, String> common = Map.of("kafka.bootstrap.servers", TestKafka.bootstrapServers());
        Map<String, String> actuator = new HashMap<>(common);
        actuator.put("userscale.actuator.backend", "dry-run");
        actuator.put("userscale.actuator.group-id", "monitoring-it-actuator");
        Map<String, String> engine = new HashMap<>(common);
        // the threshold rules at 5 users per pod with no cooldown: 30 users ask for 6 pods at every
        // decision, and as the dry-run actuator adds none, scale commands keep coming for the
        // dashboard's command panels, whatever a learning policy would make of this load
        engine.put("userscale.engine.policy", "seed");
        engine.put("userscale.engine.parameters.USERS_TARGET_PER_POD", "5");
        engine.put("userscale.engine.parameters.COOLDOWN_PERIOD", "0");
        engine.put("userscale.engine.parameters.SCALE_UP_REPEAT_COOLDOWN", "0");
        engine.put("userscale.engine.parameters.STALE_AFTER", "3");
        Map<String, String> ingest = new HashMap<>(common);
        ingest.put("userscale.ingest.interval", "1s");
        ingest.put("userscale.ingest.scrape-timeout", "500ms");
        ingest.put("userscale.ingest.targets.\"" + TARGET + "\".discovery", "static");
        ingest.put("userscale.ingest.targets.\"" + TARGET + "\".pods",
                "http://127.0.0.1:" + appManagement + "/q/metrics");
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (var s : List.of(Map.entry("actuator", actuator), Map.entry("decision-engine", engine),
                Map.entry("metrics-ingest", ingest))) {
            int port = Ports.pickFree("127.0.0.1");
            ports.put(s.getKey(), port);
            services.add(ServiceProcess.start(s.getKey(), java,
                    ROOT.resolve(s.getKey() + "/target/quarkus-app/quarkus-run.jar"), port, s.getValue(), dir));
        }
        gpuApp.awaitReady(Duration.ofSeconds(60));
        for (ServiceProcess p : services) {
            p.awaitReady(Duration.ofSeconds(60));
        }
        gpu = get("http://127.0.0.1:" + appPort + "/api/info").path("devices").toString().contains("gpu");

        // 30 users, each with its own X-User-Id, one request at a time: six pods' worth at 5 users a pod
        loading.set(true);
        load = Thread.ofPlatform().daemon().start(() -> {
            int i = 0;
            while (loading.get()) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/api/work?ms=5"))
                            .header("X-User-Id", "user-" + (i++ % 30)).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (IOException e) {
                    sleep(100); // gpu-app stopped
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        dcgm = StaticMetrics.serve("""
                    # HELP DCGM_FI_DEV_GPU_UTIL GPU utilization (in %%).
                    # TYPE DCGM_FI_DEV_GPU_UTIL gauge
                    DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-5e3a1b2c-0000-4000-8000-000000000001",device="nvidia0",\
                    modelName="NVIDIA H100 80GB HBM3",Hostname="gpu-node-1",container="gpu-app",namespace="%s",\
                    pod="gpu-app-7d9f8b6c4-x2kqp"} 37
                    """.formatted(NAMESPACE));

        Files.copy(MONITORING.resolve("prometheus/userscale-rules.yml"), dir.resolve("userscale-rules.yml"));
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - userscale-rules.yml
                scrape_configs:
                """);
        ports.forEach((job, port) -> config.append(job(job, port, "/q/metrics")));
        config.append(job("gpu-app", appManagement, "/q/metrics"));
        config.append("""
                  - job_name: dcgm-exporter
                    honor_labels: true
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(dcgm.getAddress().getPort()));
        Files.writeString(dir.resolve("prometheus.yml"), config);
        int port = Ports.pickFree("127.0.0.1");
        prometheusUrl = "http://127.0.0.1:" + port;
        prometheus = new ProcessBuilder(binary.getPath(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /** A scrape job labelled as the ServiceMonitors and the pod scrape config label it in a cluster. */
    private static String job(String name, int port, String path) {
        return """
                  - job_name: %s
                    metrics_path: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                        labels:
                          namespace: %s
                          pod: %s-0
                """.formatted(name, path, port, NAMESPACE, name);
    }

    @AfterAll
    void stop() throws Exception {
        loading.set(false);
        if (load != null) {
            load.interrupt();
        }
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(10, TimeUnit.SECONDS);
        }
        if (dcgm != null) {
            dcgm.stop(0);
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        if (gpuApp != null) {
            gpuApp.close();
        }
        if (http != null) {
            http.close();
        }
    }

    @Test
    @Order(1)
    void everyDashboardQueryReturnsData() throws Exception {
        Map<String, String> queries = dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(10);
        Map<String, String> empty = new LinkedHashMap<>(queries);
        if (!gpu) {
            System.out.println("[monitoring] skipped userscale_gpu_utilization_percent: gpu-app found no GPU here, "
                    + "and it exports GPU utilisation only where it has one");
            empty.values().removeIf(q -> q.contains("userscale_gpu_utilization_percent"));
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            empty.values().removeIf(q -> !result(q).isEmpty());
            assertThat(empty).as("dashboard queries with no data (Prometheus log: %s)",
                    dir.resolve("prometheus.log")).isEmpty();
        });
        // the dashboard's template variable finds the namespace
        assertThat(get(prometheusUrl + "/api/v1/label/namespace/values?match[]=userscale_active_users").path("data")
                .toString()).contains(NAMESPACE);
    }

    @Test
    @Order(2)
    void everyAlertRuleEvaluatesOnSeriesThatExist() throws Exception {
        Map<String, String> rules = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            rules.clear();
            List<String> bad = new ArrayList<>();
            for (JsonNode group : get(prometheusUrl + "/api/v1/rules").at("/data/groups")) {
                for (JsonNode rule : group.get("rules")) {
                    rules.put(rule.get("name").asText(), rule.get("query").asText());
                    if (!"ok".equals(rule.path("health").asText())) {
                        bad.add(rule.get("name").asText() + ": " + rule.path("health").asText() + " "
                                + rule.path("lastError").asText());
                    }
                }
            }
            assertThat(rules).as("rules loaded").isNotEmpty();
            assertThat(bad).as("rules Prometheus could not evaluate").isEmpty();
        });
        assertThat(rules).hasSize(10);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Map<String, String> missing = new LinkedHashMap<>();
            rules.forEach((name, expr) -> {
                for (String selector : selectors(expr)) {
                    if (result(selector).isEmpty()) {
                        missing.put(name, selector);
                    }
                }
            });
            assertThat(missing).as("alert rules reading series no service exposes").isEmpty();
        });
    }

    @Test
    @Order(3)
    void stoppingTheTargetMakesTheStaleAndScrapeAlertsFire() throws Exception {
        String stale = rule("UserscaleTargetHeldOnStaleMetrics");
        String scrapes = rule("UserscaleScrapesFailing");
        assertThat(result(stale)).as("nothing is held while gpu-app answers").isEmpty();
        loading.set(false);
        gpuApp.close();
        JsonNode held = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> result(stale), r -> !r.isEmpty());
        assertThat(held).as("%s returns the held target", stale).hasSize(1);
        assertThat(held.get(0).at("/metric/target").asText()).isEqualTo(TARGET);
        // the failed share is taken over 5 minutes: failures must outnumber the successes before them
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(result(scrapes)).as(scrapes).isNotEmpty());
        assertThat(result("sum by (blocked_by) (userscale_engine_decisions_total{blocked_by=\"STALE_METRICS\"})"))
                .as("decisions count their reason").isNotEmpty();
    }

    // helpers

    /** Every query of the shipped dashboard (panels and annotations), Grafana's variables filled in. */
    static Map<String, String> dashboardQueries() throws IOException {
        JsonNode dashboard = JSON.readTree(MONITORING.resolve("grafana/userscale-dashboard.json").toFile());
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode t : panel.path("targets")) {
                queries.put("panel '" + panel.get("title").asText() + "' " + t.get("refId").asText(),
                        fill(t.get("expr").asText()));
            }
        }
        for (JsonNode a : dashboard.at("/annotations/list")) {
            if (a.has("expr")) {
                queries.put("annotation '" + a.get("name").asText() + "'", fill(a.get("expr").asText()));
            }
        }
        JsonNode variable = dashboard.at("/templating/list/1/query/query");
        queries.put("variable namespace", variable.asText().replaceFirst("^label_values\\((\\w+), \\w+\\)$", "$1"));
        return queries;
    }

    private static String fill(String expr) {
        return expr.replace("$__rate_interval", "15s").replace("$namespace", NAMESPACE);
    }

    /** The vector selectors an expression reads. */
    static Set<String> selectors(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = SELECTOR.matcher(expr);
        while (m.find()) {
            out.add(m.group(0));
        }
        return out;
    }

    private String rule(String name) throws IOException {
        Object rules = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readValue(MONITORING.resolve("prometheus/userscale-rules.yml").toFile(), Object.class);
        for (Object group : (List<?>) ((Map<?, ?>) rules).get("groups")) {
            for (Object r : (List<?>) ((Map<?, ?>) group).get("rules")) {
                if (name.equals(((Map<?, ?>) r).get("alert"))) {
                    return String.valueOf(((Map<?, ?>) r).get("expr"));
                }
            }
        }
        throw new AssertionError("no rule " + name);
    }

    /** An instant query's result vector, empty while Prometheus is not up yet or on an error. */
    private JsonNode result(String query) {
        try {
            JsonNode body = get(prometheusUrl + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
            assertThat(body.path("status").asText()).as("%s: %s", query, body.path("error").asText()).isNotEqualTo("error");
            return body.at("/data/result");
        } catch (IOException notYet) {
            return JSON.createArrayNode();
        }
    }

    private JsonNode get(String url) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
