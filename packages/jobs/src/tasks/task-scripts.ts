// The live state of approval tasks (MCP Tasks, protocol 2025-11-25) in Redis: a task the proxy
// created for a call waiting on an approval. Task keys share the approvals' hash tag
// `{apr:<org>}`, so one script can move a task and its approval together (Cluster-safe), and
// every transition is one script: whichever replica runs ADVANCE first after the approval is the
// only one told to forward the call.
//
// task hash fields: status (working | completed | failed | cancelled), statusMessage, ttl,
// createdAt, lastUpdatedAt, pollInterval (ms), identityId, serverId, tokenHash, approvalId,
// approvalExpiresAt, toolName, rule, call (sealed), headers (sealed), result (sealed),
// forwardingAt (ms, set by the replica that forwards).
// list key (sorted set, score createdAt): the task ids of one (server, identity).
// by-approval key: approval id → the task waiting on it.

import { approvalClaimLua } from "../approvals/approval-scripts.ts";

/**
 * KEYS: [task, list, by-approval]. ARGV: [task id, ttl ms, now ms, task key prefix, identity id,
 * server id, field, value, ...]. Returns {"created", id}, or {"existing", id} when a working task
 * of the same owner already waits on this approval (the identical call, sent again).
 */
export const TASK_CREATE_LUA = `
local existing = redis.call('GET', KEYS[3])
if existing then
  local st = redis.call('HMGET', ARGV[4] .. existing, 'status', 'identityId', 'serverId')
  if st[1] == 'working' and st[2] == ARGV[5] and st[3] == ARGV[6] then return {'existing', existing} end
end
redis.call('HSET', KEYS[1], unpack(ARGV, 7))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return {'created', ARGV[1]}
`;

/**
 * Moves a working task on by its approval. KEYS: [task, approval]. ARGV: [now ms, approval id,
 * stale ms]. Returns {state, detail}:
 * `terminal` (detail = status), `missing` (the task is gone), `forwarding` (another replica runs
 * the call), `stale` (that replica started more than stale ms ago and never finished),
 * `forward` (this caller consumed the approval and must run the call), `pending` (detail =
 * expiresAt), `denied` (detail = reason), `expired`, `cancelled`, `taken` (an identical plain
 * call consumed the approval first), `missing_approval` (Redis lost the approval).
 */
export const TASK_ADVANCE_LUA = `
local t = redis.call('HMGET', KEYS[1], 'status', 'forwardingAt')
if not t[1] then return {'missing', ''} end
if t[1] ~= 'working' then return {'terminal', t[1]} end
if t[2] then
  if tonumber(ARGV[1]) - tonumber(t[2]) > tonumber(ARGV[3]) then return {'stale', ''} end
  return {'forwarding', ''}
end
${approvalClaimLua({
  approvalKey: "KEYS[2]",
  missing: "missing_approval",
  onConsumed: `redis.call('HSET', KEYS[1], 'forwardingAt', ARGV[1], 'lastUpdatedAt', ARGV[1], 'statusMessage', 'Approved; the call is running upstream.')
  return {'forward', ''}`,
})}`;

/**
 * A working task reaches a terminal status. KEYS: [task]. ARGV: [status, statusMessage, sealed
 * result or '', now ms]. Returns 1, or 0 when it was no longer working (someone else finished
 * or the client cancelled it): the caller's result is then discarded.
 */
export const TASK_FINISH_LUA = `
if redis.call('HGET', KEYS[1], 'status') ~= 'working' then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'statusMessage', ARGV[2], 'lastUpdatedAt', ARGV[4])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'result', ARGV[3]) end
return 1
`;

/**
 * The client cancels a task; a still-pending approval is withdrawn with it. KEYS: [task,
 * approval]. ARGV: [now ms, approval id, statusMessage]. Returns {"missing"}, {"terminal",
 * status}, {"withdrawn"} (the approval was pending and is now cancelled) or {"cancelled",
 * approval status} (the approval was already decided; it is left as it is).
 */
export const TASK_CANCEL_LUA = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {'missing', ''} end
if status ~= 'working' then return {'terminal', status} end
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'statusMessage', ARGV[3], 'lastUpdatedAt', ARGV[1])
local a = redis.call('HMGET', KEYS[2], 'status', 'binding')
if a[1] == 'pending' then
  redis.call('HSET', KEYS[2], 'status', 'cancelled', 'decidedAt', ARGV[1])
  if a[2] and redis.call('GET', a[2]) == ARGV[2] then redis.call('DEL', a[2]) end
  return {'withdrawn', ''}
end
return {'cancelled', a[1] or ''}
`;
