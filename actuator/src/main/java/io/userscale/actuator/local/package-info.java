/** Running a workload's replicas as processes on this machine, published in a replica list file. */
package io.userscale.actuator.local;
