-- wrk script: POSTs the task-page query (a page of 50 tasks with their
-- departments and assignees) with the bearer token in $XN_TOKEN.
-- XN_NOCACHE=1 sends "Cache-Control: no-cache", so that the server computes
-- every response instead of serving it from its response cache.
-- Usage: XN_TOKEN=… wrk -t2 -c16 -d30s --latency -s bench/taskpage.lua http://127.0.0.1:8080/graphql
local token = os.getenv("XN_TOKEN") or error("set XN_TOKEN")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
if os.getenv("XN_NOCACHE") == "1" then
  wrk.headers["Cache-Control"] = "no-cache"
end
wrk.body = [[{"query":"{ tasks(first: 50, orderBy: {field: DUE_AT, direction: ASC}) { totalCount edges { node { title dueAt status leadDepartment { name } coDepartments { name } assignments { hours staff { name } } } } } }"}]]

local bad = 0
response = function(status, headers, body)
  if status ~= 200 or not string.find(body, '"totalCount"', 1, true) or string.find(body, '"errors"', 1, true) then
    bad = bad + 1
    if bad <= 3 then io.stderr:write("bad response " .. status .. ": " .. string.sub(body, 1, 300) .. "\n") end
  end
end

done = function(summary, latency, requests)
  io.write(string.format("JSON {\"requests\": %d, \"seconds\": %.3f, \"rps\": %.1f, \"p50_ms\": %.2f, \"p90_ms\": %.2f, \"p99_ms\": %.2f, \"errors\": %d}\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
