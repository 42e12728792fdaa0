/**
 * The atomic operations of the Redis line store. Each script re-checks, inside Redis, the
 * condition the service's decision was based on and applies the change only if it still
 * holds, so two instances can never both put a call on one line or both take one queued call.
 *
 * Line hash fields: call ('' = free), duty ('' = follow schedule | 'on' | 'off'),
 * idleSince (ms), callsTaken. The duty rule is `onDuty` in line-store.ts.
 * A missing field (a Redis restarted empty, an evicted key) reads as a new line's: free,
 * following the schedule, idle since 0, no calls taken; the scripts write only the fields they
 * change, so routing carries on over an emptied Redis while the tick re-creates the rest (ENSURE_LINES).
 *
 * Deadline index (zset, score = deadline ms, '+inf' for none): every active call is in it, put
 * there or moved by the same script that writes the call, and removed by the write that ends it.
 */

/** Lua: keep active call `id` in the deadline index `key` at `score` ('' = the call ended: drop it). */
const INDEX_DEADLINE = `
local function index_deadline(key, id, score)
  if score == '' then redis.call('ZREM', key, id) else redis.call('ZADD', key, score, id) end
end
`;

/**
 * Puts a call through: line KEYS[1] takes call ARGV[1] if it is free and on duty and the call's
 * version is still the expected one; the call is written in the same step.
 * KEYS: line, call hash, deadline index. ARGV: callId, scheduledOnDuty ('1'|'0'), expected call
 * version, new call JSON, call ttl, deadline.
 * Returns 1 if the line took the call and the call was written, 0 if the line is taken or off
 * duty, -1 if the call's version moved on (nothing changed in either case).
 */
export const CLAIM_FOR_CALL = `${INDEX_DEADLINE}
local v = redis.call('HGET', KEYS[2], 'v')
if v == false or tonumber(v) ~= tonumber(ARGV[3]) then return -1 end
local f = redis.call('HMGET', KEYS[1], 'call', 'duty')
if (f[1] or '') ~= '' then return 0 end
if f[2] == 'off' or (f[2] ~= 'on' and ARGV[2] ~= '1') then return 0 end
redis.call('HSET', KEYS[1], 'call', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'callsTaken', 1)
redis.call('HSET', KEYS[2], 'v', tonumber(ARGV[3]) + 1, 'data', ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[5])
index_deadline(KEYS[3], ARGV[1], ARGV[6])
return 1
`;

/**
 * KEYS: line, queue (zset by seq), queue data (hash callId -> enqueuedAt), next call's hash, deadline index.
 * ARGV: callId ('' = offer a line that is already free), now, next callId ('' = none), scheduledOnDuty ('1'|'0'),
 * next call's expected version, its new JSON (ringing on this line), call ttl, its deadline.
 * Returns 'took' | 'freed' | 'conflict' | 'not_held' (see ReleaseResult). 'took' is one step: the
 * next call leaves its queue, takes the line and is written as ringing (version bumped).
 */
export const RELEASE_LINE = `${INDEX_DEADLINE}
local f = redis.call('HMGET', KEYS[1], 'call', 'duty')
if (f[1] or '') ~= ARGV[1] then return 'not_held' end
local on = f[2] == 'on' or (f[2] ~= 'off' and ARGV[4] == '1')
if ARGV[3] ~= '' and on then
  local head = redis.call('ZRANGE', KEYS[2], 0, 0)
  if head[1] ~= ARGV[3] then return 'conflict' end
  local v = redis.call('HGET', KEYS[4], 'v')
  if v == false or tonumber(v) ~= tonumber(ARGV[5]) then return 'conflict' end
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('HDEL', KEYS[3], ARGV[3])
  redis.call('HSET', KEYS[1], 'call', ARGV[3])
  redis.call('HINCRBY', KEYS[1], 'callsTaken', 1)
  redis.call('HSET', KEYS[4], 'v', tonumber(ARGV[5]) + 1, 'data', ARGV[6])
  redis.call('EXPIRE', KEYS[4], ARGV[7])
  index_deadline(KEYS[5], ARGV[3], ARGV[8])
  return 'took'
end
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'call', '', 'idleSince', ARGV[2]) end
return 'freed'
`;

/**
 * KEYS: queue, queue data, sequence counter, call hash, deadline index.
 * ARGV: callId, enqueuedAt, maxLength (-1 = none), expected call version, new call JSON (queued), call ttl, deadline.
 * The call joins the queue and is written as queued in one step, so no queued entry is ever
 * without its queued record. Returns the 1-based position, 0 when the queue is full, -1 when
 * the call's version moved on (nothing changed in either case).
 */
export const ENQUEUE = `${INDEX_DEADLINE}
local v = redis.call('HGET', KEYS[4], 'v')
if v == false or tonumber(v) ~= tonumber(ARGV[4]) then return -1 end
local n = redis.call('ZCARD', KEYS[1])
local max = tonumber(ARGV[3])
if max >= 0 and n >= max then return 0 end
local seq = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], seq, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[4], 'v', tonumber(ARGV[4]) + 1, 'data', ARGV[5])
redis.call('EXPIRE', KEYS[4], ARGV[6])
index_deadline(KEYS[5], ARGV[1], ARGV[7])
return n + 1
`;

/** KEYS: queue, queue data. ARGV: callId. Returns 1 if the call was queued and is now removed. */
export const DEQUEUE = `
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return removed
`;

/**
 * KEYS: call hash, deadline index. ARGV: version, JSON, ttl in ms, deadline ('' = ended), most
 * active calls, call id. Writes a new call with its expiry and deadline in one step (a script rather than
 * MULTI: ioredis sends MULTI through a pipeline, see redis-line-store.ts). Returns 0, writing
 * nothing, when the index already holds the most active calls (the cap across instances).
 */
export const CREATE_CALL = `${INDEX_DEADLINE}
if ARGV[4] ~= '' and redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'data', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
index_deadline(KEYS[2], ARGV[6], ARGV[4])
return 1
`;

/**
 * KEYS: call hash (v = version, data = JSON), minute counts hash, day counts hash, deadline index.
 * ARGV: expected version, new JSON, call ttl in ms (the retention when this write ends the call),
 * count field ('' = count nothing), minute ttl, day ttl, call id, deadline ('' = ended).
 * Returns 1 if written (version bumped, outcome counted), 0 if someone else wrote first. The
 * write, the ended call's expiry and the count are one step: no ended call is left without its
 * expiry, and none is counted twice.
 */
export const UPDATE_CALL = `${INDEX_DEADLINE}
local v = redis.call('HGET', KEYS[1], 'v')
if v == false or tonumber(v) ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', tonumber(ARGV[1]) + 1, 'data', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
index_deadline(KEYS[4], ARGV[7], ARGV[8])
if ARGV[4] ~= '' then
  redis.call('HINCRBY', KEYS[2], ARGV[4], 1)
  redis.call('EXPIRE', KEYS[2], ARGV[5])
  redis.call('HINCRBY', KEYS[3], ARGV[4], 1)
  redis.call('EXPIRE', KEYS[3], ARGV[6])
end
return 1
`;

/**
 * A read, no change: the call and one route's lines and queue length, in one round trip.
 * KEYS: call hash, then the route's line hashes, then its queue.
 * Returns [call JSON or nil, then call, duty, idleSince, callsTaken of each line, then the queue length].
 */
export const CALL_AND_ROUTE = `
local out = { redis.call('HGET', KEYS[1], 'data') }
for i = 2, #KEYS - 1 do
  local f = redis.call('HMGET', KEYS[i], 'call', 'duty', 'idleSince', 'callsTaken')
  out[#out + 1] = f[1]
  out[#out + 1] = f[2]
  out[#out + 1] = f[3]
  out[#out + 1] = f[4]
end
out[#out + 1] = redis.call('ZCARD', KEYS[#KEYS])
return out
`;

/**
 * KEYS: line hashes. ARGV: now. Gives every missing field of these lines a new line's value
 * (HSETNX: existing state is never overwritten). Returns how many lines had no state at all.
 */
export const ENSURE_LINES = `
local created = 0
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then created = created + 1 end
  redis.call('HSETNX', KEYS[i], 'call', '')
  redis.call('HSETNX', KEYS[i], 'duty', '')
  redis.call('HSETNX', KEYS[i], 'idleSince', ARGV[1])
  redis.call('HSETNX', KEYS[i], 'callsTaken', 0)
end
return created
`;
