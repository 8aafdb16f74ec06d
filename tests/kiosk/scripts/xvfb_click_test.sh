#!/usr/bin/env bash
# A real window under Xvfb, clicked with xdotool like a mouse (or a touch panel's pointer) would:
# the 科普知识 tile must open the topics screen, 返回 must come back.
set -euo pipefail
kiosk="$1"
work="$(mktemp -d)"
display_number=150
while [ -e "/tmp/.X11-unix/X$display_number" ] || [ -e "/tmp/.X$display_number-lock" ]; do
  display_number=$((display_number + 1))
done
Xvfb ":$display_number" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
kiosk_pid=""
cleanup() {
  [ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null || true
  kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=":$display_number"
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$display_number" ] && break; sleep 0.1; done

SDL_AUDIODRIVER=dummy "$kiosk" --windowed --size 1280x800 --data-dir "$work" &
kiosk_pid=$!
window="$(timeout 20 xdotool search --sync --class xiangke-kiosk | head -n 1)"
[ -n "$window" ] || { echo "FAIL: the kiosk window did not appear"; exit 1; }
sleep 1

wait_for_screen() {
  for _ in $(seq 1 50); do
    if tail -n 1 "$work/kiosk.log" 2>/dev/null | grep -q "screen $1\$"; then return 0; fi
    sleep 0.1
  done
  echo "FAIL: expected screen '$1'; log tail:"; tail -n 5 "$work/kiosk.log"; return 1
}

# The 科普知识 tile fills the top-left quarter of the 1280x800 window.
xdotool mousemove --window "$window" 320 250 click 1
wait_for_screen topics
# 返回 is the first button of the top bar.
xdotool mousemove --window "$window" 70 40 click 1
wait_for_screen home
echo "PASS: tile and back button clicked in a real X window"
