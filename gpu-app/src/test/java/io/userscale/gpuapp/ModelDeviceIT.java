package io.userscale.gpuapp;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** gpu-app with its modelled device on: every scaling series from the start, and slots that queue. */
@QuarkusTest
@TestProfile(ModelDeviceIT.TwoSlots.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelDeviceIT {

    public static class TwoSlots extends TwoModelSlots {
    }

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    @Order(1)
    void everyScalingSeriesIsThereBeforeTheFirstRequest() {
        String page = given().get(metrics.toString()).then().statusCode(200).extract().asString();
        // a scraper that sees utilisation but no users on its first look must not conclude there are none to see
        assertThat(page).contains("userscale_active_users ").contains("userscale_gpu_utilization_percent ")
                .contains("userscale_inflight_requests ").contains("userscale_latency_ms_bucket");
    }

    @Test
    @Order(2)
    void twoSlotsServeTwoAtOnceAndTheThirdWaits() {
        List<Double> queued;
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) { // three at once, whatever the cores
            List<CompletableFuture<Double>> calls = IntStream.range(0, 3).mapToObj(i -> CompletableFuture.supplyAsync(
                    () -> given().get("/api/work?ms=400&device=model").then().statusCode(200)
                            .body("device", equalTo("model")).extract().jsonPath().getDouble("queuedMs"), callers))
                    .toList();
            queued = calls.stream().map(CompletableFuture::join).sorted().toList();
        }
        assertThat(queued.get(1)).as("two started at once: %s", queued).isLessThan(150);
        assertThat(queued.get(2)).as("the third waited for a slot: %s", queued).isGreaterThan(250);
        String page = given().get(metrics.toString()).then().statusCode(200).extract().asString();
        double busy = page.lines().filter(l -> l.startsWith("userscale_gpu_utilization_percent "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
        assertThat(busy).as("the slots were taken for most of the last 2 s").isGreaterThan(20).isLessThanOrEqualTo(100);
    }

    @Test
    @Order(3)
    void theModelDoesOnlyBusyWorkAndSaysSo() {
        given().get("/api/matmul?size=8&device=model").then().statusCode(400)
                .body("field", equalTo("device")).body("error", containsString("only busy work"));
        given().get("/api/info").then().statusCode(200).body("model.slots", equalTo(2));
    }
}
