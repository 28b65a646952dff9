-- wrk script: POSTs EventList batches as kube-apiserver's webhook does, every body unique.
-- BATCH events (default 400) of EVENT_BYTES audit.log bytes each (default 1024) per request; the
-- list's metadata carries the wrk thread, a random run number and a request counter, so no two
-- bodies are equal and the agent's re-send de-duplication never drops one. done() prints one
-- "RESULT" line with requests, events/s and latency percentiles in microseconds, for scripts.
local batch = tonumber(os.getenv("BATCH") or "400")
local eventBytes = tonumber(os.getenv("EVENT_BYTES") or "1024")
local counter = 0
local thread_id = 0
local threads = {}
local head, tail

local function event(i)
  local fixed = '{"level":"Metadata","auditID":"%08x-0000-4000-8000-000000000000","stage":"ResponseComplete",'
    .. '"requestURI":"/api/v1/namespaces/kube-system/configmaps/kube-proxy","verb":"get",'
    .. '"user":{"username":"system:serviceaccount:kube-system:kube-proxy",'
    .. '"groups":["system:serviceaccounts","system:authenticated"]},"sourceIPs":["10.0.0.7"],'
    .. '"userAgent":"kube-proxy/v1.36.0 (linux/amd64)","objectRef":{"resource":"configmaps",'
    .. '"namespace":"kube-system","name":"kube-proxy","apiVersion":"v1"},'
    .. '"responseStatus":{"metadata":{},"code":200},'
    .. '"requestReceivedTimestamp":"2026-11-27T05:00:00.000000Z",'
    .. '"stageTimestamp":"2026-11-27T05:00:00.001000Z","annotations":{"pad":"'
  local s = string.format(fixed, i)
  -- the audit.log line is {"kind":"Event","apiVersion":"audit.k8s.io/v1", + this item without its {
  local pad = eventBytes - 48 - #s - 3
  if pad < 0 then pad = 0 end
  return s .. string.rep("p", pad) .. '"}}'
end

function setup(thread)
  thread_id = thread_id + 1
  thread:set("thread_id", thread_id)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + thread_id)
  local items = {}
  for i = 1, batch do items[i] = event(i) end
  head = '{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{"resourceVersion":"'
    .. string.format("%d-%d-", math.random(1, 1000000000), thread_id)
  tail = '"},"items":[' .. table.concat(items, ",") .. ']}\n'
end

function request()
  counter = counter + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, head .. counter .. tail)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d eps=%.0f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d errors=%d\n",
    summary.requests, summary.requests * batch / seconds, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9), latency.max, bad))
end
