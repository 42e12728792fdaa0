/**
 * `npm start`: configuration from the environment, the scenario file, memory or Redis state,
 * then listen. Stops gracefully on SIGTERM/SIGINT: readiness fails, in-flight requests finish,
 * the store is closed.
 */
import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { loadScenarioFile } from '../../sim/io/load-scenario.ts';
import { MemoryLineStore } from '../live/memory-line-store.ts';
import { RedisLineStore } from '../live/redis-line-store.ts';
import { serviceClock } from '../../sim/io/clock.ts';
import type { LineStore } from '../live/line-store.ts';
import { RedisWsTickets } from './redis-ws-tickets.ts';
import type { TicketBook } from './ws-tickets.ts';
import { createPlanner } from '../jobs/planner.ts';
import { buildApp } from './app.ts';
import { ConfigError, parseConfig, type Config } from './config.ts';
import { tuneRuntime } from './runtime-tuning.ts';

tuneRuntime();

function configOrExit(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`helpline-server: bad configuration: ${error.message}\n`);
    process.exit(1);
  }
}

const config = configOrExit();
const logger = pino({ level: config.LOG_LEVEL });

let scenario;
try {
  scenario = await loadScenarioFile(config.SCENARIO);
} catch (error) {
  process.stderr.write(`helpline-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

let store: LineStore;
// in Redis, the WebSocket tickets too: a ticket from one instance opens a socket on any
let wsTickets: TicketBook | undefined;
if (config.REDIS_URL === undefined) {
  store = new MemoryLineStore({ callRetentionSeconds: config.CALL_RETENTION_SECONDS });
} else {
  const onError = (err: Error) => logger.error({ err }, 'redis connection error');
  store = new RedisLineStore(config.REDIS_URL, config.REDIS_PREFIX, onError, {
    callRetentionSeconds: config.CALL_RETENTION_SECONDS,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
  });
  await store.ping();
  wsTickets = new RedisWsTickets(config.REDIS_URL, config.REDIS_PREFIX, onError);
}

const planner = await createPlanner(config, logger);
const clock = serviceClock(config.CLOCK_START, config.CLOCK_SPEED, scenario.horizon.timeZone);
// time-driven work (queue maximum waits, shifts starting) about once a scenario second, at most 10 times a real second
const tickMs = Math.round(Math.min(1000, Math.max(100, 1000 / config.CLOCK_SPEED)));
const app = await buildApp({ config, scenario, lineStore: store, clock, logger, planner, tickMs, wsTickets });
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down');
  await app.close();
});
await app.listen({ port: config.PORT, host: config.HOST });
app.log.info(
  {
    scenario: scenario.name,
    store: config.REDIS_URL === undefined ? 'memory' : 'redis',
    clock: { at: new Date(clock.now()).toISOString(), speed: config.CLOCK_SPEED },
  },
  'helpline service ready',
);
