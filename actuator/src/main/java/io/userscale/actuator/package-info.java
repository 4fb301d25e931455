/**
 * Applies ScaleCommands idempotently to a backend (Kubernetes, local processes, dry run) and
 * reports each outcome as an ActuationResult on {@code userscale.actuations}.
 */
package io.userscale.actuator;
