// The rate-limit scripts every proxy replica runs. One EVALSHA reserves every bucket of each
// decision it carries, all-or-nothing per decision, so replicas sharing Redis can never admit
// more than `max` between them and a call that fails on its second limit never leaves quota
// taken on its first. A proxy sends the decisions of one event-loop turn together (one script
// run instead of one each); they are judged in order, exactly as if each had its own EVALSHA.
//
// KEYS: per decision, per bucket: fixed → [current window key]; sliding → [previous window key,
//       current key]. All keys of one EVALSHA share one org's hash tag (rateLimitKey; the proxy
//       batches per org), so this is Cluster-safe.
// ARGV: [decision_count, then per decision: now_ms, bucket_count, then per bucket: algorithm
//        ("f" | "s"), amount, max, window_start_ms, window_end_ms]
// Returns three integers per decision, in order: 1, 0, 0 when every bucket had room (all
//         incremented), or 0, failed_bucket_index (1-based), retry_after_ms without touching anything.
//
// Counters are INCRBYFLOAT strings because `increment_from` amounts may be fractional (money).
// Each current-window key expires one window after its end (set by the reservation that creates
// it), so a sliding bucket can still read it as "previous" during the next window; fixed keys
// could expire sooner but the extra window costs one small string per bucket.
export const RATE_LIMIT_RESERVE_LUA = `
local k = 1
local a = 2
local out = {}
-- Per bucket of the decision being judged: its current-window key, the amount, and the expiry
-- to set when this reservation creates the key (0 when the key exists and already has it).
local keys, amounts, expiries = {}, {}, {}

for d = 1, tonumber(ARGV[1]) do
  local now = tonumber(ARGV[a])
  local n = tonumber(ARGV[a + 1])
  a = a + 2
  local failed, retryMs = 0, 0
  for i = 1, n do
    local algo = ARGV[a]
    local amount = tonumber(ARGV[a + 1])
    local max = tonumber(ARGV[a + 2])
    local wstart = tonumber(ARGV[a + 3])
    local wend = tonumber(ARGV[a + 4])
    a = a + 5
    local len = wend - wstart
    local curKey
    -- After a failed bucket the rest are only stepped over (their keys and arguments).
    if algo == 'f' then
      curKey = KEYS[k]
      k = k + 1
    else
      curKey = KEYS[k + 1]
      k = k + 2
    end
    if failed == 0 then
      local stored = redis.call('GET', curKey)
      local cur = tonumber(stored or '0')
      local retry = -1
      if algo == 'f' then
        if cur + amount > max then retry = wend - now end
      else
        local prev = tonumber(redis.call('GET', KEYS[k - 2]) or '0')
        local elapsed = (now - wstart) / len
        if prev * (1 - elapsed) + cur + amount > max then
          if amount > max then
            retry = wend - now
          elseif cur + amount > max then
            -- Must wait for this window to become "previous" and decay enough.
            local need = 1 - (max - amount) / cur
            retry = (wend - now) + math.max(0, need) * len
          else
            -- The previous window's weight must decay: prev * (1 - e) <= max - cur - amount.
            local need = 1 - (max - cur - amount) / prev
            retry = (wstart + need * len) - now
          end
        end
      end
      if retry >= 0 then
        failed, retryMs = i, math.ceil(math.max(retry, 1))
      else
        keys[i], amounts[i] = curKey, amount
        -- INCRBYFLOAT keeps a key's expiry, so only a reservation that creates the key sets it.
        expiries[i] = stored and 0 or math.ceil(wend - now + len)
      end
    end
  end
  if failed == 0 then
    for i = 1, n do
      if amounts[i] > 0 then
        redis.call('INCRBYFLOAT', keys[i], amounts[i])
        if expiries[i] > 0 then redis.call('PEXPIRE', keys[i], expiries[i]) end
      end
    end
    out[#out + 1] = 1
    out[#out + 1] = 0
    out[#out + 1] = 0
  else
    out[#out + 1] = 0
    out[#out + 1] = failed
    out[#out + 1] = retryMs
  end
end
return out
`;

// Gives back what RATE_LIMIT_RESERVE_LUA took when the upstream call failed.
// KEYS: the current-window key of every bucket reserved; ARGV: the amounts, in the same order.
// A key that has expired meanwhile is left alone rather than recreated with a negative count,
// and no counter is driven below zero.
export const RATE_LIMIT_RELEASE_LUA = `
for i = 1, #KEYS do
  local amount = tonumber(ARGV[i])
  local cur = redis.call('GET', KEYS[i])
  if cur and amount > 0 then
    local after = tonumber(cur) - amount
    if after <= 0 then after = 0 end
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl > 0 then
      redis.call('SET', KEYS[i], tostring(after), 'PX', ttl)
    end
  end
end
return #KEYS
`;
