#!/usr/bin/env bash
# After an update the kiosk shows a new article: a real backend publishes pack v1, the kiosk is
# enrolled and installs it, the backend publishes v2 with one more article, and a scenario's
# `sync` step brings it onto the screen.
set -euo pipefail
kiosk="$1"; backend="$2"; tool="$3"; source_dir="$4"
work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

pub="$("$tool" keygen --out "$work/key" | tail -n 1)"
code="$("$backend" demo --db "$work/backend.db" | tail -n 1)"
"$tool" build "$source_dir/content" --out "$work/v1" --key "$work/key" --version 1 >/dev/null
"$backend" content publish --db "$work/backend.db" "$work/v1" >/dev/null
"$backend" serve --db "$work/backend.db" --listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 50); do grep -q "listening on" "$work/server.out" && break; sleep 0.1; done
url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/server.out")"

printf '[content]\npublic_key = "%s"\n[kiosk]\nattract_loop = false\n' "$pub" >"$work/kiosk.toml"
"$kiosk" enroll --backend "$url" --code "$code" --data-dir "$work/data" >/dev/null
"$kiosk" --config "$work/kiosk.toml" sync --once --data-dir "$work/data"

cp -r "$source_dir/content" "$work/content"
cat >"$work/content/articles/service/update-test.md" <<'ARTICLE'
+++
id = "update-test"
title = "新到的文章"
topic = "service"
tags = ["更新"]
crops = []
season = "全年"
audience = "村民"
summary = "这篇文章由内容更新送到本机。"
sources = ["乡村科技服务终端 产品设计说明（本项目文档）"]
review = "reviewed"
+++

**要点：** 这篇文章由内容更新送到本机。
ARTICLE
"$tool" build "$work/content" --out "$work/v2" --key "$work/key" --version 2 >/dev/null
"$backend" content publish --db "$work/backend.db" "$work/v2" >/dev/null

cat >"$work/update.scenario" <<'SCENARIO'
tap "科普知识"
tap "科技特派员服务"
expect "怎样用本机请专家帮忙"
expect-not "新到的文章"
tap "首页"
sync
tap "科普知识"
tap "科技特派员服务"
drag 640,700 640,150
expect "新到的文章"
tap "新到的文章"
expect "由内容更新送到本机"
SCENARIO
SDL_AUDIODRIVER=dummy "$kiosk" --headless --script "$work/update.scenario" --config "$work/kiosk.toml" --data-dir "$work/data" ${XIANGKE_SCENARIO_SHOTS:+--screenshots "$XIANGKE_SCENARIO_SHOTS"}
