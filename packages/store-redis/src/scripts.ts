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
 *   c key            an idempotency record: {payload, receipt} or false
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
    if kept[1] then out[#out + 1] = kept else out[#out + 1] = false end
    i = i + 2
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
 * One command's atomic step: idempotency, validation of what the decision read, every guard,
 * then every write, the idempotency record and the outcome event. ARGV:
 *   command-key payload receipt ttl-ms version-key version events-key ledger-key stream-maxlen outcome-type
 *   then four sections, each a count and its items:
 *   checks:    h key field seen   the cell is still \`seen\` ('' = absent)
 *              m key field seen   a counter the command raises under a limit is still at least \`seen\`
 *              p index hash prefix fingerprint    a record listing is unchanged
 *              a hash fingerprint                 a counter or balance listing is unchanged
 *   counts:    key field by limit ('' = none)
 *   transfers: from-key from-field unbounded(1|0) to-key to-field amount posting-json from-ledger to-ledger
 *   puts:      hash index name value ('' = delete)
 * Replies {'ok'}, {'replay', receipt}, {'conflict'}, {'stale'} or {'guard', message}; on any but
 * 'ok' nothing was written.
 */
export const APPLY = `${LISTINGS}
local function key(i) return KEYS[tonumber(i)] end
local command = key(ARGV[1])
local kept = redis.call('HMGET', command, 'p', 'r')
if kept[1] then
  if kept[1] == ARGV[2] then return {'replay', kept[2]} end
  return {'conflict'}
end
if redis.call('GET', key(ARGV[5])) ~= ARGV[6] then return {'stale'} end

local i = 11
local n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  local op = ARGV[i]
  if op == 'h' then
    local value = redis.call('HGET', key(ARGV[i + 1]), ARGV[i + 2]) or ''
    if value ~= ARGV[i + 3] then return {'stale'} end
    i = i + 4
  elseif op == 'm' then
    local value = tonumber(redis.call('HGET', key(ARGV[i + 1]), ARGV[i + 2]) or '0')
    if value < tonumber(ARGV[i + 3]) then return {'stale'} end
    i = i + 4
  elseif op == 'p' then
    if (prefixed(key(ARGV[i + 1]), key(ARGV[i + 2]), ARGV[i + 3])) ~= ARGV[i + 4] then return {'stale'} end
    i = i + 5
  elseif op == 'a' then
    if (whole(key(ARGV[i + 1]))) ~= ARGV[i + 2] then return {'stale'} end
    i = i + 3
  else
    return redis.error_reply('unknown check ' .. tostring(op))
  end
end

-- Guards against running values, effect by effect, as applyEffects does in core.
local values, cells = {}, {}
local function load(k, f)
  local id = k .. '\\n' .. f
  if values[id] == nil then
    values[id] = tonumber(redis.call('HGET', k, f) or '0')
    cells[#cells + 1] = {k, f, id}
  end
  return id
end

n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  local k, f, by, limit = key(ARGV[i]), ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3]
  local id = load(k, f)
  local reached = values[id] + by
  if limit ~= '' and reached > tonumber(limit) then
    return {'guard', 'counter ' .. f .. ' of ' .. k .. ' would reach ' .. reached .. ', above its limit ' .. limit}
  end
  values[id] = reached
  i = i + 4
end

local postings = {}
local transfers = i
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  local amount = tonumber(ARGV[i + 5])
  if amount <= 0 or amount ~= math.floor(amount) then return {'guard', 'transfer of ' .. ARGV[i + 5]} end
  local from = load(key(ARGV[i]), ARGV[i + 1])
  local after = values[from] - amount
  if after < 0 and ARGV[i + 2] ~= '1' then
    return {'guard', 'account ' .. ARGV[i + 1] .. ' of ' .. key(ARGV[i]) .. ' would go to ' .. after}
  end
  values[from] = after
  local to = load(key(ARGV[i + 3]), ARGV[i + 4])
  values[to] = values[to] + amount
  i = i + 9
end

-- Every guard held: write.
for _, cell in ipairs(cells) do
  redis.call('HSET', cell[1], cell[2], string.format('%d', values[cell[3]]))
end
local ledger = key(ARGV[8])
i = transfers
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  local posting = ARGV[i + 6]
  redis.call('RPUSH', ledger, posting)
  redis.call('RPUSH', key(ARGV[i + 7]), posting)
  redis.call('RPUSH', key(ARGV[i + 8]), posting)
  postings[#postings + 1] = posting
  i = i + 9
end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  local hash, index, name, value = key(ARGV[i]), key(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3]
  if value == '' then
    redis.call('HDEL', hash, name)
    redis.call('ZREM', index, name)
  else
    redis.call('HSET', hash, name, value)
    redis.call('ZADD', index, 0, name)
  end
  i = i + 4
end

redis.call('HSET', command, 'p', ARGV[2], 'r', ARGV[3])
redis.call('PEXPIRE', command, ARGV[4])
local event = {'type', ARGV[10], 'receipt', ARGV[3], 'postings', '[' .. table.concat(postings, ',') .. ']'}
if ARGV[9] ~= '' then
  redis.call('XADD', key(ARGV[7]), 'MAXLEN', '~', ARGV[9], '*', unpack(event))
else
  redis.call('XADD', key(ARGV[7]), '*', unpack(event))
end
return {'ok'}
`;

/**
 * Publishes a definition: a new version unless it equals the latest. KEYS: version, seed,
 * definitions, published; ARGV: canonical definition, seed for a new campaign, publishedAt.
 * Replies {version, created (1|0), seed}.
 */
export const PUBLISH = `
local version = tonumber(redis.call('GET', KEYS[1]) or '0')
if version > 0 and redis.call('HGET', KEYS[3], tostring(version)) == ARGV[1] then
  return {version, 0, redis.call('GET', KEYS[2])}
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
 * The KEYS of one script call, each listed once: `index` gives a key's 1-based position, which
 * the call's ARGV refers to it by.
 */
export function scriptKeys(): { keys: string[]; index: (key: string) => number } {
  const keys: string[] = [];
  const indexes = new Map<string, number>();
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
    carnivalApply(numKeys: number, ...args: Arg[]): Result<string[], Context>;
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
