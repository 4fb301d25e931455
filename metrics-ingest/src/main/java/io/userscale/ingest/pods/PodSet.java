package io.userscale.ingest.pods;

import java.util.List;

/**
 * What a target has now.
 *
 * @param spec  replicas asked for
 * @param ready replicas ready
 * @param pods  the pods to scrape
 */
public record PodSet(int spec, int ready, List<Pod> pods) {

    public PodSet {
        pods = List.copyOf(pods);
    }

    public static final PodSet NONE = new PodSet(0, 0, List.of());
}
