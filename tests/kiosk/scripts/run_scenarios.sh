#!/usr/bin/env bash
# Runs every scenario in tests/kiosk/scenarios against a kiosk holding the real corpus: builds
# and signs a pack from content/ with a throwaway key, installs it, then plays each scenario in a
# fresh copy of that data directory. Screenshots go to $SCENARIO_SHOTS (default: a temp dir).
set -euo pipefail
kiosk="$1"
content_tool="$2"
source_dir="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
shots="${SCENARIO_SHOTS:-$work/shots}"

pubkey="$("$content_tool" keygen --out "$work/key" | tail -n 1)"
SOURCE_DATE_EPOCH=1767225600 "$content_tool" build "$source_dir/content" --out "$work/pack" --key "$work/key" --version 1 >/dev/null
"$kiosk" content install "$work/pack" --pubkey "$pubkey" --data-dir "$work/base"

failed=0
count=0
for scenario in "$source_dir"/tests/kiosk/scenarios/*.scenario; do
  name="$(basename "$scenario" .scenario)"
  rm -rf "$work/data" && cp -r "$work/base" "$work/data"
  count=$((count + 1))
  if SDL_AUDIODRIVER=dummy "$kiosk" --headless --script "$scenario" --data-dir "$work/data" \
       --screenshots "$shots/$name" >"$work/out" 2>&1; then
    echo "ok   $name"
  else
    echo "FAIL $name"; sed 's/^/     /' "$work/out"; failed=$((failed + 1))
  fi
done
echo "$((count - failed)) passed, $failed failed"
[ "$failed" = 0 ]
