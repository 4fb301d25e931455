package io.userscale.ingest.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * GPU utilisation per pod from a Prometheus HTTP API ({@code /api/v1/query}), for pods whose
 * own metrics carry none: by default {@code avg by (pod) (DCGM_FI_DEV_GPU_UTIL{...})}, the
 * series NVIDIA's DCGM exporter publishes.
 */
public final class GpuQuery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String template;
    private final Duration timeout;
    private final HttpClient client;

    public GpuQuery(String baseUrl, String template, Duration timeout) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.template = template;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The query for a namespace and its pods. */
    public String query(String namespace, Collection<String> pods) {
        // pod names are DNS names: only '.' is special in a regex; PromQL strings escape the backslash
        String regex = pods.stream().map(p -> p.replace(".", "\\\\.")).collect(Collectors.joining("|"));
        return template.replace("$ns", namespace).replace("$pods", regex);
    }

    /**
     * Utilisation by pod name; empty on any failure (GPU then stays unknown for those pods).
     *
     * @throws IllegalStateException never; failures are returned as an empty map
     */
    public Map<String, Double> byPod(String namespace, Collection<String> pods) {
        if (pods.isEmpty()) {
            return Map.of();
        }
        try {
            URI uri = base.resolve("api/v1/query?query=" + URLEncoder.encode(query(namespace, pods),
                    StandardCharsets.UTF_8));
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Map.of();
            }
            return parse(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** The values of an instant-vector answer, by their {@code pod} label. */
    static Map<String, Double> parse(String body) throws java.io.IOException {
        JsonNode root = JSON.readTree(body);
        Map<String, Double> out = new HashMap<>();
        if (!"success".equals(root.path("status").asText())) {
            return out;
        }
        for (JsonNode item : root.path("data").path("result")) {
            String pod = item.path("metric").path("pod").asText(null);
            JsonNode value = item.path("value");
            if (pod != null && value.isArray() && value.size() == 2) {
                try {
                    double v = Double.parseDouble(value.get(1).asText());
                    if (Double.isFinite(v)) {
                        out.put(pod, v);
                    }
                } catch (NumberFormatException e) {
                    // not a number: no value for that pod
                }
            }
        }
        return out;
    }
}
