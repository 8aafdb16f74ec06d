-- wrk script: kiosks pushing batches of 100 request.create ops (each op a new request with its
-- own farmer phone, so the per-phone cap never rejects). Every answer is checked: a batch counts
-- only if all 100 ops came back "applied". Ops per second = requests per second x 100.
local token = os.getenv("XIANGKE_TOKEN")
local village = os.getenv("XIANGKE_VILLAGE") or "330281106201"
local batch = tonumber(os.getenv("XIANGKE_BATCH") or "100")
if token == nil or token == "" then
  error("set XIANGKE_TOKEN to an enrolled kiosk's token")
end

local crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
local threads = {}
local counter = 0
local run = tostring(os.time() % 100000)

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

-- A 26-character ULID-shaped id, unique per run, thread and counter.
local function ulid(n)
  local digits = {}
  local v = n
  for i = 1, 12 do
    local d = v % 32
    digits[13 - i] = crockford:sub(d + 1, d + 1)
    v = math.floor(v / 32)
  end
  return "01" .. string.format("%05d", tonumber(run)) .. string.format("%07d", thread_id) .. table.concat(digits)
end

function init(args)
  thread_id = thread_id or 0  -- a global set by setup() in each thread's own Lua state
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local ops = {}
  for i = 1, batch do
    counter = counter + 1
    local id = ulid(counter * 2)
    local phone = string.format("13%02d%d%06d", tonumber(run) % 100, thread_id % 10, counter % 1000000)
    ops[i] = string.format(
      '{"op_id":"%s","type":"request.create","created_at":1790000000000,"payload":{"request_id":"%s",' ..
      '"code":"%07d","village_code":"%s","category":"pest_disease","crop":"水稻","symptoms":["叶片发黄","有虫"],' ..
      '"description":"稻田里叶子发黄，有很多小虫，想请专家看看怎么防治。","farmer_name":"王大伯",' ..
      '"farmer_phone":"%s","preferred_time":"上午"}}',
      ulid(counter * 2 + 1), id, counter % 10000000, village, phone)
  end
  local body = '{"protocol_version":1,"ops":[' .. table.concat(ops, ",") .. ']}'
  return wrk.format(nil, "/api/v1/sync/push", nil, body)
end

bad = 0
function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    return
  end
  local _, applied = body:gsub('"status":"applied"', "")
  if applied ~= batch then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("bad")
  end
  io.write(string.format("batches of %d ops: %d in %.1f s, %d not fully applied => %.0f ops/s applied\n",
    batch, summary.requests, summary.duration / 1e6, failed,
    (summary.requests - failed) * batch / (summary.duration / 1e6)))
end
