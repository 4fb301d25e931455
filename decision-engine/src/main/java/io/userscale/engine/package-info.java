/**
 * Folds each target's snapshots through a pure policy into Decisions (every evaluation, on
 * {@code userscale.decisions}) and ScaleCommands (changes only, on {@code userscale.commands}).
 */
package io.userscale.engine;
