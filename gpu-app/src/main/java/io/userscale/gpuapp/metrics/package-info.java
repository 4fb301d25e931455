/** The series userscale scales on, as gpu-app measures them: users, CPU, latency, requests, in flight. */
package io.userscale.gpuapp.metrics;
