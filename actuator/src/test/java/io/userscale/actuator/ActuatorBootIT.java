package io.userscale.actuator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.userscale.kafka.testing.TestKafkaResource;
import org.junit.jupiter.api.Test;

/** The actuator service boots on the project's stack and answers health and metrics. */
@QuarkusTest
@QuarkusTestResource(TestKafkaResource.class)
class ActuatorBootIT {

    @Test
    void isLiveAndReadyAndExposesPrometheusMetrics() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("# TYPE jvm_threads_live_threads gauge"))
                .body(containsString("userscale_actuator_results_total{backend=\"dry-run\",status=\"APPLIED\"}"));
    }
}
