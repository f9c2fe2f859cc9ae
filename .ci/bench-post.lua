-- wrk script for .ci/bench-history: each thread (one connection each) records a mood for its own user with
-- POST /mood?details=true, then removes it again with DELETE /mood/<id> so the two-a-day limit is never reached.
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
    pending = nil
    started = 0
    posts = {}
    failures = 0
end

function request()
    if pending then
        return wrk.format("DELETE", "/mood/" .. pending, { ["Authorization"] = auth })
    end
    started = micros()
    return wrk.format("POST", "/mood?details=true",
        { ["Authorization"] = auth, ["Content-Type"] = "application/json" }, '{"mood":"CHEERFUL"}')
end

function response(status, headers, body)
    if pending then
        pending = nil
        if status ~= 204 then failures = failures + 1 end
        return
    end
    posts[#posts + 1] = micros() - started
    if status == 200 then
        pending = body:match('"id":(%d+)') -- the newest entry comes first: the one just recorded
    else
        failures = failures + 1
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
