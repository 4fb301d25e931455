package io.userscale.kafka.topic;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the catalog's topics on a broker; safe to call again on a broker that has them. */
public final class Topics {

    private Topics() {
    }

    /**
     * Creates every catalog topic the broker lacks.
     *
     * @return the names of the topics created by this call
     */
    public static List<String> ensureAll(Admin admin, short replicationFactor, long timeoutMs)
            throws InterruptedException, TimeoutException {
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = Arrays.stream(Topic.values())
                    .filter(t -> !existing.contains(t.topicName()))
                    .map(t -> t.newTopic(replicationFactor))
                    .toList();
            if (missing.isEmpty()) {
                return List.of();
            }
            var results = admin.createTopics(missing).values();
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not list topics: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
