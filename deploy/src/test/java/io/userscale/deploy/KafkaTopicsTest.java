package io.userscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.userscale.deploy.Manifests.Doc;
import io.userscale.kafka.topic.Topic;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kafka of the dev overlay and of the Strimzi overlay hold the topic catalog's topics, with its
 * partitions and configuration, and the services' Secret points at them.
 */
class KafkaTopicsTest {

    @Test
    void strimziTopicsAreTheCatalogs() {
        List<Doc> docs = Manifests.render("overlays/strimzi");
        GenericKubernetesResource kafka = Manifests.one(docs, "Kafka", "userscale").as(GenericKubernetesResource.class);
        int brokers = Manifests.ofKind(docs, "KafkaNodePool")
                .map(d -> d.as(GenericKubernetesResource.class))
                .filter(p -> ((List<?>) p.get("spec", "roles")).contains("broker"))
                .mapToInt(p -> ((Number) p.get("spec", "replicas")).intValue()).sum();
        List<Doc> topics = Manifests.ofKind(docs, "KafkaTopic").toList();
        assertThat(topics).hasSize(Topic.values().length);
        for (Topic t : Topic.values()) {
            GenericKubernetesResource kt = topics.stream().map(d -> d.as(GenericKubernetesResource.class))
                    .filter(r -> t.topicName().equals(r.get("spec", "topicName"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no KafkaTopic for " + t.topicName()));
            assertThat(kt.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            assertThat(((Number) kt.get("spec", "partitions")).intValue()).as(t.topicName()).isEqualTo(t.partitions());
            int replicas = ((Number) kt.get("spec", "replicas")).intValue();
            assertThat(replicas).as("replicas of %s", t.topicName()).isBetween(2, brokers);
            Map<String, String> config = strings(kt.get("spec", "config"));
            assertThat(config).as("config of %s", t.topicName()).containsAllEntriesOf(t.configs());
            assertThat(Integer.parseInt(config.get("min.insync.replicas"))).isLessThan(replicas);
        }
        Map<String, String> brokerConfig = strings(kafka.get("spec", "kafka", "config"));
        assertThat(brokerConfig).containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void theStrimziClusterIsWhereTheSecretPoints() {
        List<Doc> docs = Manifests.render("overlays/strimzi");
        GenericKubernetesResource kafka = Manifests.one(docs, "Kafka", "userscale").as(GenericKubernetesResource.class);
        List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
        Map<String, Object> plain = listeners.stream().filter(l -> Boolean.FALSE.equals(l.get("tls"))).findFirst()
                .orElseThrow();
        String expected = kafka.getMetadata().getName() + "-kafka-bootstrap." + Manifests.NAMESPACE + ".svc:"
                + plain.get("port");
        assertThat(bootstrap(docs)).isEqualTo(expected);
    }

    @Test
    void theDevTopicJobCreatesTheCatalogsTopics() {
        List<Doc> docs = Manifests.render("overlays/dev");
        String script = Manifests.one(docs, "Job", "kafka-topics").as(Job.class)
                .getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().get(0);
        Matcher m = Pattern.compile("(?m)^\\s*create (\\S+) (\\d+) (\\d+)\\s*$").matcher(script);
        Map<String, String> created = new LinkedHashMap<>();
        while (m.find()) {
            created.put(m.group(1), m.group(2) + " " + m.group(3));
        }
        Map<String, String> catalog = new LinkedHashMap<>();
        for (Topic t : Topic.values()) {
            catalog.put(t.topicName(), t.partitions() + " " + t.configs().get("retention.ms"));
            t.configs().forEach((k, v) -> {
                if (!k.equals("retention.ms")) {
                    assertThat(script).as("the Job sets %s", k).contains("--config " + k + "=" + v);
                }
            });
        }
        assertThat(created).isEqualTo(catalog);
    }

    @Test
    void theDevBrokerIsWhereTheSecretAndTheJobPointAndCreatesNoTopicByItself() {
        List<Doc> docs = Manifests.render("overlays/dev");
        Service kafka = Manifests.one(docs, "Service", "kafka").as(Service.class);
        int port = kafka.getSpec().getPorts().get(0).getPort();
        assertThat(bootstrap(docs)).isEqualTo("kafka." + Manifests.NAMESPACE + ".svc:" + port);
        Job job = Manifests.one(docs, "Job", "kafka-topics").as(Job.class);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("BOOTSTRAP");
                    assertThat(e.getValue()).isEqualTo("kafka:" + port);
                });
        Map<String, String> server = PodConfig.properties(
                Manifests.one(docs, "ConfigMap", "kafka-dev").as(ConfigMap.class).getData().get("server.properties"));
        assertThat(server).containsEntry("auto.create.topics.enable", "false")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("process.roles", "broker,controller");
    }

    private static String bootstrap(List<Doc> docs) {
        return Manifests.one(docs, "Secret", "userscale-kafka").as(Secret.class).getStringData().get("bootstrap.servers");
    }

    private static Map<String, String> strings(Object map) {
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<?, ?>) map).forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }
}
