#!/usr/bin/env bash
# ./userscale bench loadgen [--connections N] [--duration S] [--json FILE]
# loadgen's closed-loop request rate beside wrk's, same gpu-app endpoint (GET /api/info), same
# connection count, one after the other in the same run; prints the ratio.
set -euo pipefail
CMD="bench loadgen"; source "$(dirname "$0")/options.sh"
conns=32; duration=10; json=""
while (( $# )); do
  case "$1" in
    --connections) conns="$(count "$1" "${2:-}")"; shift 2 ;;
    --duration) duration="$(count "$1" "${2:-}")"; shift 2 ;;
    --json) json="$(value "$1" "${2:-}")"; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0" | sed 's/^# //'; exit 0 ;;
    *) usage_error "unknown option $1" ;;
  esac
done
command -v wrk >/dev/null || { echo "bench loadgen: needs wrk (apt-get install wrk)" >&2; exit 1; }
: "${JAVA:?run through ./userscale bench loadgen}"; : "${ROOT:?}"
port=$(free_port); mport=$(free_port)
log=$(mktemp); out=$(mktemp)
"$JAVA" @"$ROOT/gpu-app/jvm.options" -Dquarkus.http.port="$port" -Dquarkus.management.port="$mport" \
  -jar "$ROOT/gpu-app/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
app=$!
# the script's own status survives the clean-up (wait reports the killed app's 143, which set -e would return)
trap 'rc=$?; kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -f "$log" "$out"; exit $rc' EXIT
for _ in $(seq 1 60); do curl -fs -o /dev/null "http://127.0.0.1:$port/api/info" && break; sleep 0.5; done
curl -fs -o /dev/null "http://127.0.0.1:$port/api/info" || { echo "bench loadgen: gpu-app did not start; its log:" >&2; cat "$log" >&2; exit 1; }
url="http://127.0.0.1:$port/api/info"
echo "warming gpu-app up (5 s of wrk)" >&2
wrk -t2 -c"$conns" -d5s "$url" >/dev/null
echo "wrk: $conns connections, $duration s" >&2
wrk_rps=$(wrk -t2 -c"$conns" -d"${duration}s" "$url" | awk '/^Requests\/sec:/ {print $2}')
echo "loadgen: $conns users, $duration s" >&2
"$JAVA" -cp "$ROOT/loadgen/target/userscale-loadgen.jar:$ROOT/loadgen/target/lib/*" io.userscale.loadgen.LoadgenCommand \
  --url "http://127.0.0.1:$port" --path /api/info --concurrency "$conns" --duration "$duration" \
  --max-requests-per-connection 0 --report "$out" 2>/dev/null >/dev/null
lg_rps=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requestsPerSecond"])' "$out")
ratio=$(python3 -c "print($lg_rps / $wrk_rps)")
printf 'GET /api/info, %d connections: loadgen %.0f req/s, wrk %.0f req/s, ratio %.2f\n' "$conns" "$lg_rps" "$wrk_rps" "$ratio"
if [[ -n "$json" ]]; then
  python3 - "$json" "$url" "$conns" "$lg_rps" "$wrk_rps" "$ratio" <<'PY'
import json, sys
f, url, c, lg, wrk, r = sys.argv[1:]
json.dump({"endpoint": "GET /api/info", "connections": int(c), "loadgenRps": float(lg), "wrkRps": float(wrk),
           "ratio": float(r)}, open(f, "w"), indent=2)
print("wrote", f)
PY
fi
