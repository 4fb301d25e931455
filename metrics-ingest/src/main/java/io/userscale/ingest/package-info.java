/**
 * Scrapes each target's pods every interval and publishes one TargetSnapshot per target to
 * {@code userscale.metrics}.
 */
package io.userscale.ingest;
