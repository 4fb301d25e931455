#!/usr/bin/env bash
# ./userscale bench matmul [--size N] [--json FILE]
# CPU SGEMM through gpu-app's GET /api/matmul?device=cpu beside numpy's float32 matmul, on the
# same machine with the same (default: all) threads, in the same run; prints the ratio.
set -euo pipefail
CMD="bench matmul"; source "$(dirname "$0")/options.sh"
size=2000; json=""
while (( $# )); do
  case "$1" in
    --size) size="$(count "$1" "${2:-}")"; shift 2 ;;
    --json) json="$(value "$1" "${2:-}")"; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0" | sed 's/^# //'; exit 0 ;;
    *) usage_error "unknown option $1" ;;
  esac
done
python3 -c 'import numpy' 2>/dev/null || { echo "bench matmul: needs python3 with numpy (apt-get install python3-numpy)" >&2; exit 1; }
: "${JAVA:?run through ./userscale bench matmul}"; : "${ROOT:?}"
port=$(free_port); mport=$(free_port)
log=$(mktemp); "$JAVA" @"$ROOT/gpu-app/jvm.options" -Dquarkus.http.port="$port" -Dquarkus.management.port="$mport" \
  -jar "$ROOT/gpu-app/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
app=$!
# the script's own status survives the clean-up (wait reports the killed app's 143, which set -e would return)
trap 'rc=$?; kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -f "$log"; exit $rc' EXIT
for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$port/api/info" && break; sleep 0.5; done
curl -fs -o /dev/null "http://127.0.0.1:$port/api/info" || { echo "bench matmul: gpu-app did not start; its log:" >&2; cat "$log" >&2; exit 1; }
echo "gpu-app: $(curl -fs "http://127.0.0.1:$port/api/info" | python3 -c 'import json,sys; print(json.load(sys.stdin)["cpuBackend"])')" >&2
best=0; backend=""
for i in 1 2 3 4 5 6 7; do
  out=$(curl -fs "http://127.0.0.1:$port/api/matmul?size=$size&device=cpu&seed=$i")
  g=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["gflops"])')
  backend=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["backend"])')
  if (( i > 2 )); then best=$(python3 -c "print(max($best, $g))"); fi   # two warm-ups
  echo "  gpu-app run $i: $(printf '%.1f' "$g") GFLOP/s" >&2
done
numpy=$(python3 - "$size" <<'PY'
import sys, time, numpy as np
n = int(sys.argv[1]); rng = np.random.default_rng(1)
a = rng.random((n, n), dtype=np.float32); b = rng.random((n, n), dtype=np.float32)
best = 0.0
for i in range(7):
    t = time.perf_counter(); a @ b; dt = time.perf_counter() - t
    if i >= 2: best = max(best, 2 * n ** 3 / dt / 1e9)
print(best)
PY
)
ratio=$(python3 -c "print($best / $numpy)")
printf 'CPU SGEMM n=%d: gpu-app %.1f GFLOP/s (%s), numpy %.1f GFLOP/s, ratio %.2f\n' "$size" "$best" "$backend" "$numpy" "$ratio"
if [[ -n "$json" ]]; then
  python3 - "$json" "$backend" "$best" "$numpy" "$ratio" "$size" <<'PY'
import json, sys
f, backend, g, n, r, size = sys.argv[1:]
json.dump({"backend": backend, "gflops": float(g), "numpyGflops": float(n), "ratio": float(r), "size": int(size)},
          open(f, "w"), indent=2)
PY
  echo "wrote $json"
fi
