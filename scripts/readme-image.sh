#!/usr/bin/env bash
# Draws docs/demo-report.png, the README's picture: the top of a demo report, rendered by a
# headless Chromium (Debian's chromium). With no argument it runs ./userscale demo first;
# with REPORT.html it renders that report.
#   scripts/readme-image.sh [REPORT.html]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$ROOT/docs/demo-report.png"
browser="$(command -v chromium || command -v chromium-browser || true)"
[[ -n "$browser" ]] || { echo "readme-image: needs chromium (apt-get install chromium)" >&2; exit 1; }
report="${1:-}"
if [[ -z "$report" ]]; then
  report="$(mktemp -d)/report.html"
  echo "[readme-image] running ./userscale demo --duration 60 --report $report" >&2
  "$ROOT/userscale" demo --duration 60 --report "$report"
fi
[[ -f "$report" ]] || { echo "readme-image: no such report: $report" >&2; exit 1; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# the summary table and the replica and user charts
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --no-first-run --hide-scrollbars --user-data-dir="$profile" --window-size=1100,760 \
  --screenshot="$out" "file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")" 2>/dev/null
echo "[readme-image] wrote $out ($(stat -c %s "$out") bytes)" >&2
