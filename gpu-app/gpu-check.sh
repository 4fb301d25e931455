#!/usr/bin/env bash
# gpu-app's GPU check, for a machine with an NVIDIA GPU and PyTorch. Builds nothing: it needs the
# bundle made elsewhere by scripts/gpu-bundle.sh (gpu-app/target/gpu-bundle: a small Java runtime,
# gpu-app's classes and the shipped kernel, JCuda). Run from the repository root:
#
#   gpu-app/gpu-check.sh [--sizes 2048,4096,8192] [--out DIR]
#
# 1. each shipped kernel's product against the CPU's BLAS (n = 64, 500, 1024, 2000: relative
#    Frobenius error <= 1e-5, and the checksum GET /api/matmul reports), and the GPU busy work;
# 2. each shipped kernel's time at each size beside torch.matmul in float32 (TF32 off), both on
#    device-resident operands timed with CUDA events, in the same run; prints a table and writes
#    DIR/gpu-check.json.
set -euo pipefail
sizes=2048,4096,8192; out=${OUT:-.}
while (( $# )); do
  case "$1" in
    --sizes) sizes="${2:?}"; shift 2 ;;
    --out) out="${2:?}"; shift 2 ;;
    *) echo "gpu-check: unknown option $1" >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
bundle="$root/gpu-app/target/gpu-bundle"
java="$bundle/jre/bin/java"
[[ -x "$java" ]] || java=$(command -v java || true)
[[ -n "$java" && -d "$bundle/lib" ]] || { echo "gpu-check: no bundle at $bundle; run scripts/gpu-bundle.sh where Maven works and carry gpu-app/target/gpu-bundle" >&2; exit 2; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "gpu-check: nvidia-smi not found" >&2
mkdir -p "$out"
set +e
"$java" --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="${TMPDIR:-/tmp}" -cp "$bundle/lib/*" \
  io.userscale.gpuapp.compute.GpuCheck "$sizes" > "$out/gpu-java.json"
rc=$?
set -e
if (( rc == 3 )); then echo "gpu-check: no usable GPU here (see above); nothing to time" >&2; exit 3; fi
[[ -s "$out/gpu-java.json" ]] || { echo "gpu-check: the Java check gave no result (exit $rc; see above)" >&2; exit 1; }
PYTHONUNBUFFERED=1 python3 - "$out/gpu-java.json" "$out/gpu-check.json" "$rc" <<'PY'
import json, sys
java = json.load(open(sys.argv[1]))
try:
    import torch
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    have_torch = torch.cuda.is_available()
except ImportError:
    have_torch = False
torch_ms = {}
for n in sorted({t["n"] for t in java["timings"]}):
    if not have_torch:
        break
    a = torch.rand(n, n, device="cuda", dtype=torch.float32); b = torch.rand(n, n, device="cuda", dtype=torch.float32)
    for _ in range(3): torch.matmul(a, b)
    torch.cuda.synchronize()
    reps = 5 if n >= 8192 else 20
    s = torch.cuda.Event(enable_timing=True); e = torch.cuda.Event(enable_timing=True)
    s.record()
    for _ in range(reps): torch.matmul(a, b)
    e.record(); torch.cuda.synchronize()
    torch_ms[n] = s.elapsed_time(e) / reps
    del a, b
rows = []
for t in java["timings"]:
    n = t["n"]; tm = torch_ms.get(n)
    tt = 2 * n ** 3 / (tm / 1e3) / 1e12 if tm else None
    rows.append({"kernel": t["kernel"], "n": n, "kernelMs": t["ms"], "kernelTflops": t["tflops"], "torchMs": tm,
                 "torchTflops": tt, "ratio": (t["tflops"] / tt) if tt else None})
print(f"GPU: {java['gpu']}; the engine uses {java['kernel']}; torch {torch.__version__ if have_torch else 'absent'}")
for c in java["checks"]:
    print(f"  {c['kernel']:<18} n={c['n']:5d}  vs CPU: relative error {c['relativeError']:.2e}, "
          f"checksum {c['checksumGpu']:.6g} / {c['checksumCpu']:.6g}  {'ok' if c['ok'] else 'WRONG'}")
print(f"  busy work: 200 ms asked, {java['busyMs']} ms taken")
print(f"{'kernel':<18} {'n':>6} {'kernel ms':>10} {'TFLOP/s':>8} {'torch ms':>9} {'TFLOP/s':>8} {'ratio':>6}")
f = lambda v, p: f"{v:.{p}f}" if v is not None else "n/a"
for r in rows:
    print(f"{r['kernel']:<18} {r['n']:>6} {f(r['kernelMs'],3):>10} {f(r['kernelTflops'],1):>8} {f(r['torchMs'],3):>9} "
          f"{f(r['torchTflops'],1):>8} {f(r['ratio'],2):>6}")
json.dump({"gpu": java["gpu"], "kernel": java["kernel"], "busyMs": java["busyMs"], "checks": java["checks"],
           "timings": rows, "torch": have_torch}, open(sys.argv[2], "w"), indent=2)
sys.exit(int(sys.argv[3]))
PY
