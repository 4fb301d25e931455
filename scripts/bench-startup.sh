#!/usr/bin/env bash
# ./userscale bench startup [--runs N] [--json FILE]
# Each service's JVM start to ready time (process start until /q/health/ready answers 200) and
# its resident memory (RSS) right then, over N runs (median), with a local broker for the three
# Kafka services. Prints a table.
set -euo pipefail
CMD="bench startup"; source "$(dirname "$0")/options.sh"
runs=3; json=""
while (( $# )); do
  case "$1" in
    --runs) runs="$(count "$1" "${2:-}")"; shift 2 ;;
    --json) json="$(value "$1" "${2:-}")"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# //'; exit 0 ;;
    *) usage_error "unknown option $1" ;;
  esac
done
: "${JAVA:?run through ./userscale bench startup}"; : "${ROOT:?}"
work=$(mktemp -d)
kport=$(free_port); cport=$(free_port)
kafka() { "$JAVA" -Duserscale.broker.lib="$ROOT/kafka/broker/target/broker" \
  -cp "$ROOT/kafka/local/target/userscale-kafka-local.jar:$ROOT/kafka/local/target/lib/*" io.userscale.kafka.cli.KafkaCli "$@"; }
cleanup() { kafka stop --data-dir "$work/kafka" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
echo "starting a broker for the Kafka services ..." >&2
kafka start --data-dir "$work/kafka" --port "$kport" --controller-port "$cport" >/dev/null
results="$work/results.txt"; : > "$results"
for svc in gpu-app metrics-ingest decision-engine actuator; do
  for run in $(seq 1 "$runs"); do
    port=$(free_port); mport=$(free_port)
    start=$(date +%s%N)
    "$JAVA" @"$ROOT/gpu-app/jvm.options" -Dquarkus.http.port="$port" -Dquarkus.management.port="$mport" \
      -Dkafka.bootstrap.servers="127.0.0.1:$kport" -Dgpuapp.gpu-enabled=false \
      -jar "$ROOT/$svc/target/quarkus-app/quarkus-run.jar" >"$work/$svc-$run.log" 2>&1 &
    pid=$!
    health="http://127.0.0.1:$port/q/health/ready"
    [[ "$svc" == gpu-app ]] && health="http://127.0.0.1:$mport/q/health/ready"
    ready=""
    for _ in $(seq 1 600); do
      if curl -fs -o /dev/null "$health"; then ready=$(date +%s%N); break; fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.02
    done
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    if [[ -z "$ready" ]]; then echo "bench startup: $svc did not get ready; its log:" >&2; tail -20 "$work/$svc-$run.log" >&2; exit 1; fi
    ms=$(( (ready - start) / 1000000 ))
    echo "$svc $ms $rss" >> "$results"
    echo "  $svc run $run: ready in $ms ms, RSS $(( rss / 1024 )) MB" >&2
  done
done
python3 - "$results" "$json" "$runs" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    svc, ms, rss = line.split()
    rows.setdefault(svc, []).append((int(ms), int(rss)))
out = []
print(f"{'service':<16} {'JVM start to ready':>19} {'RSS at ready':>13}   (median of {sys.argv[3]} runs)")
for svc, vals in rows.items():
    ms = statistics.median(v[0] for v in vals); rss = statistics.median(v[1] for v in vals) / 1024
    print(f"{svc:<16} {ms/1000:>17.2f} s {rss:>10.0f} MB")
    out.append({"service": svc, "startToReadyMs": ms, "rssMb": round(rss, 1)})
if sys.argv[2]:
    json.dump({"runs": int(sys.argv[3]), "services": out}, open(sys.argv[2], "w"), indent=2)
    print("wrote", sys.argv[2])
PY
