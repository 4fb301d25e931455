/**
 * The actuator's decisions, free of I/O: which commands may be applied (order, duplicates, expiry,
 * bounds) and how a command becomes exactly one result.
 */
package io.userscale.actuator.core;
