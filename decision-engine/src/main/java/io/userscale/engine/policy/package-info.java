/**
 * The policies: pure functions {@code (state, observation) -> (evaluation, state')} that read no
 * clock, do no I/O and log nothing, and the {@link io.userscale.engine.policy.Decider} that turns
 * their evaluations into contract {@code Decision}s. The live engine, replay and the simulator
 * all run this code. A test forbids this package from importing Kafka, Quarkus, Mutiny, fabric8
 * or JCuda.
 */
package io.userscale.engine.policy;
