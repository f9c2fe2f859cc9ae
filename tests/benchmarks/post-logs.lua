-- wrk script: POST /logs with one log of 1,000 actions per request (issue 7: >= 100,000 actions/s).
-- Usage: wrk -t2 -c2 -d10s -s post-logs.lua -H "Authorization: Basic ..." http://HOST:PORT/logs
local user = os.getenv("BENCH_USER") or "bench"
local types = {
    '{"time":"2026-10-18T21:37:28-06:00","type":"CLICK","properties":{"locationX":%d,"locationY":%d}}',
    '{"time":"2026-10-18T21:37:29Z","type":"VIEW","properties":{"viewedId":"item-%d-%d"}}',
    '{"time":"2026-10-18T21:37:30+02:00","type":"NAVIGATE","properties":{"pageFrom":"/a/%d","pageTo":"/b/%d"}}',
}
local actions = {}
for i = 1, 1000 do
    actions[i] = string.format(types[(i % 3) + 1], i, i * 7)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '[{"userId":"' .. user .. '","sessionId":"bench-session","actions":[' .. table.concat(actions, ",") .. ']}]'

done = function(summary, latency, requests)
    local seconds = summary.duration / 1e6
    io.write(string.format("actions/s: %.0f (%d requests of 1000 actions, %d errors/non-2xx)\n",
        summary.requests * 1000 / seconds, summary.requests,
        summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
