#!/usr/bin/env bash
# Kiosk start-up, memory and idle CPU on a real X window (Xvfb, software renderer), with the real
# corpus installed. Prints figures; asserts nothing.
#   bench/kiosk/startup_idle.sh [BUILD_DIR]     (needs xvfb, hyperfine; scripts/setup bench demo)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build}"
kiosk="$build/kiosk/xiangke-kiosk"
tool="$build/content/tool/xiangke-content"
work="$(mktemp -d)"
display_number=170
while [ -e "/tmp/.X11-unix/X$display_number" ]; do display_number=$((display_number + 1)); done
Xvfb ":$display_number" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
export DISPLAY=":$display_number" SDL_AUDIODRIVER=dummy
sleep 1

pub="$("$tool" keygen --out "$work/key" | tail -n 1)"
"$tool" build "$root/content" --out "$work/pack" --key "$work/key" >/dev/null
echo "== first boot: installing the corpus pack into an empty kiosk"
/usr/bin/time -f "first boot (install + first frame): %e s wall, %M KB peak RSS" \
  "$kiosk" --windowed --size 1280x800 --data-dir "$work/data" --exit-after-first-frame \
  --config <(printf '[content]\npublic_key = "%s"\n' "$pub") 2>&1 | tail -n 1
# Pin the key for later starts (the first boot used the config above; here the pack is installed).
printf '[content]\npublic_key = "%s"\n[kiosk]\nattract_loop = false\n' "$pub" >"$work/kiosk.toml"
printf '[content]\npublic_key = "%s"\n[kiosk]\nattract_loop = true\nattract_interval_s = 20\n' "$pub" >"$work/attract.toml"

echo "== second start to first frame (content installed): 11 runs, median"
for _ in $(seq 1 11); do
  "$kiosk" --windowed --size 1280x800 --data-dir "$work/data" --config "$work/kiosk.toml" --exit-after-first-frame 2>&1 |
    sed -n 's/^first frame \([0-9]*\) ms.*/\1/p'
done | sort -n | awk '{ v[NR] = $1 } END { printf "first frame: median %d ms (min %d, max %d) after process start\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
# Peak RSS includes the full atlas, built on a worker right after the first frame.
/usr/bin/time -f "second start, process total: %e s wall, %M KB peak RSS" \
  "$kiosk" --windowed --size 1280x800 --data-dir "$work/data" --config "$work/kiosk.toml" --exit-after-first-frame 2>&1 | tail -n 1

idle_cpu() {
  local config="$1" seconds="$2"
  "$kiosk" --windowed --size 1280x800 --data-dir "$work/data" --config "$config" &
  local pid=$!
  sleep 3  # start-up done
  local ticks_before ticks_after hz
  hz="$(getconf CLK_TCK)"
  ticks_before="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
  sleep "$seconds"
  ticks_after="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v d="$((ticks_after - ticks_before))" -v hz="$hz" -v s="$seconds" \
    'BEGIN { printf "%.2f%% of one core (%d ticks of 1/%d s in %d s)\n", 100 * d / hz / s, d, hz, s }'
}
echo "== idle CPU on the home screen, 60 s, attract loop off"
idle_cpu "$work/kiosk.toml" 60
echo "== idle CPU on the home screen, 60 s, attract loop on (a new featured article every 20 s)"
idle_cpu "$work/attract.toml" 60
