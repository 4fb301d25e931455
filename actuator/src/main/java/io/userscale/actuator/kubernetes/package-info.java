/** Scaling Deployments through the Kubernetes API, with bounded retries. */
package io.userscale.actuator.kubernetes;
