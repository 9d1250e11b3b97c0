-- bench/replay.lua: wrk replays the pre-signed Twilio requests written by
-- levier_bench_gen (bench/src/gen_requests_main.cc).
--
--   wrk -t T -c C -d 10s -s bench/replay.lua http://127.0.0.1:PORT/webhooks/twilio -- PREFIX
--
-- Thread i (in creation order, from 0) reads PREFIX.i, whose senders no other
-- thread uses, and hands out its requests in file order, one per call of
-- request(). Each request carries a fresh MessageSid, so every one is fully
-- processed; if a run outlasts the file, the thread starts it over and those
-- requests are redeliveries (answered from the stored reply): done() reports
-- how many, and bench/run.sh sizes the files so that does not happen.

local threads = {}
local created = 0

function setup(thread)
  thread:set("id", created)
  created = created + 1
  table.insert(threads, thread)
end

function init(args)
  local prefix = args[1] or error("usage: wrk ... -s replay.lua URL -- PREFIX")
  local file = assert(io.open(prefix .. "." .. id, "rb"))
  requests = {}
  for line in file:lines() do
    requests[#requests + 1] = (line:gsub("\t", "\r\n"))
  end
  file:close()
  count = #requests
  assert(count > 0, prefix .. "." .. id .. " holds no request")
  issued = 0
end

function request()
  issued = issued + 1
  return requests[(issued - 1) % count + 1]
end

function done(summary, latency, requests)
  local available, replays = 0, 0
  for _, thread in ipairs(threads) do
    available = available + thread:get("count")
    replays = replays + math.max(0, thread:get("issued") - thread:get("count"))
  end
  io.write(string.format("REPLAY requests_in_files=%d replayed=%d\n", available, replays))
end
