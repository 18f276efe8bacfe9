-- GET /api/v1/tickets/{id} for random existing ids.
local token = os.getenv("FAROL_TOKEN")
local first, last = tonumber(os.getenv("FAROL_FIRST_ID") or "1001"), tonumber(os.getenv("FAROL_LAST_ID") or "1001")
local counter = 0
request = function()
  counter = counter + 1
  local id = first + (counter * 7919) % (last - first + 1)
  return wrk.format("GET", "/api/v1/tickets/" .. id, { ["Authorization"] = "Bearer " .. token })
end
