package io.userscale.gpuapp;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * gpu-app without its GPU, the modelled device serving two requests at a time. Each test class names
 * its own subclass: Quarkus restarts the application when the profile class changes, so that no class
 * sees what another has served.
 */
public abstract class TwoModelSlots implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gpuapp.gpu-enabled", "false", "gpuapp.model-slots", "2");
    }
}
