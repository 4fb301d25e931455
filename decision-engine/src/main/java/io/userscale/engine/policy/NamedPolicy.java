package io.userscale.engine.policy;

/**
 * What every policy carries besides its rules: the name users select it by, a version naming its
 * rules and a hash of its parameters, and the parameters.
 *
 * @param <S> the policy's state
 */
abstract class NamedPolicy<S> implements Policy<S> {

    private final String name;
    private final String version;
    protected final PolicyParams p;

    NamedPolicy(String name, String rulesVersion, PolicyParams params) {
        this.name = name;
        this.version = rulesVersion + "-" + params.hash();
        this.p = params;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String version() {
        return version;
    }

    @Override
    public final PolicyParams params() {
        return p;
    }
}
