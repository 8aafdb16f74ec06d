-- wrk script: a kiosk's no-change pull (the most frequent request: every kiosk, every few minutes).
-- The token and cursor come from the environment (bench/backend/run-pull-bench sets them).
local token = os.getenv("XIANGKE_TOKEN")
local cursor = os.getenv("XIANGKE_CURSOR") or "0"
if token == nil or token == "" then
  error("set XIANGKE_TOKEN to an enrolled kiosk's token")
end

wrk.method = "GET"
wrk.path = "/api/v1/sync/pull?cursor=" .. cursor .. "&limit=100"
wrk.headers["Authorization"] = "Bearer " .. token

local errors = 0
function response(status, headers, body)
  if status ~= 200 then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("non-200 answers seen by thread 1: %d\n", errors))
end
