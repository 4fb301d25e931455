/**
 * The offline tools users run through {@code ./userscale}: {@code simulate} (and later
 * {@code replay}, {@code record}, {@code bench engine}). They read files and print; the pure
 * policy and simulation code they drive lives in {@code policy} and {@code sim}.
 */
package io.userscale.engine.tools;
