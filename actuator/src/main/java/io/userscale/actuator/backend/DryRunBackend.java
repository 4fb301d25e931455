package io.userscale.actuator.backend;

import io.userscale.kafka.contract.ScaleCommand;
import io.userscale.kafka.contract.TargetRef;
import java.util.Optional;

/** The backend that touches nothing: every command is reported as {@code DRY_RUN}. */
public final class DryRunBackend implements ScaleBackend {

    /** Its name in results and configuration. */
    public static final String NAME = "dry-run";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean dryRun() {
        return true;
    }

    @Override
    public int replicas(TargetRef target) {
        throw new UnsupportedOperationException("the dry-run backend knows no replica counts");
    }

    @Override
    public Optional<String> scale(ScaleCommand command, int from) {
        throw new UnsupportedOperationException("the dry-run backend changes nothing");
    }
}
