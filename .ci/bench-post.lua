-- wrk script for .ci/bench-history: each thread (one connection each) records a mood for its own user with
-- POST /mood (the contract's request and answer: the whole summary), asks for the id of the newest entry
-- (GET /mood?details=true&limit=1) and removes it again (DELETE /mood/<id>), so the two-a-day limit is never hit.
-- Only the POSTs are timed (wall clock, from the request to its response); done() prints their rate and p50/p99.
-- Arguments: one Authorization header value per thread.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec* out);
]]
local clock = ffi.new("bench_timespec")
local function micros()
    ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
    return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

local threads = {}
function setup(thread)
    table.insert(threads, thread)
    thread:set("who", #threads)
end

function init(args)
    auth = args[who]
    step = "post"
    pending = nil
    started = 0
    posts = {}
    failures = 0
end

function request()
    if step == "find" then
        return wrk.format("GET", "/mood?details=true&limit=1", { ["Authorization"] = auth })
    elseif step == "delete" then
        return wrk.format("DELETE", "/mood/" .. pending, { ["Authorization"] = auth })
    end
    started = micros()
    return wrk.format("POST", "/mood", { ["Authorization"] = auth, ["Content-Type"] = "application/json" },
        '{"mood":"CHEERFUL"}')
end

function response(status, headers, body)
    if step == "post" then
        posts[#posts + 1] = micros() - started
        if status == 200 then step = "find" else failures = failures + 1 end
    elseif step == "find" then
        pending = body:match('"id":(%d+)') -- the newest entry: the one just recorded
        if status == 200 and pending then step = "delete" else failures = failures + 1; step = "post" end
    else
        if status ~= 204 then failures = failures + 1 end
        step = "post"
    end
end

function done(summary, latency, requests)
    local all = {}
    local failed = 0
    for _, thread in ipairs(threads) do
        for _, t in ipairs(thread:get("posts")) do all[#all + 1] = t end
        failed = failed + thread:get("failures")
    end
    table.sort(all)
    local function pct(p)
        if #all == 0 then return 0 end
        return all[math.max(1, math.ceil(#all * p))] / 1000
    end
    io.write(string.format("posts %d rate %.1f p50 %.3f p99 %.3f failed %d\n", #all,
        #all / (summary.duration / 1e6), pct(0.50), pct(0.99), failed))
end
