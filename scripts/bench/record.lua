-- wrk script: GET /api/v1/rights/{id} (the record page's JSON) over the ids in ids.txt, one
-- per line, in turn.
local ids = {}
for line in io.lines(os.getenv("IDS") or "ids.txt") do ids[#ids + 1] = line end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/api/v1/rights/" .. ids[(n % #ids) + 1])
end
