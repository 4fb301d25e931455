/** The closed-loop model cluster, the oracle and the simulate tool. Pure: no clock, no I/O but the trace reader. */
package io.userscale.engine.sim;
