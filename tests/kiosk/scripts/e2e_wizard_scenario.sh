#!/usr/bin/env bash
# End to end: the whole 我要求助 wizard on an enrolled kiosk → 提交 → 求助码 on screen → sync →
# the backend on 127.0.0.1 has the request exactly once, with the code the farmer was shown.
set -euo pipefail
kiosk="$1"; backend="$2"; tool="$3"
source "$(dirname "${BASH_SOURCE[0]}")/enrolled_kiosk.sh"

cat >"$work/e2e.scenario" <<'SCENARIO'
tap "我要求助"
tap "病虫害"
tap "点这里输入名称"
tap "拼音"
keys "sd"
tap "水稻"
tap "叶子上有病斑"
tap "问题描述"
keys "bingchonghai"
tap "病虫害"
tap "写好了"
tap "下一步"
tap "同意"
tap "您的称呼"
type "王大伯"
tap "写好了"
tap "联系电话"
keys "13812345678"
tap "上午"
tap "下一步"
expect "请核对一下"
tap "提交"
expect "求助码"
expect-not "13812345678"
sync
tap "首页"
tap "查询进度"
tap "按手机号查"
type "13812345678"
tap "查询"
expect "已送达"
SCENARIO
SDL_AUDIODRIVER=dummy "$kiosk" --headless --script "$work/e2e.scenario" --config "$work/kiosk.toml" --data-dir "$work/data"

shown="$(sed -n 's/.*submitted.*code=\([0-9]*\).*/\1/p' "$work/data/kiosk.log" | tail -n 1)"
[ -n "$shown" ] || { echo "the kiosk logged no submitted code"; exit 1; }
admin="$(curl -sS -H 'Content-Type: application/json' --data '{"phone":"13805740001","password":"xiangke-demo-2026"}' \
  "$url/api/v1/auth/login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
curl -sS -H "Authorization: Bearer $admin" "$url/api/v1/admin/requests?region=330281" >"$work/requests.json"
count="$(grep -o "\"code\":\"$shown\"" "$work/requests.json" | wc -l)"
[ "$count" = 1 ] || { echo "code $shown is on the server $count times"; exit 1; }
echo "ok   wizard → 求助码 $shown → sync → on the server once"
