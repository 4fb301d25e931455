#!/usr/bin/env bash
# gpu-app's GPU check, for a machine with an NVIDIA GPU and PyTorch. Builds nothing: it needs the
# bundle made elsewhere by scripts/gpu-bundle.sh (a small Java runtime and the packaged gpu-app):
# gpu-app/target/gpu-bundle, or gpu-app/target/gpu-bundle.tar.xz, which it unpacks. Run from the
# repository root:
#
#   gpu-app/gpu-check.sh [--sizes 2048,4096,8192] [--out DIR]
#
# 1. each shipped kernel's product against the CPU's BLAS (n = 64, 500, 1024, 2000: relative
#    Frobenius error <= 1e-5, and the checksum GET /api/matmul reports), and the GPU busy work;
# 2. each shipped kernel's time at each size beside torch.matmul in float32 (TF32 off), both on
#    device-resident operands timed with CUDA events, in the same run; prints a table and writes
#    DIR/gpu-check.json;
# 3. the gpu-app service itself on the GPU: /api/info, GET /api/matmul with device=gpu and
#    device=cpu on the same seeded operands (checksums must agree), /api/work on the GPU, and
#    userscale_gpu_utilization_percent on /q/metrics; writes DIR/gpu-service.json;
# 4. the tests that need a GPU (CudaEngineTest), through JUnit's launcher.
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
if [[ ! -d "$bundle/app" && -f "$bundle.tar.xz" ]]; then
  unpacked="${TMPDIR:-/tmp}/userscale-gpu-check"
  rm -rf "$unpacked"; mkdir -p "$unpacked"
  tar -C "$unpacked" -xJf "$bundle.tar.xz"
  bundle="$unpacked/gpu-bundle"
fi
java="$bundle/jre/bin/java"
[[ -x "$java" ]] || java=$(command -v java || true)
[[ -n "$java" && -d "$bundle/app" ]] || { echo "gpu-check: no bundle at $bundle(.tar.xz); run scripts/gpu-bundle.sh where Maven works and carry gpu-app/target/gpu-bundle.tar.xz" >&2; exit 2; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "gpu-check: nvidia-smi not found" >&2
mkdir -p "$out"
set +e
"$java" @"$root/gpu-app/jvm.options" -Djava.io.tmpdir="${TMPDIR:-/tmp}" \
  -cp "$bundle/app/app/*:$bundle/app/lib/main/*" io.userscale.gpuapp.compute.GpuCheck "$sizes" > "$out/gpu-java.json"
rc=$?
set -e
if (( rc == 3 )); then echo "gpu-check: no usable GPU here (see above); nothing to time" >&2; exit 3; fi
[[ -s "$out/gpu-java.json" ]] || { echo "gpu-check: the Java check gave no result (exit $rc; see above)" >&2; exit 1; }
PYTHONUNBUFFERED=1 python3 - "$out/gpu-java.json" "$out/gpu-check.json" <<'PY'
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
PY
kernel_rc=$rc

echo "gpu-check: starting the gpu-app service on the GPU..."
port=${GPU_CHECK_PORT:-18080}; mport=$((port + 1))
"$java" @"$root/gpu-app/jvm.options" -Djava.io.tmpdir="${TMPDIR:-/tmp}" \
  -Dquarkus.http.port=$port -Dquarkus.management.port=$mport -jar "$bundle/app/quarkus-run.jar" > "$out/gpu-app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
set +e
PYTHONUNBUFFERED=1 python3 - "$port" "$mport" "$out/gpu-service.json" <<'PY'
import json, sys, time, urllib.request, urllib.error
port, mport, path = sys.argv[1], sys.argv[2], sys.argv[3]
def get(url, timeout=120):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
deadline = time.time() + 90
while True:
    try:
        if get(f"http://127.0.0.1:{mport}/q/health/ready", 5)[0] == 200:
            break
    except OSError:
        pass
    if time.time() > deadline:
        print("gpu-check: the service did not become ready in 90 s (see gpu-app.log)"); sys.exit(1)
    time.sleep(0.5)
result = {"info": json.loads(get(f"http://127.0.0.1:{port}/api/info")[1])}
ok = True
result["products"] = []
for n, devices in ((2000, ("gpu", "cpu")), (4096, ("gpu",))):
    row = {"n": n}
    for dev in devices:
        get(f"http://127.0.0.1:{port}/api/matmul?size={n}&device={dev}&seed=7")  # warm-up
        status, body = get(f"http://127.0.0.1:{port}/api/matmul?size={n}&device={dev}&seed=7")
        row[dev] = json.loads(body) if status == 200 else {"status": status, "body": body}
    g, c = row["gpu"], row.get("cpu", {})
    if len(devices) == 1:
        row["agree"] = g.get("device") == "gpu"
    elif "checksum" in g and "checksum" in c:
        # |Δ sum| <= n·‖Δ‖_F and float32 products differ by well under 1e-5 relative (Frobenius)
        tol = n * 1e-5 * c["norm"]
        row["checksumDifference"] = abs(g["checksum"] - c["checksum"]); row["tolerance"] = tol
        row["agree"] = row["checksumDifference"] <= tol and g["device"] == "gpu"
    else:
        row["agree"] = False
    ok &= row["agree"]
    result["products"].append(row)
    line = f"  service n={n}: gpu {g.get('millis', 0):.1f} ms ({g.get('gflops', 0):.0f} GFLOP/s) checksum {g.get('checksum')}"
    if c:
        line += f"; cpu {c.get('millis', 0):.1f} ms ({c.get('gflops', 0):.0f} GFLOP/s) checksum {c.get('checksum')}"
    print(line + ("  ok" if row["agree"] else "  WRONG: " + json.dumps(g)[:300]))
status, body = get(f"http://127.0.0.1:{port}/api/work?ms=1500&device=gpu")
result["work"] = {"status": status, "body": body}
metrics = get(f"http://127.0.0.1:{mport}/q/metrics")[1]
util = [l for l in metrics.splitlines() if l.startswith("userscale_gpu_utilization_percent")]
result["gpuUtilization"] = util
print(f"  service /api/work?ms=1500&device=gpu: {status} {body}")
print(f"  service metrics: {util[0] if util else 'userscale_gpu_utilization_percent MISSING'}")
print(f"  service backend: {result['info']}")
ok &= status == 200 and bool(util) and float(util[0].split()[-1]) > 0
result["ok"] = ok
json.dump(result, open(path, "w"), indent=2)
sys.exit(0 if ok else 1)
PY
service_rc=$?
kill $app 2>/dev/null; wait $app 2>/dev/null
tests_rc=0
if [[ -d "$bundle/tests" ]]; then
  echo "gpu-check: the tests that need a GPU:"
  "$java" @"$root/gpu-app/jvm.options" -Djava.io.tmpdir="${TMPDIR:-/tmp}" \
    -cp "$bundle/tests/classes:$bundle/tests/*:$bundle/app/app/*:$bundle/app/lib/main/*" io.userscale.gpuapp.compute.GpuTests \
    | tee "$out/gpu-tests.txt"
  tests_rc=${PIPESTATUS[0]}
fi
set -e
(( kernel_rc == 0 && service_rc == 0 && tests_rc == 0 )) || exit 1
