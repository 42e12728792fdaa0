/**
 * Service configuration from the environment, validated once at start-up. A bad value stops
 * the process with one line naming the variable (see main.ts), never a half-configured server.
 */
import { z } from 'zod';
import { HorizonSchema } from '../../core/scenario/schema.ts';
import { DEFAULT_LIMITS, type LiveLimits } from '../live/limits.ts';
import { AddressListSchema, TrustProxySchema } from './client-address.ts';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const secret = z.string().min(16, 'use at least 16 characters');

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SCENARIO: z.string().min(1).default('scenarios/9999-like.json').describe('scenario file the service routes by'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'use redis://host:port or rediss://')
    .optional()
    .describe('share live state between instances; in memory if unset'),
  REDIS_PREFIX: z.string().min(1).default('helpline:').describe('key prefix, so several services can share one Redis'),
  API_KEY: secret.describe('x-api-key for state-changing organisation endpoints (and live figures unless LIVE_PUBLIC)'),
  TELEPHONY_API_KEY: secret
    .optional()
    .describe('x-api-key of the telephony front end for /calls; the call flow is open if unset (trusted network)'),
  CALLER_HASH_KEY: secret.describe('HMAC key that pseudonymises caller numbers'),
  LIVE_PUBLIC: flag.default(true).describe('serve /ws/live, /live and /metrics without a key (aggregates only)'),
  RATE_LIMIT_MAX: z.coerce.number().int().positive().default(6000).describe('requests per client (IPv4 address, IPv6 /64) per window'),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().positive().default(60_000).describe("a client's window starts at its first request"),
  RATE_LIMIT_CLIENTS: z.coerce
    .number()
    .int()
    .positive()
    .max(10_000_000)
    .default(100_000)
    .describe('clients the rate limiter remembers; past it the least recently seen is forgotten'),
  RATE_LIMIT_ALLOW: AddressListSchema.default([]).describe('comma-separated addresses/CIDRs never rate limited'),
  TRUST_PROXY: TrustProxySchema.default(false).describe(
    'whose X-Forwarded-For to believe for the client address: false, a hop count, or proxy addresses/CIDRs (true: anyone, forgeable)',
  ),
  WS_MAX_PER_ADDRESS: z.coerce.number().int().positive().default(50).describe('open WebSockets per client address; more are refused with 429'),
  WS_PING_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(30_000)
    .describe('WebSocket ping period; a client that has not answered the previous ping is cut off'),
  WS_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1_048_576)
    .describe('bytes unsent to one WebSocket client before it is closed (1008) instead of sent more'),
  BODY_LIMIT: z.coerce.number().int().positive().default(16_384).describe('largest request body in bytes'),
  DATA_DIR: z.string().min(1).default('data').describe('planner scenarios and results on local disk when REDIS_URL is unset'),
  PLANNER_BODY_LIMIT: z.coerce.number().int().positive().default(1_048_576).describe('largest scenario or CSV upload in bytes'),
  JOB_THREADS: z.coerce.number().int().positive().optional().describe('simulation threads of the embedded engine; all cores if unset'),
  PLANNER_RUN_CONCURRENCY: z.coerce.number().int().positive().max(64).default(1).describe('embedded engine: runs executing at once (each on its own threads); the rest wait'),
  PLANNER_WORKER_HEAP_MB: z.coerce.number().int().min(16).default(1024).describe('heap cap of each planner worker thread in MB; a thread past it dies and fails its run alone'),
  PLANNER_CHECK_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000).describe('time a run request may take to check (sweep points, option checks) before a 400'),
  PLANNER_MAX_SIMULATED_CALLERS: z.coerce.number().positive().default(1e9).describe('fresh callers a run may simulate in all (callers × days × replications × scenarios)'),
  PLANNER_MAX_LINES: z.coerce.number().int().positive().default(5000).describe('lines in any scenario of a run, or an allocation total (allocation time grows with its square)'),
  PLANNER_MAX_SWEEP_POINTS: z.coerce.number().int().positive().default(5000).describe('points of one sweep (axis sizes multiplied, times menu orders)'),
  PLANNER_MAX_RUNS: z.coerce.number().int().positive().default(500).describe('run records kept; past it the oldest finished are removed'),
  PLANNER_RUN_MAX_AGE_DAYS: z.coerce.number().positive().default(30).describe('finished runs older than this are removed'),
  PLANNER_MAX_RESULT_BYTES: z.coerce.number().int().positive().default(64 * 1024 * 1024).describe('a run whose result JSON is larger fails instead of being stored'),
  CLOCK_START: HorizonSchema.shape.start
    .optional()
    .describe("run on scenario time from this local date-time (scenario's time zone), e.g. 2022-07-07T00:00; real time if unset"),
  CLOCK_SPEED: z.coerce
    .number()
    .positive()
    .max(100_000)
    .default(1)
    .describe('scenario seconds per real second (with or without CLOCK_START); 1 = real time'),
  CALL_RETENTION_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .max(30 * 24 * 3600)
    .default(3600)
    .describe('real seconds an ended call stays readable (late GET; digits for it: 409), then it is unknown (404)'),
  RING_TIMEOUT_SECONDS: z.coerce.number().positive().max(24 * 3600).default(120).describe('a line ringing this long unanswered ends the call (abandoned_in_queue) and frees the line; service clock'),
  MAX_TALK_SECONDS: z.coerce.number().positive().max(7 * 24 * 3600).default(4 * 3600).describe('a conversation this long is ended (answered) and its line freed: a lost /end holds a line no longer; service clock'),
  MENU_TIMEOUT_SECONDS: z.coerce.number().positive().max(24 * 3600).default(300).describe('a call with no key pressed for this long at the menu ends as hung_up_in_menu; service clock'),
  MAX_ACTIVE_CALLS: z.coerce.number().int().positive().max(10_000_000).default(10_000).describe('calls not yet ended, across instances; POST /calls beyond it answers 503 with Retry-After'),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(2000).describe('a Redis command unanswered this long fails; the request answers 503'),
  READY_TIMEOUT_MS: z.coerce.number().int().positive().max(60_000).default(1000).describe('/readyz answers 503 when the line state cannot be read within this'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** The live service's timeouts (ms, service clock) and active-call cap from the configuration. */
export function liveLimits(config: Config): LiveLimits {
  return {
    ...DEFAULT_LIMITS,
    menuTimeoutMs: config.MENU_TIMEOUT_SECONDS * 1000,
    ringTimeoutMs: config.RING_TIMEOUT_SECONDS * 1000,
    maxTalkMs: config.MAX_TALK_SECONDS * 1000,
    maxActiveCalls: config.MAX_ACTIVE_CALLS,
  };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Empty variables count as unset, as in most deployment tools. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(present);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? '(environment)');
  const more = result.error.issues.length > 1 ? ` (+${result.error.issues.length - 1} more)` : '';
  throw new ConfigError(`${name}: ${issue.message}${more}`);
}
