/** The ScalingPolicy resource's spec, read and checked without a Kubernetes client. */
package io.userscale.kafka.policy;
