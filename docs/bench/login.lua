-- wrk script: POST /api/auth/login for one registered account (docs/BENCHMARKS.md).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email": "bench@example.com", "password": "correct horse battery"}'

function done(summary, latency, requests)
  io.write(string.format("logins/s: %.2f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50: %.1f ms, p99: %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
