package io.userscale.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsFarmTest {

    @Test
    void countersAreTheIntegralOfTheRateSoAnyTwoScrapesReadTheRateBetweenThem() throws Exception {
        try (MetricsFarm farm = new MetricsFarm(3, 2, 7)) {
            for (int i = 0; i < 3; i++) {
                double integral = 0;
                for (double t = 100; t < 160; t += 0.001) {
                    integral += farm.rate(i, t + 0.0005) * 0.001;
                }
                assertThat(farm.served(i, 160) - farm.served(i, 100)).isCloseTo(integral, within(0.01));
                assertThat(farm.rate(i, 130)).isPositive();
            }
        }
    }

    @Test
    void eachPodAnswersGpuAppsExpositionAndUnknownPathsAre404() throws Exception {
        try (MetricsFarm farm = new MetricsFarm(2, 3, 7); HttpClient client = HttpClient.newHttpClient()) {
            assertThat(farm.podUrls(1)).hasSize(3);
            HttpResponse<String> ok = client.send(HttpRequest.newBuilder(URI.create(farm.podUrls(1).get(2))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("userscale_active_users ").contains("userscale_cpu_percent ")
                    .contains("userscale_requests_total ").contains("userscale_latency_ms_bucket{le=\"+Inf\"} ")
                    .contains("userscale_latency_ms_sum ").contains("userscale_inflight_requests ");
            String missing = farm.podUrls(1).get(0).replace("/t/1/0", "/t/2/0");
            assertThat(client.send(HttpRequest.newBuilder(URI.create(missing)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(farm.scrapes()).isEqualTo(1);
        }
    }
}
