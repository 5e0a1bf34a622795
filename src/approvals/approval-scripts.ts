/**
 * The approval transitions, each one Lua script so that Redis runs the check and the move as one step: fifty
 * approvers pressing at once, or one pressing twice, move an approval once (the BullMQ way: every state
 * change that must be atomic is a script).
 *
 * Keys (all scripts): 1 the approval hash, 2 its history list, 3 the org's pending set, 4 the expiring set,
 * 5 the approved-not-finished set; DECIDE may get 6, the audit stream, to record the decision in the same step.
 * Each returns `{code}` or `{code, HGETALL, LRANGE history}` so the caller sees the state the script left.
 * History entries are built by concatenation: the caller passes the entry as JSON without `from`
 * (`{"to":…}`), the script prepends the state it found.
 */

import { AUDIT_APPEND_LUA } from '../audit/audit-log.js';

const PRELUDE = `
local function snapshot(code)
  return {code, redis.call('HGETALL', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1)}
end
local function push(from, tail)
  redis.call('RPUSH', KEYS[2], '{"from":"' .. from .. '",' .. string.sub(tail, 2))
end
local function keep(ms)
  redis.call('PEXPIRE', KEYS[1], ms)
  redis.call('PEXPIRE', KEYS[2], ms)
end
local function unlist(id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('ZREM', KEYS[4], id)
end
`;

/** ARGV: id, orgKey, nowMs, createdTail (history entry), retentionMs, then field/value pairs. */
export const CREATE = `${PRELUDE}
if redis.call('EXISTS', KEYS[1]) == 1 then return {'exists'} end
local fields = {}
for i = 6, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('RPUSH', KEYS[2], '{"from":null,' .. string.sub(ARGV[4], 2))
local expiresAt = tonumber(redis.call('HGET', KEYS[1], 'expiresAtMs'))
redis.call('ZADD', KEYS[3], expiresAt, ARGV[1])
redis.call('ZADD', KEYS[4], expiresAt, ARGV[1])
keep(expiresAt - tonumber(ARGV[3]) + tonumber(ARGV[5]))
return snapshot('ok')
`;

/**
 * A decision by a person on a pending approval.
 * ARGV: id, orgKey, nowMs, actorKey, actorJson, allowSelf ('1'|'0'), decision ('approved'|'rejected'),
 *       decisionTail, expiredTail, retentionMs, rejectReason, then (with KEYS[6]) the audit entry's arguments
 *       (see AUDIT_APPEND_LUA).
 * Codes: notfound (unknown id or other org: nothing touched), notpending, expired (moved to expired now),
 *        self (the requester approving their own change), ok; with KEYS[6], `ok` also returns the audit entry's id,
 *        written in the same step as the decision: a process dying after the script leaves both or neither.
 */
export const DECIDE = `${PRELUDE}${AUDIT_APPEND_LUA}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'notfound'} end
local f = redis.call('HMGET', KEYS[1], 'orgKey', 'state', 'expiresAtMs', 'requester')
if f[1] ~= ARGV[2] then return {'notfound'} end
if f[2] ~= 'pending' then return snapshot('notpending') end
local now = tonumber(ARGV[3])
if now >= tonumber(f[3]) then
  redis.call('HSET', KEYS[1], 'state', 'expired', 'updatedAtMs', ARGV[3])
  push('pending', ARGV[9])
  unlist(ARGV[1])
  keep(tonumber(ARGV[10]))
  return snapshot('expired')
end
if ARGV[7] == 'approved' then
  if ARGV[6] ~= '1' and f[4] == ARGV[4] then return snapshot('self') end
  redis.call('HSET', KEYS[1], 'state', 'approved', 'approvedBy', ARGV[5], 'approvedAtMs', ARGV[3], 'updatedAtMs', ARGV[3])
  redis.call('ZADD', KEYS[5], tonumber(ARGV[3]), ARGV[1])
else
  redis.call('HSET', KEYS[1], 'state', 'rejected', 'rejectedBy', ARGV[5], 'rejectedAtMs', ARGV[3],
    'rejectReason', ARGV[11], 'updatedAtMs', ARGV[3])
end
push('pending', ARGV[8])
unlist(ARGV[1])
keep(tonumber(ARGV[10]))
if #KEYS >= 6 then
  local audited = audit_append(KEYS[6], 12)
  return {'ok', redis.call('HGETALL', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1), audited}
end
return snapshot('ok')
`;

/** ARGV: id, orgKey, nowMs, expiredTail, retentionMs. Codes: notfound, notpending, notdue, ok. */
export const EXPIRE = `${PRELUDE}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'notfound'} end
local f = redis.call('HMGET', KEYS[1], 'orgKey', 'state', 'expiresAtMs')
if f[1] ~= ARGV[2] then return {'notfound'} end
if f[2] ~= 'pending' then return snapshot('notpending') end
if tonumber(ARGV[3]) < tonumber(f[3]) then return snapshot('notdue') end
redis.call('HSET', KEYS[1], 'state', 'expired', 'updatedAtMs', ARGV[3])
push('pending', ARGV[4])
unlist(ARGV[1])
keep(tonumber(ARGV[5]))
return snapshot('ok')
`;

/**
 * The change job's outcome on an approved approval.
 * ARGV: id, orgKey, nowMs, to ('applied'|'failed'), field ('result'|'failure'), valueJson, tail, retentionMs.
 * Codes: notfound, notpending, ok.
 */
export const FINISH = `${PRELUDE}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'notfound'} end
local f = redis.call('HMGET', KEYS[1], 'orgKey', 'state')
if f[1] ~= ARGV[2] then return {'notfound'} end
if f[2] ~= 'approved' then return snapshot('notpending') end
redis.call('HSET', KEYS[1], 'state', ARGV[4], ARGV[5], ARGV[6], 'updatedAtMs', ARGV[3])
redis.call('ZREM', KEYS[5], ARGV[1])
push('approved', ARGV[7])
keep(tonumber(ARGV[8]))
return snapshot('ok')
`;

/** Records where the card was posted. ARGV: orgKey, channelId, messageTs. Codes: notfound, ok. */
export const ATTACH_MESSAGE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'notfound'} end
if redis.call('HGET', KEYS[1], 'orgKey') ~= ARGV[1] then return {'notfound'} end
redis.call('HSET', KEYS[1], 'channelId', ARGV[2], 'messageTs', ARGV[3])
return {'ok', redis.call('HGETALL', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1)}
`;

/** Reads the hash and its history in one step, so they agree. ARGV: none. */
export const READ = `
return {'ok', redis.call('HGETALL', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1)}
`;
