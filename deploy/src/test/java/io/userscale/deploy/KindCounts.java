package io.userscale.deploy;

import io.userscale.deploy.Manifests.Doc;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Objects per kind, for the test log: {@code {ConfigMap=2, Deployment=4, ...}}. */
final class KindCounts {

    private KindCounts() {
    }

    static Map<String, Integer> of(List<Doc> docs) {
        Map<String, Integer> counts = new TreeMap<>();
        docs.forEach(d -> counts.merge(d.kind(), 1, Integer::sum));
        return counts;
    }
}
