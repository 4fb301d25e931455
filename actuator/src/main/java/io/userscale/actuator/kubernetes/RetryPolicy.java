package io.userscale.actuator.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Bounded exponential back-off for Kubernetes API calls: a call answered 409 (conflict), 429 (too
 * many requests) or 5xx is tried again after {@code initialDelay}, then twice that, and so on up to
 * {@code maxDelay}, at most {@code attempts} times in all. Any other failure ends it at once.
 *
 * @param attempts     attempts in all, the first included (at least 1)
 * @param initialDelay the wait after the first failed attempt
 * @param maxDelay     the longest wait
 * @param sleeper      how waiting is done
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay, Sleeper sleeper) {

    /** Waits; tests pass one that records instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** A failed call, after the attempts it was given. */
    public static final class GaveUp extends Exception {
        GaveUp(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("retry attempts must be at least 1, got " + attempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= initial <= max, got initial="
                    + initialDelay + " max=" + maxDelay);
        }
    }

    /** A policy that waits with {@link Thread#sleep}. */
    public static RetryPolicy of(int attempts, Duration initialDelay, Duration maxDelay) {
        return new RetryPolicy(attempts, initialDelay, maxDelay, d -> Thread.sleep(d.toMillis()));
    }

    /** Whether a failure is worth another attempt. */
    public static boolean retryable(Throwable failure) {
        if (failure instanceof KubernetesClientException k) {
            int code = k.getCode();
            return code == 409 || code == 429 || code >= 500;
        }
        return false;
    }

    /** The wait before attempt {@code attempt} (2 for the first retry). */
    public Duration delayBefore(int attempt) {
        Duration delay = initialDelay;
        for (int i = 2; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /**
     * Runs {@code call} until it succeeds, fails for good, or the attempts are spent.
     *
     * @param what the operation in words, for the error ("scale Deployment demo/web to 3")
     * @throws GaveUp naming {@code what}, the HTTP status and the attempts made
     */
    public <T> T call(String what, Callable<T> call) throws GaveUp, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!retryable(e) || attempt >= attempts) {
                    throw new GaveUp(what + " failed" + (attempt > 1 ? " after " + attempt + " attempts" : "")
                            + ": " + describe(e), e);
                }
                sleeper.sleep(delayBefore(attempt + 1));
            }
        }
    }

    private static String describe(Exception e) {
        if (e instanceof KubernetesClientException k) {
            String reason = k.getStatus() != null && k.getStatus().getMessage() != null
                    ? k.getStatus().getMessage() : k.getMessage();
            return k.getCode() > 0 ? "HTTP " + k.getCode() + " " + reason : reason;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
