package io.userscale.actuator.kubernetes;

import static io.userscale.actuator.core.Commands.T0;
import static io.userscale.actuator.core.Commands.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.userscale.actuator.core.Bounds;
import io.userscale.actuator.core.BoundsTable;
import io.userscale.actuator.core.CommandGate;
import io.userscale.actuator.core.CommandHandler;
import io.userscale.kafka.contract.ActuationResult;
import io.userscale.kafka.contract.ActuationResult.Status;
import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kubernetes backend against the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesBackendTest {

    static final String SCALE_PATH = "/apis/apps/v1/namespaces/shop/deployments/web/scale";
    /** Held, so the level sticks: the mock server's line per request stays out of the output. */
    static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    KubernetesMockServer server;
    KubernetesClient client;

    final TargetRef web = TargetRef.deployment("shop", "web");
    final Clock clock = Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC);
    CommandHandler handler;

    @BeforeEach
    void deployment() {
        client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("shop").addToLabels("app", "web").endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("example/web:1").endContainer().endSpec()
                .endTemplate()
                .endSpec().build()).create();
        var retry = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofMillis(40), d -> Thread.sleep(d.toMillis()));
        handler = new CommandHandler(new CommandGate(new BoundsTable(new Bounds(1, 10), Map.of("shop/web",
                new Bounds(1, 8)))), new KubernetesBackend(client, retry, clock), clock);
    }

    @Test
    void scalesTheDeploymentAndAnnotatesIt() throws Exception {
        ScaleCommand c = command(web, "a", 0, 2, 5);
        ActuationResult r = handle(c);
        assertThat(r).isEqualTo(new ActuationResult("a", web, "kubernetes", Status.APPLIED, 2, 5, clock.instant(), null));
        Deployment d = read();
        assertThat(d.getSpec().getReplicas()).isEqualTo(5);
        assertThat(d.getMetadata().getAnnotations())
                .containsEntry(KubernetesBackend.LAST_DECISION_ID, "decision-a")
                .containsEntry(KubernetesBackend.LAST_SCALE, "2 -> 5 at " + clock.instant());
        assertThat(d.getSpec().getTemplate().getSpec().getContainers()).as("the rest of the Deployment kept")
                .extracting(c2 -> c2.getImage()).containsExactly("example/web:1");
        assertThat(d.getMetadata().getLabels()).containsEntry("app", "web");
    }

    @Test
    void aCountAlreadySetIsLeftAlone() throws Exception {
        ActuationResult r = handle(command(web, "a", 0, 1, 2));
        assertThat(r.status()).isEqualTo(Status.ALREADY_AT_TARGET);
        assertThat(read().getMetadata().getAnnotations()).doesNotContainKey(KubernetesBackend.LAST_DECISION_ID);
    }

    @Test
    void aStaleCommandIsNotApplied() throws Exception {
        assertThat(handle(command(web, "newer", 10, 2, 4)).status()).isEqualTo(Status.APPLIED);
        ActuationResult stale = handle(command(web, "older", 5, 2, 6));
        assertThat(stale.status()).isEqualTo(Status.STALE);
        assertThat(read().getSpec().getReplicas()).isEqualTo(4);
        assertThat(read().getMetadata().getAnnotations()).containsEntry(KubernetesBackend.LAST_DECISION_ID,
                "decision-newer");
    }

    @Test
    void aConflictIsRetriedUntilTheScaleGoesThrough() throws Exception {
        server.expect().put().withPath(SCALE_PATH)
                .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
                        .withMessage("the object has been modified; please apply your changes to the latest version")
                        .build())
                .once();
        int before = server.getRequestCount();
        ActuationResult r = handle(command(web, "a", 0, 2, 6));
        assertThat(r.status()).isEqualTo(Status.APPLIED);
        assertThat(r.error()).isNull();
        assertThat(read().getSpec().getReplicas()).isEqualTo(6);
        assertThat(scalePuts(before)).as("one PUT answered 409, the next applied").isEqualTo(2);
    }

    @Test
    void persistentServerErrorsEndInAFailedResultAfterTheAttempts() throws Exception {
        server.expect().put().withPath(SCALE_PATH)
                .andReturn(503, new StatusBuilder().withCode(503).withMessage("etcd is unavailable").build())
                .always();
        int before = server.getRequestCount();
        ActuationResult r = handle(command(web, "a", 0, 2, 6));
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.from()).isEqualTo(2);
        assertThat(r.error()).isEqualTo("scale Deployment shop/web to 6 failed after 5 attempts: HTTP 503 etcd is unavailable");
        assertThat(scalePuts(before)).isEqualTo(5);
        assertThat(read().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void boundsHold() throws Exception {
        ActuationResult r = handle(command(web, "a", 0, 2, 9)); // shop/web is bounded to [1, 8]
        assertThat(r.status()).isEqualTo(Status.REJECTED_BOUNDS);
        assertThat(r.error()).isEqualTo("9 replicas is outside shop/web's bounds [1, 8]");
        assertThat(read().getSpec().getReplicas()).isEqualTo(2);
        assertThat(handle(command(web, "b", 1, 2, 8)).status()).isEqualTo(Status.APPLIED);
    }

    @Test
    void aMissingDeploymentFailsNamingIt() throws Exception {
        ActuationResult r = handle(command(TargetRef.deployment("shop", "nope"), "a", 0, 1, 3));
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.error()).isEqualTo("Deployment shop/nope not found");
        assertThat(client.apps().deployments().inNamespace("shop").withName("nope").get()).isNull();
    }

    @Test
    void otherKindsAreRefusedNamingThem() throws Exception {
        ActuationResult r = handle(command(new TargetRef("shop", "web", "StatefulSet"), "a", 0, 1, 3));
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.error()).isEqualTo("cannot scale StatefulSet shop/web: the kubernetes backend scales Deployments");
    }

    private ActuationResult handle(ScaleCommand c) throws InterruptedException {
        ActuationResult r = handler.handle(c).orElseThrow();
        handler.published(c, r);
        return r;
    }

    private Deployment read() {
        return client.apps().deployments().inNamespace("shop").withName("web").get();
    }

    /** PUTs of the scale subresource among the requests after the first {@code skip}. */
    private long scalePuts(int skip) throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (int i = 0; i < server.getRequestCount(); i++) {
            requests.add(server.takeRequest(1, TimeUnit.SECONDS));
        }
        return requests.subList(skip, requests.size()).stream()
                .filter(q -> q.getMethod().equals("PUT") && q.getPath().equals(SCALE_PATH)).count();
    }
}
