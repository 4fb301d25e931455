package io.userscale.ingest.pods;

import io.userscale.kafka.contract.TargetRef;
import java.net.URI;
import java.util.List;

/**
 * A fixed list of metrics URLs, each a ready pod named by its host and port (with the path too
 * when two share a host and port).
 */
public final class StaticPods implements PodSource {

    private final List<Pod> pods;

    public StaticPods(List<String> urls) {
        List<URI> uris = urls.stream().map(String::trim).map(URI::create).toList();
        java.util.Map<String, Long> perAuthority = uris.stream().collect(java.util.stream.Collectors.groupingBy(
                URI::getAuthority, java.util.stream.Collectors.counting()));
        this.pods = uris.stream().map(u -> new Pod(perAuthority.get(u.getAuthority()) > 1
                ? u.getAuthority() + u.getPath() : u.getAuthority(), u, true, null)).toList();
    }

    @Override
    public PodSet pods(TargetRef target) {
        return new PodSet(pods.size(), pods.size(), pods);
    }
}
