-- wrk script for bench/http/run.sh.
--
-- Sends every request with the session token from QF_TOKEN as
-- "Authorization: Bearer ..." and, when the run ends, prints one line that
-- run.sh parses:
--
--   QF_RESULT requests=N duration_s=S rps=R p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. non2xx=N sock_errors=N
--
-- No request/response hooks are defined on purpose: defining `response`
-- makes wrk parse every body in Lua and would slow the load generator,
-- which shares the two cores with the server. wrk's own summary already
-- counts non-2xx answers (summary.errors.status).

local token = os.getenv("QF_TOKEN")
if token == nil or token == "" then
  error("QF_TOKEN is not set")
end
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Accept"] = "application/json"

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "QF_RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d sock_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
