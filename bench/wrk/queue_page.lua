-- A filtered queue page of 50 rows: open work of one team, most recently updated first,
-- cycling through the teams.
local token = os.getenv("FAROL_TOKEN")
local queries = {
  "/api/v1/tickets?status=new,open,pending_customer,pending_vendor&team_id=1&limit=50",
  "/api/v1/tickets?status=new,open&team_id=4&limit=50",
  "/api/v1/tickets?status=open,pending_customer&priority=P1,P2&limit=50",
  "/api/v1/tickets?assignee_id=11&status=open,pending_customer,pending_vendor&limit=50",
  "/api/v1/tickets?organisation_id=3&limit=50",
  "/api/v1/tickets?status=resolved&limit=50&sort=updated",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", queries[(i % #queries) + 1], { ["Authorization"] = "Bearer " .. token })
end
