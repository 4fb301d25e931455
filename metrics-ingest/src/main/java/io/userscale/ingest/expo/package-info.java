/**
 * Reading one metrics exposition: a Prometheus text format (0.0.4) and OpenMetrics (1.0) parser
 * that never throws on bad input ({@link io.userscale.ingest.expo.Exposition}), the scaling signals
 * userscale takes from it ({@link io.userscale.ingest.expo.Signals}), the per-pod turning of
 * cumulative counters into interval deltas ({@link io.userscale.ingest.expo.CounterDeltas}) and a
 * report of all of it ({@link io.userscale.ingest.expo.ScrapeReport}). Plain Java: no CDI, no Kafka.
 */
package io.userscale.ingest.expo;
