# Sourced by the scenario scripts that need a backend: starts `xiangke-backend demo` + `serve` on
# 127.0.0.1 (ephemeral port) and enrolls a kiosk data dir to it.
# Needs $kiosk, $backend and $tool (xiangke-content). Sets $work (removed on exit), $url, $code,
# $pub, $server_pid; writes $work/kiosk.toml (the content key, no attract loop) and $work/data.
work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

pub="$("$tool" keygen --out "$work/key" | tail -n 1)"
code="$("$backend" demo --db "$work/backend.db" | tail -n 1)"
"$backend" serve --db "$work/backend.db" --listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 50); do grep -q "listening on" "$work/server.out" && break; sleep 0.1; done
url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/server.out")"
printf '[content]\npublic_key = "%s"\n[kiosk]\nattract_loop = false\n' "$pub" >"$work/kiosk.toml"
"$kiosk" enroll --backend "$url" --code "$code" --data-dir "$work/data" >/dev/null
