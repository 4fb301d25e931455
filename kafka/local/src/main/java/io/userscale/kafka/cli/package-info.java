/** {@code userscale kafka}: start, stop and inspect the local broker and its topics. */
package io.userscale.kafka.cli;
