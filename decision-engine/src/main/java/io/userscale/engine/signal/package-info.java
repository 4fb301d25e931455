/**
 * From a raw {@code TargetSnapshot} to an {@link io.userscale.engine.signal.Observation}: values
 * sanitised at the boundary (NaN, infinities, negatives and out-of-range percentages become
 * unknown and are counted), then aggregated over ready pods. Pure: no clock, no I/O.
 */
package io.userscale.engine.signal;
