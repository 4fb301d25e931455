package io.userscale.actuator.service;

/** The backends a command can be applied to, named in configuration as {@code kubernetes}, {@code local}, {@code dry-run}. */
public enum BackendKind {
    /** A Deployment's scale subresource, through the Kubernetes API. */
    KUBERNETES,
    /** Workload processes on this machine. */
    LOCAL,
    /** Nothing is touched; each command is reported as what would have been done. */
    DRY_RUN
}
