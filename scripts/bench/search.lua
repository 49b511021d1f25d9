-- wrk script: GET /api/v1/search with a query drawn in turn from a fixed list of demo-world
-- queries (Chinese, English, field codes, a truncation), so caches do not see one query only.
local queries = {
  "%E9%94%82%E7%A6%BB%E5%AD%90%E7%94%B5%E6%B1%A0",              -- 锂离子电池
  "battery",
  "TI%3D%E7%94%B5%E6%B1%A0%20AND%20IPC%3DH01M*",                 -- TI=电池 AND IPC=H01M*
  "%E8%B4%9F%E6%9E%81%E6%9D%90%E6%96%99",                        -- 负极材料
  "CC%3DCN%20AND%20PD%3D2015..2020",
  "semiconductor%20device",
  "KIND%3Dtrademark",
  "%E4%B8%AD%E8%8D%AF",                                          -- 中药
}
local n = 0
request = function()
  n = n + 1
  local q = queries[(n % #queries) + 1]
  return wrk.format("GET", "/api/v1/search?q=" .. q .. "&limit=10")
end
