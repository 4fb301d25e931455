#!/usr/bin/env bash
# Builds matmul.cu into the fatbin gpu-app ships (src/main/resources/cuda/matmul.fatbin):
# machine code for Ampere (sm_80), Ada (sm_89) and Hopper (sm_90), plus compute_80 PTX that newer
# drivers can JIT. The fatbin's machine code loads on any driver that supports those GPUs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
nvcc=${NVCC:-$(command -v nvcc || echo /usr/local/bin/nvcc)}
"$nvcc" -O3 -fatbin \
  -gencode arch=compute_80,code=sm_80 \
  -gencode arch=compute_89,code=sm_89 \
  -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_80,code=compute_80 \
  -o "$here/../resources/cuda/matmul.fatbin" "$here/matmul.cu"
ls -l "$here/../resources/cuda/matmul.fatbin"
