-- wrk script of tastebuds-bench: cycles through a file of requests and prints a JSON
-- summary line the runner parses.
--
-- Usage: wrk ... -s requests.lua <url> -- <requests file> [bearer token or "-"]
--        [retry-after]
-- Each line of the requests file is "METHOD<TAB>PATH[<TAB>JSON BODY]". In the path and
-- the body, "{n}" becomes a value unique to this thread and request (unique titles).
-- With "retry-after", clients behave like polite ones: each 503 with a Retry-After
-- header makes one of the thread's connections wait that long before its next request
-- (wrk gives no connection identity, so the waits are shared out per thread).

local requests = {}
local counter = 0
local tag = ""
local token = nil
local next_thread = 0

function setup(thread)
   thread:set("thread_number", next_thread)
   next_thread = next_thread + 1
end

function init(args)
   local file = args[1]
   if args[2] and args[2] ~= "-" then
      token = args[2]
   end
   for line in io.lines(file) do
      local method, path, body = line:match("^(%u+)\t([^\t]+)\t?(.*)$")
      if method then
         table.insert(requests, { method, path, body })
      end
   end
   if args[3] == "retry-after" then
      honour_retry_after()
   end
   local number = thread_number or 0
   tag = tostring(number) .. "x" .. tostring(os.time())
   -- Threads start at different places in the list.
   counter = (number * 7919) % math.max(#requests, 1)
end

-- wrk looks for `response` and `delay` after the first thread's init, and a script
-- that defines them pays for header parsing and a timer on every request: they are
-- only defined when asked for.
function honour_retry_after()
   local pauses = {}
   function response(status, headers, body)
      local after = tonumber(headers["Retry-After"] or headers["retry-after"] or "")
      if status == 503 and after then
         table.insert(pauses, after * 1000)
      end
   end
   function delay()
      return table.remove(pauses, 1) or 0
   end
end

function request()
   counter = counter + 1
   local entry = requests[(counter - 1) % #requests + 1]
   local unique = tag .. "x" .. tostring(counter)
   local headers = {}
   if token then
      headers["Authorization"] = "Bearer " .. token
   end
   local body = nil
   if entry[3] ~= "" then
      headers["Content-Type"] = "application/json"
      body = entry[3]:gsub("{n}", unique)
   end
   local path = entry[2]:gsub("{n}", unique)
   return wrk.format(entry[1], path, headers, body)
end

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests":%d,"duration_us":%d,"connect_errors":%d,' ..
      '"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
      summary.requests, summary.duration, errors.connect, errors.read, errors.write,
      errors.status, errors.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
