/**
 * The atomic operations of the Redis line store. Each script re-checks, inside Redis, the
 * condition the service's decision was based on and applies the change only if it still
 * holds, so two instances can never both put a call on one line or both take one queued call.
 *
 * Line hash fields: call ('' = free), duty ('' = follow schedule | 'on' | 'off'),
 * idleSince (ms), callsTaken. The duty rule is the same as `onDuty` in memory-line-store.ts.
 */

/**
 * The claim itself, shared by CLAIM_LINE and CLAIM_FOR_CALL: returns 0 unless line KEYS[1] is
 * free and on duty (ARGV[2] = scheduledOnDuty '1'|'0'), then gives it to call ARGV[1].
 */
const TAKE_LINE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return redis.error_reply('unknown line ' .. KEYS[1]) end
local f = redis.call('HMGET', KEYS[1], 'call', 'duty')
if f[1] ~= '' then return 0 end
if f[2] == 'off' or (f[2] ~= 'on' and ARGV[2] ~= '1') then return 0 end
redis.call('HSET', KEYS[1], 'call', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'callsTaken', 1)
`;

/** KEYS: line. ARGV: callId, scheduledOnDuty ('1'|'0'). Returns 1 if the call now holds the line. */
export const CLAIM_LINE = `${TAKE_LINE}return 1
`;

/**
 * CLAIM_LINE and UPDATE_CALL (without counting) in one step, for a call being put through.
 * KEYS: line, call hash. ARGV: callId, scheduledOnDuty ('1'|'0'), expected call version, new call JSON, call ttl.
 * Returns 1 if the line took the call and the call was written, 0 if the line is taken or off
 * duty, -1 if the call's version moved on (nothing changed in either case).
 */
export const CLAIM_FOR_CALL = `
local v = redis.call('HGET', KEYS[2], 'v')
if v == false or tonumber(v) ~= tonumber(ARGV[3]) then return -1 end
${TAKE_LINE}redis.call('HSET', KEYS[2], 'v', tonumber(ARGV[3]) + 1, 'data', ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[5])
return 1
`;

/**
 * KEYS: line, queue (zset by seq), queue data (hash callId -> enqueuedAt).
 * ARGV: callId ('' = offer a line that is already free), now, next callId ('' = none), scheduledOnDuty ('1'|'0').
 * Returns 'took' | 'freed' | 'conflict' | 'not_held' (see ReleaseResult).
 */
export const RELEASE_LINE = `
local f = redis.call('HMGET', KEYS[1], 'call', 'duty')
if f[1] ~= ARGV[1] then return 'not_held' end
local on = f[2] == 'on' or (f[2] ~= 'off' and ARGV[4] == '1')
if ARGV[3] ~= '' and on then
  local head = redis.call('ZRANGE', KEYS[2], 0, 0)
  if head[1] ~= ARGV[3] then return 'conflict' end
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('HDEL', KEYS[3], ARGV[3])
  redis.call('HSET', KEYS[1], 'call', ARGV[3])
  redis.call('HINCRBY', KEYS[1], 'callsTaken', 1)
  return 'took'
end
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'call', '', 'idleSince', ARGV[2]) end
return 'freed'
`;

/**
 * KEYS: queue, queue data, sequence counter. ARGV: callId, enqueuedAt, maxLength (-1 = none).
 * Returns the 1-based position, or 0 when the queue is full.
 */
export const ENQUEUE = `
local n = redis.call('ZCARD', KEYS[1])
local max = tonumber(ARGV[3])
if max >= 0 and n >= max then return 0 end
local seq = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], seq, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return n + 1
`;

/** KEYS: queue, queue data. ARGV: callId. Returns 1 if the call was queued and is now removed. */
export const DEQUEUE = `
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return removed
`;

/**
 * KEYS: call hash. ARGV: version, JSON, ttl in ms. Writes a new call with its expiry in one step
 * (a script rather than MULTI: ioredis sends MULTI through a pipeline, see redis-line-store.ts).
 */
export const CREATE_CALL = `
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'data', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/**
 * KEYS: call hash (v = version, data = JSON), minute counts hash, day counts hash.
 * ARGV: expected version, new JSON, call ttl in ms (the retention when this write ends the call),
 * count field ('' = count nothing), minute ttl, day ttl.
 * Returns 1 if written (version bumped, outcome counted), 0 if someone else wrote first. The
 * write, the ended call's expiry and the count are one step: no ended call is left without its
 * expiry, and none is counted twice.
 */
export const UPDATE_CALL = `
local v = redis.call('HGET', KEYS[1], 'v')
if v == false or tonumber(v) ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', tonumber(ARGV[1]) + 1, 'data', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
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
