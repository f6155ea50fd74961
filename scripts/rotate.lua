-- wrk script for `make soak`: each thread walks the paths listed in the file
-- named by WRK_PATHS (one per line), from its own starting point, sending the
-- language cookie of each page as a returning reader's browser would, with
-- the headers given on wrk's command line (-H, such as Accept-Encoding).
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if line ~= "" then
    paths[#paths + 1] = line
  end
end

local position = 0

function setup(thread)
  thread:set("offset", math.random(#paths))
end

function init(args)
  position = offset or 0
end

function request()
  position = position % #paths + 1
  local path = paths[position]
  local language = path:match("^/(%a%a)/")
  local headers = {}
  -- wrk.format() takes these or wrk.headers, never both.
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  if language then
    headers["Cookie"] = "django_language=" .. language
  end
  return wrk.format("GET", path, headers)
end
