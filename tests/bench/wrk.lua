-- wrk script for tests/bench/load.sh: adds the session cookie or the bearer
-- token given in the environment, and prints one machine-readable line at the
-- end (times in microseconds) so the shell need not parse wrk's own units.

local cookie = os.getenv("BENCH_COOKIE")
local bearer = os.getenv("BENCH_BEARER")

if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
if bearer and bearer ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. bearer
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
