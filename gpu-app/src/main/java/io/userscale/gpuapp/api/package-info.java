/** The REST API: /api/matmul, /api/work, /api/info, with errors as JSON naming the field and the limit. */
package io.userscale.gpuapp.api;
