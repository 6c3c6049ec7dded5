// The live state of approval requests, in Redis, shared by every proxy replica and the control
// plane. Each state change is one Lua script, so "consumed exactly once" holds across replicas:
// Redis runs a script alone, and only the script that sees `approved` turns it into `consumed`.
//
// Keys of one org share the hash tag `{apr:<org>}`. LOOKUP reads the approval key named by the
// binding's value, which it cannot declare up front; it lies in the same slot by construction.
//
// approval hash fields: status (pending | approved | denied | expired | consumed), binding (the
// binding key), expiresAt (ms), createdAt (ms), reason, decidedBy, decidedAt, consumedAt.
// binding key → approval id of the latest request for one exact call.

/**
 * A call that needs approval. KEYS: [binding, new approval key]. ARGV: [new id, now ms,
 * expiresAt ms, ttl ms, approval key prefix of this org].
 * Returns {state, id, detail}: `consumed` (an approval was waiting: this call may run),
 * `pending` (detail = expiresAt), `denied`/`expired` (detail = reason; reported once, then the
 * binding is cleared so the next identical call asks again), `created` (detail = expiresAt).
 */
export const APPROVAL_LOOKUP_LUA = `
local now = tonumber(ARGV[2])
local id = redis.call('GET', KEYS[1])
if id then
  local akey = ARGV[5] .. id
  local st = redis.call('HMGET', akey, 'status', 'expiresAt', 'reason')
  local status = st[1]
  if status == 'pending' then
    if now >= tonumber(st[2]) then
      redis.call('HSET', akey, 'status', 'expired')
      redis.call('DEL', KEYS[1])
      return {'expired', id, st[3] or ''}
    end
    return {'pending', id, st[2]}
  elseif status == 'approved' then
    redis.call('HSET', akey, 'status', 'consumed', 'consumedAt', ARGV[2])
    redis.call('DEL', KEYS[1])
    return {'consumed', id, ''}
  elseif status == 'denied' or status == 'expired' then
    redis.call('DEL', KEYS[1])
    return {status, id, st[3] or ''}
  end
  redis.call('DEL', KEYS[1])
end
redis.call('HSET', KEYS[2], 'status', 'pending', 'binding', KEYS[1], 'expiresAt', ARGV[3], 'createdAt', ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
return {'created', ARGV[1], ARGV[3]}
`;

/**
 * A held request re-reads the approval it waits for. KEYS: [approval key]. ARGV: [now ms, id].
 * Returns {state, detail}: `consumed` (this request won the approval), `pending`, `denied`
 * (detail = reason), `expired`, `missing`, or `taken` (approved, but another identical call
 * consumed it first). A terminal answer clears the binding when it still names this id.
 */
export const APPROVAL_CLAIM_LUA = approvalClaimLua({ approvalKey: "KEYS[1]", missing: "missing", onConsumed: "return {'consumed', ''}" });

/**
 * The claim of an approval, shared by a held request (APPROVAL_CLAIM_LUA) and an approval task
 * (TASK_ADVANCE_LUA) so both consume it by one rule: approved → consumed exactly once (then
 * `onConsumed` runs and returns), pending past its expiry → expired, consumed → `taken`, any
 * other status → {status, reason}. A terminal answer clears the call's binding when it still
 * names this request. ARGV[1] is now (ms) and ARGV[2] the approval id in both scripts.
 */
export function approvalClaimLua(opts: { approvalKey: string; missing: string; onConsumed: string }): string {
  const key = opts.approvalKey;
  return `
local st = redis.call('HMGET', ${key}, 'status', 'expiresAt', 'reason', 'binding')
local status = st[1]
if not status then return {'${opts.missing}', ''} end
local function unbind()
  if st[4] and redis.call('GET', st[4]) == ARGV[2] then redis.call('DEL', st[4]) end
end
if status == 'approved' then
  redis.call('HSET', ${key}, 'status', 'consumed', 'consumedAt', ARGV[1])
  unbind()
  ${opts.onConsumed}
end
if status == 'pending' then
  if tonumber(ARGV[1]) >= tonumber(st[2]) then
    redis.call('HSET', ${key}, 'status', 'expired')
    unbind()
    return {'expired', ''}
  end
  return {'pending', st[2]}
end
if status == 'consumed' then return {'taken', ''} end
unbind()
return {status, st[3] or ''}
`;
}

/**
 * A decision (or expiry) from the control plane. KEYS: [approval key, binding key].
 * ARGV: [status, reason, decidedBy, now ms, expiresAt ms, ttl ms after approval, id].
 * Returns `ok`, or the status that stands instead (`expired` when the request ran out first,
 * or an earlier decision). A request whose state Redis lost (Redis keeps nothing on disk) is
 * re-created with the decision, so a retry after approval still finds it.
 */
export const APPROVAL_SETTLE_LUA = `
local now = tonumber(ARGV[4])
local st = redis.call('HMGET', KEYS[1], 'status', 'expiresAt')
local status = st[1]
if status and status ~= 'pending' then return status end
local expiresAt = tonumber(st[2] or ARGV[5])
if ARGV[1] ~= 'expired' and now >= expiresAt then
  redis.call('HSET', KEYS[1], 'status', 'expired', 'binding', KEYS[2], 'expiresAt', tostring(expiresAt))
  if not status then redis.call('PEXPIRE', KEYS[1], ARGV[6]) end
  return 'expired'
end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'reason', ARGV[2], 'decidedBy', ARGV[3], 'decidedAt', ARGV[4], 'binding', KEYS[2], 'expiresAt', tostring(expiresAt))
if ARGV[1] == 'approved' then
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
  local bound = redis.call('GET', KEYS[2])
  if not bound or bound == ARGV[7] then redis.call('SET', KEYS[2], ARGV[7], 'PX', ARGV[6]) end
elseif not status then
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
end
return 'ok'
`;

/**
 * The persisted request, written back when Redis lost it (a restart of a Redis that keeps
 * nothing): pending again, with its binding, unless something newer holds the binding.
 * KEYS: [approval key, binding key]. ARGV: [id, expiresAt ms, createdAt ms, ttl ms].
 */
export const APPROVAL_RESTORE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'status', 'pending', 'binding', KEYS[2], 'expiresAt', ARGV[2], 'createdAt', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[4], 'NX')
return 1
`;
