// userscale gpu-app kernels, loaded through the CUDA driver API (cuModuleLoadData).
// Regenerate the shipped fatbin with ./build-kernels.sh (needs nvcc).

// C = A x B for row-major n x n float32 matrices, n a multiple of 128 (the host pads).
// Each block of 256 threads computes a 128 x 128 tile of C, stepping through k 8 at a time;
// each thread computes an 8 x 8 patch held in registers, as two 4-row by two 4-column quads
// (rows ty*4 and 64+ty*4, columns tx*4 and 64+tx*4) so that shared-memory reads of a warp are
// contiguous. The A tile is stored transposed (k-major) so both operands are read as float4.
#define BM 128
#define BN 128
#define BK 8
#define PAD 4

extern "C" __global__ void __launch_bounds__(256)
sgemm_nn_128(const float* __restrict__ A, const float* __restrict__ B, float* __restrict__ C, int n)
{
    __shared__ __align__(16) float As[BK][BM + PAD];
    __shared__ __align__(16) float Bs[BK][BN];

    const int tid = threadIdx.x;
    const int tx = tid & 15;          // column quad index
    const int ty = tid >> 4;          // row quad index
    const int rowBase = blockIdx.y * BM;
    const int colBase = blockIdx.x * BN;

    // global -> shared loading: A tile 128 x 8 and B tile 8 x 128, one float4 each per thread
    const int aRow = tid >> 1;        // 0..127
    const int aCol = (tid & 1) << 2;  // 0 or 4
    const int bRow = tid >> 5;        // 0..7
    const int bCol = (tid & 31) << 2; // 0..124

    const float* aPtr = A + (size_t)(rowBase + aRow) * n + aCol;
    const float* bPtr = B + (size_t)bRow * n + colBase + bCol;

    float acc[8][8];
#pragma unroll
    for (int i = 0; i < 8; ++i)
#pragma unroll
        for (int j = 0; j < 8; ++j)
            acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < n; k0 += BK) {
        const float4 a4 = *reinterpret_cast<const float4*>(aPtr + k0);
        As[aCol + 0][aRow] = a4.x;
        As[aCol + 1][aRow] = a4.y;
        As[aCol + 2][aRow] = a4.z;
        As[aCol + 3][aRow] = a4.w;
        *reinterpret_cast<float4*>(&Bs[bRow][bCol]) =
            *reinterpret_cast<const float4*>(bPtr + (size_t)k0 * n);
        __syncthreads();

#pragma unroll
        for (int k = 0; k < BK; ++k) {
            const float4 a0 = *reinterpret_cast<const float4*>(&As[k][ty * 4]);
            const float4 a1 = *reinterpret_cast<const float4*>(&As[k][64 + ty * 4]);
            const float4 b0 = *reinterpret_cast<const float4*>(&Bs[k][tx * 4]);
            const float4 b1 = *reinterpret_cast<const float4*>(&Bs[k][64 + tx * 4]);
            const float ra[8] = {a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w};
            const float rb[8] = {b0.x, b0.y, b0.z, b0.w, b1.x, b1.y, b1.z, b1.w};
#pragma unroll
            for (int i = 0; i < 8; ++i)
#pragma unroll
                for (int j = 0; j < 8; ++j)
                    acc[i][j] = fmaf(ra[i], rb[j], acc[i][j]);
        }
        __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < 8; ++i) {
        const int row = rowBase + (i < 4 ? ty * 4 + i : 64 + ty * 4 + (i - 4));
        float* cRow = C + (size_t)row * n + colBase;
        *reinterpret_cast<float4*>(cRow + tx * 4) = make_float4(acc[i][0], acc[i][1], acc[i][2], acc[i][3]);
        *reinterpret_cast<float4*>(cRow + 64 + tx * 4) = make_float4(acc[i][4], acc[i][5], acc[i][6], acc[i][7]);
    }
}

// Keeps one SM busy for about `cycles` clock cycles: the /api/work?device=gpu busy work.
extern "C" __global__ void spin(long long cycles, int* sink)
{
    const long long start = clock64();
    int x = threadIdx.x;
    while (clock64() - start < cycles) {
        x = x * 1664525 + 1013904223;
    }
    if (x == 42 && sink != nullptr) {
        *sink = x; // keeps the loop from being optimised away
    }
}
