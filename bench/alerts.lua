-- wrk script for bench/ingest-vs-alertmanager.sh: POSTs batches of firing alerts to Alertmanager or to Sift.
--
--   wrk -t2 -c8 -d10s -s bench/alerts.lua [-H 'Authorization: Bearer <key>'] http://127.0.0.1:<port> \
--       -- <am|sift> <alerts per request> <resent|new> <tag> <startsAt> <endsAt> [<requests per thread>]
--
--   am      body: a JSON array of postable alerts, sent to POST /api/v2/alerts (endsAt in the future)
--   sift    body: an Alertmanager webhook notification (payload version 4), POST /api/v1/integrations/alertmanager
--   resent  label sets cycled over 1,000 fixed sets (the same sets for both targets and every run)
--   new     every alert a never-seen label set: instance = n-<tag>-<thread>-<counter>
--   tag     makes "new" label sets unique across runs (the harness passes a fresh one per run)
--   requests per thread: optional; each thread stops after that many answers (the growth run fills to a count)
--
-- done() prints one line "RESULT key=value ..." that the harness parses: 2xx/3xx/4xx/5xx counts (only 2xx are
-- accepted), socket errors, and latency percentiles in microseconds (of every answered request).

local RESENT_SETS = 1000
local SEVERITIES = { "critical", "warning", "warning", "info" }

-- per thread state (each wrk thread has its own Lua state; thread_id is set by setup() below)
c2xx, c3xx, c4xx, c5xx, cother = 0, 0, 0, 0, 0
first_error = ""

local target, per, mode, tag, starts_at, ends_at, limit
local answered = 0
local counter = 0
local bodies, next_body = nil, 1

local function alert_json(i, instance)
  local name = "BenchAlert" .. (i % 10)
  local zone = "z" .. (i % 5)
  local labels = string.format(
    '{"alertname":"%s","instance":"%s","job":"node","severity":"%s","zone":"%s"}',
    name, instance, SEVERITIES[i % 4 + 1], zone)
  local annotations = string.format(
    '{"summary":"%s on %s","description":"benchmark alert %d in zone %s"}', name, instance, i, zone)
  if target == "am" then
    return string.format('{"labels":%s,"annotations":%s,"startsAt":"%s","endsAt":"%s"}',
      labels, annotations, starts_at, ends_at)
  end
  return string.format(
    '{"status":"firing","labels":%s,"annotations":%s,"startsAt":"%s","endsAt":"0001-01-01T00:00:00Z","fingerprint":""}',
    labels, annotations, starts_at)
end

local function body_of(alerts)
  local list = table.concat(alerts, ",")
  if target == "am" then
    return "[" .. list .. "]"
  end
  return '{"version":"4","status":"firing","receiver":"bench","groupLabels":{},"commonLabels":{},'
    .. '"commonAnnotations":{},"externalURL":"","alerts":[' .. list .. ']}'
end

local function resent_body(first)
  local alerts = {}
  for j = 0, per - 1 do
    local i = (first + j) % RESENT_SETS
    alerts[#alerts + 1] = alert_json(i, string.format("host-%04d:9100", i))
  end
  return body_of(alerts)
end

local function new_body()
  local alerts = {}
  for j = 1, per do
    counter = counter + 1
    alerts[j] = alert_json(counter, string.format("n-%s-%d-%d", tag, thread_id, counter))
  end
  return body_of(alerts)
end

function init(args)
  target, per, mode = args[1], tonumber(args[2]), args[3]
  tag, starts_at, ends_at = args[4], args[5], args[6]
  limit = tonumber(args[7])
  if (target ~= "am" and target ~= "sift") or not per or per < 1 or (mode ~= "resent" and mode ~= "new")
      or not ends_at then
    error("usage: -- <am|sift> <alerts per request> <resent|new> <tag> <startsAt> <endsAt>")
  end
  wrk.method = "POST"
  wrk.path = target == "am" and "/api/v2/alerts" or "/api/v1/integrations/alertmanager"
  wrk.headers["Content-Type"] = "application/json"
  if mode == "resent" then
    -- every distinct body of the cycle, built once: request k starts at label set k*per (mod 1,000)
    bodies = {}
    local first = 0
    repeat
      bodies[#bodies + 1] = wrk.format(nil, nil, nil, resent_body(first))
      first = (first + per) % RESENT_SETS
    until first == 0
    next_body = ((thread_id - 1) * 7) % #bodies + 1 -- threads start at different places in the cycle
  end
end

function request()
  if bodies then
    local r = bodies[next_body]
    next_body = next_body % #bodies + 1
    return r
  end
  return wrk.format(nil, nil, nil, new_body())
end

function response(status, headers, body)
  answered = answered + 1
  if limit and answered >= limit then
    wrk.thread:stop()
  end
  if status >= 200 and status < 300 then
    c2xx = c2xx + 1
    return
  end
  if status < 400 then c3xx = c3xx + 1
  elseif status < 500 then c4xx = c4xx + 1
  elseif status < 600 then c5xx = c5xx + 1
  else cother = cother + 1 end
  if first_error == "" then
    first_error = status .. " " .. string.sub(string.gsub(body or "", "%s+", " "), 1, 300)
  end
end

-- main Lua state: number the threads and keep them for done()
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_id", #threads)
end

function done(summary, latency, requests)
  local sums = { c2xx = 0, c3xx = 0, c4xx = 0, c5xx = 0, cother = 0 }
  local err = ""
  for _, t in ipairs(threads) do
    for k, _ in pairs(sums) do
      sums[k] = sums[k] + (t:get(k) or 0)
    end
    local e = t:get("first_error")
    if err == "" and e and e ~= "" then err = e end
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT duration_us=%d requests=%d c2xx=%d c3xx=%d c4xx=%d c5xx=%d cother=%d "
      .. "connect_err=%d read_err=%d write_err=%d timeout_err=%d "
      .. "p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%d\n",
    summary.duration, summary.requests, sums.c2xx, sums.c3xx, sums.c4xx, sums.c5xx, sums.cother,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
  if err ~= "" then
    io.write("FIRST_ERROR " .. err .. "\n")
  end
end
