/** Matrix multiplication engines behind one narrow port: a real BLAS on the CPU (and, where present, a GPU). */
package io.userscale.gpuapp.compute;
