#!/usr/bin/env bash
# gpu-app's GPU check, for a machine with an NVIDIA GPU and PyTorch. Builds nothing: it needs the
# bundle made elsewhere by scripts/gpu-bundle.sh (gpu-app/target/gpu-bundle: a small Java runtime,
# gpu-app's classes and the shipped kernel, JCuda). Run from the repository root:
#
#   gpu-app/gpu-check.sh [--sizes 2048,4096,8192] [--out DIR]
#
# 1. the GPU product against the CPU's BLAS (n = 64, 500, 1024; relative Frobenius error <= 1e-5);
# 2. the shipped kernel's time at each size beside torch.matmul in float32 (TF32 off), both on
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
PYTHONUNBUFFERED=1 python3 - "$out/gpu-java.json" "$sizes" "$out/gpu-check.json" "$rc" <<'PY'
import json, sys
java = json.load(open(sys.argv[1])); sizes = [int(s) for s in sys.argv[2].split(",")]
try:
    import torch
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    have_torch = torch.cuda.is_available()
except ImportError:
    have_torch = False
rows = []
for t in java["timings"]:
    n = t["n"]; torch_ms = None
    if have_torch:
        a = torch.rand(n, n, device="cuda", dtype=torch.float32); b = torch.rand(n, n, device="cuda", dtype=torch.float32)
        for _ in range(3): torch.matmul(a, b)
        torch.cuda.synchronize()
        reps = 5 if n >= 8192 else 20
        s = torch.cuda.Event(enable_timing=True); e = torch.cuda.Event(enable_timing=True)
        s.record()
        for _ in range(reps): torch.matmul(a, b)
        e.record(); torch.cuda.synchronize()
        torch_ms = s.elapsed_time(e) / reps
    tt = 2 * n ** 3 / (torch_ms / 1e3) / 1e12 if torch_ms else None
    rows.append({"n": n, "kernelMs": t["ms"], "kernelTflops": t["tflops"], "torchMs": torch_ms, "torchTflops": tt,
                 "ratio": (t["tflops"] / tt) if tt else None})
print(f"GPU: {java['gpu']}")
for c in java["checks"]:
    print(f"  n={c['n']:5d}  GPU vs CPU relative error {c['relativeError']:.2e}  {'ok' if c['ok'] else 'WRONG'}")
print(f"{'n':>6} {'kernel ms':>10} {'TFLOP/s':>8} {'torch ms':>9} {'TFLOP/s':>8} {'ratio':>6}")
for r in rows:
    f = lambda v, p: f"{v:.{p}f}" if v is not None else "n/a"
    print(f"{r['n']:>6} {f(r['kernelMs'],3):>10} {f(r['kernelTflops'],1):>8} {f(r['torchMs'],3):>9} {f(r['torchTflops'],1):>8} {f(r['ratio'],2):>6}")
json.dump({"gpu": java["gpu"], "checks": java["checks"], "timings": rows, "torch": have_torch}, open(sys.argv[3], "w"), indent=2)
sys.exit(int(sys.argv[4]))
PY
