-- wrk script for .ci/bench-history: POST /mood alone, for many users, as bearer tokens from `moodboard generate
-- --every-day --tokens FILE` allow. Each user has no mood today yet, so each may record two: a thread posts twice
-- for a user (the way someone records a mood and then another), then goes on to its next user. The users are split
-- among the threads (thread k of t takes lines k, k + t, ...), so no two threads ever write for the same user.
-- Every POST is timed alone (wall clock, from the request to its response); done() prints their rate, p50/p99 and
-- the non-2xx answers. A thread that runs out of users stops and says so (then the rate is too low: more users).
-- Arguments: the tokens file ("username token" lines), the number of its first lines to skip, the wrk threads.
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

local moods = { "CHEERFUL", "WHIMSICAL", "REFLECTIVE", "MELANCHOLY", "GLOOMY" }

function init(args)
    local skip = tonumber(args[2]) or 0
    local count = tonumber(args[3]) -- the threads: setup() ran in another Lua state
    tokens = {}
    local line = 0
    for text in io.lines(args[1]) do
        line = line + 1
        if line > skip and (line - skip - 1) % count == who - 1 then
            tokens[#tokens + 1] = text:match("^%S+ (%S+)$")
        end
    end
    next_user = 1
    posted = 0 -- by the current user
    started = 0
    times = {}
    firsts = {} -- of each user's first POST (its history read from the database), then of the second
    seconds = {}
    failures = 0
    exhausted = 0
end

function request()
    if posted == 2 then
        next_user = next_user + 1
        posted = 0
    end
    local token = tokens[next_user]
    if token == nil then
        exhausted = 1
        wrk.thread:stop()
        token = "none"
    end
    posted = posted + 1
    started = micros()
    local body = string.format('{"mood":"%s"}', moods[(next_user + posted) % #moods + 1])
    return wrk.format("POST", "/mood", { ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
    if exhausted == 1 then return end
    local took = micros() - started
    times[#times + 1] = took
    if posted == 1 then firsts[#firsts + 1] = took else seconds[#seconds + 1] = took end
    if status < 200 or status > 299 then failures = failures + 1 end
end

local function percentile(sorted, p)
    if #sorted == 0 then return 0 end
    return sorted[math.max(1, math.ceil(#sorted * p))] / 1000
end

local function gather(name)
    local all = {}
    for _, thread in ipairs(threads) do
        for _, t in ipairs(thread:get(name)) do all[#all + 1] = t end
    end
    table.sort(all)
    return all
end

function done(summary, latency, requests)
    local failed, ran_out = 0, 0
    for _, thread in ipairs(threads) do
        failed = failed + thread:get("failures")
        ran_out = ran_out + thread:get("exhausted")
    end
    local all, first, second = gather("times"), gather("firsts"), gather("seconds")
    io.write(string.format("posts %d rate %.1f p50 %.3f p99 %.3f failed %d exhausted %d\n", #all,
        #all / (summary.duration / 1e6), percentile(all, 0.50), percentile(all, 0.99), failed, ran_out))
    io.write(string.format("first POSTs (cold) %d p50 %.3f p99 %.3f ms; second POSTs (warm) %d p50 %.3f p99 %.3f ms\n",
        #first, percentile(first, 0.50), percentile(first, 0.99), #second, percentile(second, 0.50),
        percentile(second, 0.99)))
end
