/**
 * The live decision-engine: consumes {@code userscale.metrics}, decides per target with the pure
 * policy, publishes every decision to {@code userscale.decisions} and each change to
 * {@code userscale.commands}, dead-letters what it cannot read, and rebuilds a target's state
 * from its published decisions after a restart.
 */
package io.userscale.engine.service;
