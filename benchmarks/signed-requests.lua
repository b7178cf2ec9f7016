-- wrk script: every request is a unique, correctly signed hmac-sha256-v1 webhook with a ~1 KB body.
-- HMAC comes from libcrypto through LuaJIT's FFI, so signing is not what limits the load.
local ffi = require("ffi")
ffi.cdef [[
const void *EVP_sha256(void);
unsigned char *HMAC(const void *evp_md, const void *key, int key_len,
                    const unsigned char *d, size_t n, unsigned char *md, unsigned int *md_len);
]]
local crypto = ffi.load("libcrypto.so.3")
local digest = ffi.new("unsigned char[32]")
local digest_len = ffi.new("unsigned int[1]")

local secret = os.getenv("BENCH_SECRET") or "bench-secret"
local source = os.getenv("BENCH_SOURCE") or "bench"
local padding = string.rep("x", tonumber(os.getenv("BENCH_PADDING") or "900"))

local function hex(buf, n)
  local out = {}
  for i = 0, n - 1 do out[#out + 1] = string.format("%02x", buf[i]) end
  return table.concat(out)
end

local threads = {}
local thread_index = 0

function setup(thread)
  thread_index = thread_index + 1
  thread:set("thread_id", thread_index)
  table.insert(threads, thread)
end

local counter = 0
-- A nonce per wrk run: the warm-up and the measured run must not send the same keys.
local run = os.getenv("BENCH_RUN") or tostring(os.time())

function request()
  counter = counter + 1
  local ts = tostring(os.time())
  local key = string.format("bench-%s-%d-%d", run, thread_id, counter)
  local body = string.format('{"type":"post.updated","id":"%s-%d-%d","title":"benchmark","content":"%s"}',
    run, thread_id, counter, padding)
  local message = ts .. "." .. body
  crypto.HMAC(crypto.EVP_sha256(), secret, #secret, message, #message, digest, digest_len)
  return wrk.format("POST", "/webhooks/" .. source, {
    ["Content-Type"] = "application/json",
    ["X-Timestamp"] = ts,
    ["X-Idempotency-Key"] = key,
    ["X-Signature"] = hex(digest, 32),
  }, body)
end

function done(summary, latency, requests)
  io.write(string.format("BENCH requests=%d duration_us=%d non2xx=%d socket_errors=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
