/**
 * The workload being scaled: a REST service multiplying matrices on a GPU or CPU, instrumented
 * with the series userscale scales on.
 */
package io.userscale.gpuapp;
