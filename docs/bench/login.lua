-- wrk script: POST /api/auth/login with one registered account.
-- Usage: wrk -t2 -c8 -d10s --latency -s docs/bench/login.lua http://127.0.0.1:8077/api/auth/login
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email": "bench@example.com", "password": "correct horse battery"}'

local statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("logins/s: %.2f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50: %.1f ms, p99: %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
