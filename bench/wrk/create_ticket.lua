-- POST /api/v1/tickets: durable creates.
local token = os.getenv("FAROL_TOKEN")
local org = os.getenv("FAROL_ORG") or "1"
wrk.method = "POST"
wrk.path = "/api/v1/tickets"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.body = '{"organisation_id":' .. org .. ',"subject":"Load test: link down","description":"created by wrk","impact":"high"}'
response = function(status, headers, body)
  if status ~= 201 then io.stderr:write("unexpected status " .. status .. "\n") end
end
