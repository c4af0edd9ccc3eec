import type { Redis, Result } from 'ioredis';

/*
 * The server-side steps, loaded once per connection and called by SHA (`defineCommand`). Every
 * script takes its keys in KEYS and refers to them by index from ARGV, so a command's script
 * declares every key it touches (Redis Cluster routes it by them).
 */

/**
 * A listing's fingerprint: the SHA-1 of its names and values in byte order. The read script
 * returns it with the listing and the apply script recomputes it, so a command that listed
 * records or balances is applied only if the listing is still what it saw.
 */
const LISTINGS = `
local function fingerprint(flat)
  return redis.sha1hex(table.concat(flat, '\\0'))
end

-- Records of a scope whose names start with a prefix: {fingerprint, name, value, ...}.
local function prefixed(index, hash, prefix)
  local names = redis.call('ZRANGEBYLEX', index, '[' .. prefix, '(' .. prefix .. '\\255')
  local flat = {}
  for i = 1, #names do
    flat[2 * i - 1] = names[i]
    flat[2 * i] = redis.call('HGET', hash, names[i])
  end
  return fingerprint(flat), flat
end

-- A whole hash (every scope's counter or balance of one name) in field order.
local function whole(hash)
  local all = redis.call('HGETALL', hash)
  local fields, values = {}, {}
  for i = 1, #all, 2 do
    fields[#fields + 1] = all[i]
    values[all[i]] = all[i + 1]
  end
  table.sort(fields)
  local flat = {}
  for i = 1, #fields do
    flat[2 * i - 1] = fields[i]
    flat[2 * i] = values[fields[i]]
  end
  return fingerprint(flat), flat
end
`;

/**
 * Reads cells atomically, so a snapshot is consistent however many cells it holds. ARGV is a
 * list of reads, each an op and its arguments:
 *   h key field      a counter, balance or record (false when absent)
 *   c key kept field an idempotency record: {payload, receipt} while its receipt is kept, else
 *                    {mark} when the key is kept for good (hash \`kept\`, field the key), else false
 *   l version seed definitions published   the latest version: {version, seed, definition, publishedAt} or false
 *   p index hash prefix   records by name prefix: {fingerprint, name, value, ...}
 *   a hash          a whole hash: {fingerprint, field, value, ...}
 * Keys are 1-based indexes into KEYS. The reply has one entry per read.
 */
export const READ = `${LISTINGS}
local out = {}
local i = 1
while i <= #ARGV do
  local op = ARGV[i]
  if op == 'h' then
    out[#out + 1] = redis.call('HGET', KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2])
    i = i + 3
  elseif op == 'c' then
    local kept = redis.call('HMGET', KEYS[tonumber(ARGV[i + 1])], 'p', 'r')
    if kept[1] then
      out[#out + 1] = kept
    else
      local mark = redis.call('HGET', KEYS[tonumber(ARGV[i + 2])], ARGV[i + 3])
      if mark then out[#out + 1] = {mark} else out[#out + 1] = false end
    end
    i = i + 4
  elseif op == 'l' then
    local version = redis.call('GET', KEYS[tonumber(ARGV[i + 1])])
    if version then
      out[#out + 1] = {
        version,
        redis.call('GET', KEYS[tonumber(ARGV[i + 2])]),
        redis.call('HGET', KEYS[tonumber(ARGV[i + 3])], version),
        redis.call('HGET', KEYS[tonumber(ARGV[i + 4])], version),
      }
    else
      out[#out + 1] = false
    end
    i = i + 5
  elseif op == 'p' then
    local print, flat = prefixed(KEYS[tonumber(ARGV[i + 1])], KEYS[tonumber(ARGV[i + 2])], ARGV[i + 3])
    table.insert(flat, 1, print)
    out[#out + 1] = flat
    i = i + 4
  elseif op == 'a' then
    local print, flat = whole(KEYS[tonumber(ARGV[i + 1])])
    table.insert(flat, 1, print)
    out[#out + 1] = flat
    i = i + 2
  else
    return redis.error_reply('unknown read op ' .. tostring(op))
  end
end
return out
`;

/**
 * The atomic steps of commands of one campaign, one after another: for each, idempotency,
 * validation of what its decision read, every guard, then every write, the idempotency record
 * and the outcome event. Commands decided in the same tick share the call (see GroupCommit):
 * the call's dispatch, the arguments' framing and the version read are paid once, and each
 * command is still all-or-nothing and sees the writes of those before it.
 *
 * KEYS start with the version, the event stream and the ledger, in that order; the rest are
 * the commands' keys. ARGV is stream-maxlen ('' = never trim), then per command:
 * idempotency-record key, kept-keys hash, idempotency key (its field there), time (ms), payload,
 * receipt, ttl-ms, version, outcome-type, the plan, the count of postings and the postings' JSON.
 * The record {p: payload, r: receipt} expires after ttl-ms; the key's mark in the kept-keys hash
 * (`<time>|=<payload>`, or `<time>|#<SHA-1 of the payload>` past 40 bytes) is kept for good, so a
 * key whose receipt expired is still never run again. The plan is one JSON array, because every argument costs
 * the client and Redis alike, so fifty small ones cost more than one (cjson decodes it in C);
 * the postings travel apart so that neither side escapes JSON inside JSON. Keys in the plan
 * are indexes into KEYS. The plan is four sections, each a count and its items:
 *   checks:    'h' key field seen   the cell is still `seen` (a string, '' = absent)
 *              'p' index hash prefix fingerprint    a record listing is unchanged
 *              'a' hash fingerprint                 a counter or balance listing is unchanged
 *   counts:    key field by limit least   raise the counter by `by`; with a limit (else ''), it
 *              may not pass it; with a least (else ''), it was read at that value, and may have
 *              grown since (others raise it too) but not dropped. A limit computed from other
 *              counters' values is an array {limit, key, field, seen, ...}: each such counter's
 *              change since it was read (at \`seen\`) is taken off the limit, so the guard is
 *              on live values (a budget's spent and held share its amount)
 *   transfers: from-key from-field unbounded(1|0) to-key to-field amount from-ledger to-ledger (the nth posting)
 *   puts:      hash index name value ('' = delete)
 * Guards see running values: a count or transfer sees the changes of the same section's
 * earlier items to its cell (counters and balances never share a hash).
 * Replies with one reply per command: {'ok'}, {'replay', receipt}, {'conflict'}, {'stale'},
 * {'expired', time} (the key ran at that time with this payload, its receipt is gone),
 * {'guard', message}, {'exact', n, 'from'|'to'} (its n-th transfer, from 0, would take that side
 * past exact integers: the command is refused, not retried) or {'error', message}; on any but
 * 'ok' that command wrote nothing.
 */
export const APPLY = `${LISTINGS}
local current = redis.call('GET', KEYS[1])
local maxlen = ARGV[1]
local OK = {'ok'}
-- Balances stay integers a JavaScript number holds exactly (Number.MAX_SAFE_INTEGER), as in core.
local EXACT = 9007199254740991

-- The sum of the changes of a section's items before \`upto\` whose cell, at offset \`at\` of the
-- item, is (k, f); an item's change is at offset \`by\`, items are \`width\` apart. Sections hold
-- a few items, so a scan is cheaper in Lua than a table of running values per command.
local function earlier(plan, first, upto, width, at, by, k, f)
  local sum = 0
  for j = first, upto - width, width do
    if plan[j + at] == k and plan[j + at + 1] == f then sum = sum + plan[j + by] end
  end
  return sum
end

local function stored(k, f)
  return tonumber(redis.call('HGET', KEYS[k], f)) or 0
end

local function apply(command, keys, key, at, payload, receipt, ttl, version, outcome, planJson, postingsAt, postingCount)
  local kept = redis.call('HMGET', command, 'p', 'r')
  if kept[1] then
    if kept[1] == payload then return {'replay', kept[2]} end
    return {'conflict'}
  end
  local print = #payload <= 40 and ('=' .. payload) or ('#' .. redis.sha1hex(payload))
  local mark = redis.call('HGET', keys, key)
  if mark then
    local bar = string.find(mark, '|', 1, true)
    if string.sub(mark, bar + 1) == print then return {'expired', string.sub(mark, 1, bar - 1)} end
    return {'conflict'}
  end
  if current ~= version then return {'stale'} end

  local plan = cjson.decode(planJson)
  local i = 2
  for _ = 1, plan[1] do
    local op = plan[i]
    if op == 'h' then
      if (redis.call('HGET', KEYS[plan[i + 1]], plan[i + 2]) or '') ~= plan[i + 3] then return {'stale'} end
      i = i + 4
    elseif op == 'p' then
      if (prefixed(KEYS[plan[i + 1]], KEYS[plan[i + 2]], plan[i + 3])) ~= plan[i + 4] then return {'stale'} end
      i = i + 5
    elseif op == 'a' then
      if (whole(KEYS[plan[i + 1]])) ~= plan[i + 2] then return {'stale'} end
      i = i + 3
    else
      return {'error', 'unknown check ' .. tostring(op)}
    end
  end

  -- Guards, as applyEffects checks them in core: only a cell a guard looks at is read.
  local counts = i + 1
  local n = plan[i]
  i = counts
  for _ = 1, n do
    local limit, least = plan[i + 3], plan[i + 4]
    if limit ~= '' or least ~= '' then
      local k, f = plan[i], plan[i + 1]
      local before = stored(k, f)
      if least ~= '' and before < least then return {'stale'} end
      if type(limit) == 'table' then
        -- Built from other counters as read: take their change since off it.
        local live = limit[1]
        for j = 2, #limit, 3 do live = live - (stored(limit[j], limit[j + 1]) - limit[j + 2]) end
        limit = live
      end
      if limit ~= '' then
        local reached = before + earlier(plan, counts, i, 5, 0, 2, k, f) + plan[i + 2]
        if reached > limit then
          return {'guard', 'counter ' .. f .. ' of ' .. KEYS[k] .. ' would reach ' .. reached .. ', above its limit ' .. limit}
        end
      end
    end
    i = i + 5
  end
  local transfers = i + 1
  n = plan[i]
  i = transfers
  for _ = 1, n do
    local amount = plan[i + 5]
    if amount <= 0 or amount ~= math.floor(amount) then return {'guard', 'transfer of ' .. amount} end
    local k, f = plan[i], plan[i + 1]
    local after = stored(k, f) + earlier(plan, transfers, i, 8, 3, 5, k, f) - earlier(plan, transfers, i, 8, 0, 5, k, f) - amount
    if after < 0 and plan[i + 2] ~= 1 then return {'guard', 'account ' .. f .. ' of ' .. KEYS[k] .. ' would go to ' .. after} end
    if after < -EXACT then return {'exact', (i - transfers) / 8, 'from'} end
    local tk, tf = plan[i + 3], plan[i + 4]
    local reached = stored(tk, tf) + earlier(plan, transfers, i, 8, 3, 5, tk, tf) - earlier(plan, transfers, i, 8, 0, 5, tk, tf) + amount
    if reached > EXACT then return {'exact', (i - transfers) / 8, 'to'} end
    i = i + 8
  end

  -- Every guard held: write. Integers as text: Redis may print a Lua number as 1e+12.
  for j = counts, transfers - 6, 5 do
    redis.call('HINCRBY', KEYS[plan[j]], plan[j + 1], string.format('%d', plan[j + 2]))
  end
  for j = transfers, i - 8, 8 do
    local amount = string.format('%d', plan[j + 5])
    redis.call('HINCRBY', KEYS[plan[j]], plan[j + 1], '-' .. amount)
    redis.call('HINCRBY', KEYS[plan[j + 3]], plan[j + 4], amount)
    local posting = ARGV[postingsAt + (j - transfers) / 8]
    redis.call('RPUSH', KEYS[3], posting)
    redis.call('RPUSH', KEYS[plan[j + 6]], posting)
    redis.call('RPUSH', KEYS[plan[j + 7]], posting)
  end
  n = plan[i]
  i = i + 1
  for _ = 1, n do
    local hash, index, name, value = KEYS[plan[i]], KEYS[plan[i + 1]], plan[i + 2], plan[i + 3]
    if value == '' then
      redis.call('HDEL', hash, name)
      redis.call('ZREM', index, name)
    else
      redis.call('HSET', hash, name, value)
      redis.call('ZADD', index, 0, name)
    end
    i = i + 4
  end

  redis.call('HSET', command, 'p', payload, 'r', receipt)
  redis.call('PEXPIRE', command, ttl)
  redis.call('HSET', keys, key, at .. '|' .. print)
  local postings = postingCount == 1 and ARGV[postingsAt] or table.concat(ARGV, ',', postingsAt, postingsAt + postingCount - 1)
  if maxlen ~= '' then
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', maxlen, '*', 'type', outcome, 'receipt', receipt, 'postings', '[' .. postings .. ']')
  else
    redis.call('XADD', KEYS[2], '*', 'type', outcome, 'receipt', receipt, 'postings', '[' .. postings .. ']')
  end
  return OK
end

local replies = {}
local c = 2
while c <= #ARGV do
  -- One command's failure is its own: those before it stay applied, those after it still run.
  local postingCount = tonumber(ARGV[c + 10])
  local done, reply = pcall(apply, KEYS[tonumber(ARGV[c])], KEYS[tonumber(ARGV[c + 1])], ARGV[c + 2], ARGV[c + 3], ARGV[c + 4], ARGV[c + 5], ARGV[c + 6], ARGV[c + 7], ARGV[c + 8], ARGV[c + 9], c + 11, postingCount)
  if done then
    replies[#replies + 1] = reply
  else
    replies[#replies + 1] = {'error', type(reply) == 'table' and reply.err or tostring(reply)}
  end
  c = c + 11 + postingCount
end
return replies
`;

/**
 * Publishes a definition: a new version unless it equals the latest. KEYS: version, seed,
 * definitions, published; ARGV: canonical definition, seed for a new campaign, publishedAt, the
 * latest version the caller checked the definition against. Replies {version, created (1|0), seed},
 * or {version, 2, ''} when another version was published since that check: check again.
 */
export const PUBLISH = `
local version = tonumber(redis.call('GET', KEYS[1]) or '0')
if version > 0 and redis.call('HGET', KEYS[3], tostring(version)) == ARGV[1] then
  return {version, 0, redis.call('GET', KEYS[2])}
end
if version ~= tonumber(ARGV[4]) then
  return {version, 2, ''}
end
redis.call('SET', KEYS[2], ARGV[2], 'NX')
version = version + 1
redis.call('HSET', KEYS[3], version, ARGV[1])
redis.call('HSET', KEYS[4], version, ARGV[3])
redis.call('SET', KEYS[1], version)
return {version, 1, redis.call('GET', KEYS[2])}
`;

/** Adds a campaign id to the index once, in publication order. KEYS: index, sequence; ARGV: id. */
export const INDEX = `
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[2]), ARGV[1])
end
return 1
`;

type Arg = string | number;

/**
 * The KEYS of one script call, each listed once, starting with `first` in order: `index` gives a
 * key's 1-based position, which the call's ARGV refers to it by.
 */
export function scriptKeys(...first: string[]): { keys: string[]; index: (key: string) => number } {
  const keys: string[] = [];
  const indexes = new Map<string, number>();
  for (const key of first) indexes.set(key, keys.push(key));
  return {
    keys,
    index(key) {
      let index = indexes.get(key);
      if (index === undefined) indexes.set(key, (index = keys.push(key)));
      return index;
    },
  };
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    carnivalRead(numKeys: number, ...args: Arg[]): Result<unknown[], Context>;
    carnivalApply(numKeys: number, ...args: Arg[]): Result<string[][], Context>;
    /** Four keys, then three arguments. */
    carnivalPublish(...keysAndArgs: Arg[]): Result<[number, number, string], Context>;
    /** Two keys, then the id. */
    carnivalIndex(...keysAndArgs: Arg[]): Result<number, Context>;
  }
}

/** Loads the scripts on a connection: ioredis sends EVALSHA, and the source once if Redis lacks it. */
export function defineScripts(redis: Redis): void {
  redis.defineCommand('carnivalRead', { lua: READ });
  redis.defineCommand('carnivalApply', { lua: APPLY });
  redis.defineCommand('carnivalPublish', { lua: PUBLISH, numberOfKeys: 4 });
  redis.defineCommand('carnivalIndex', { lua: INDEX, numberOfKeys: 2 });
}
