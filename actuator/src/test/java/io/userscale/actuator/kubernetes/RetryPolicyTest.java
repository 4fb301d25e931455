package io.userscale.actuator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which failures are retried, how long between attempts, and when it gives up. */
class RetryPolicyTest {

    final List<Duration> waits = new ArrayList<>();
    final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(500), waits::add);

    @Test
    void conflictsThrottlingAndServerErrorsAreRetriedOthersAreNot() {
        assertThat(RetryPolicy.retryable(new KubernetesClientException("conflict", 409, null))).isTrue();
        assertThat(RetryPolicy.retryable(new KubernetesClientException("slow down", 429, null))).isTrue();
        assertThat(RetryPolicy.retryable(new KubernetesClientException("oops", 500, null))).isTrue();
        assertThat(RetryPolicy.retryable(new KubernetesClientException("unavailable", 503, null))).isTrue();
        assertThat(RetryPolicy.retryable(new KubernetesClientException("missing", 404, null))).isFalse();
        assertThat(RetryPolicy.retryable(new KubernetesClientException("forbidden", 403, null))).isFalse();
        assertThat(RetryPolicy.retryable(new IllegalStateException("x"))).isFalse();
    }

    @Test
    void delaysDoubleUpToTheCap() {
        assertThat(List.of(policy.delayBefore(2), policy.delayBefore(3), policy.delayBefore(4), policy.delayBefore(5),
                policy.delayBefore(6))).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(500), Duration.ofMillis(500));
    }

    @Test
    void succeedsAfterTransientFailures() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        String result = policy.call("scale", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new KubernetesClientException("conflict", 409, null);
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void givesUpAfterTheAttemptsNamingTheOperationAndStatus() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy.call("scale Deployment prod/web to 3",
                alwaysFailing(calls, "the server is busy", 503)))
                .isInstanceOf(RetryPolicy.GaveUp.class)
                .hasMessage("scale Deployment prod/web to 3 failed after 5 attempts: HTTP 503 the server is busy");
        assertThat(calls).hasValue(5);
        assertThat(waits).hasSize(4);
    }

    @Test
    void stopsAtOnceOnAFailureThatWillNotGoAway() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> policy.call("read", alwaysFailing(calls, "forbidden", 403)))
                .hasMessage("read failed: HTTP 403 forbidden");
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    /** A call the API server answers with {@code status} every time; {@code calls} counts them. */
    private static Callable<String> alwaysFailing(AtomicInteger calls, String message, int status) {
        return () -> {
            calls.incrementAndGet();
            throw new KubernetesClientException(message, status, null);
        };
    }
}
