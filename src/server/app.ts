/**
 * The live service as a Fastify app: one plugin per concern, every dependency passed in, so a
 * test builds it with an in-memory store and a fake clock, and two instances can share one
 * Redis store.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Scenario } from '../../core/scenario/schema.ts';
import type { Clock } from '../../sim/io/clock.ts';
import type { LineStore } from '../live/line-store.ts';
import { liveHistory, liveSnapshot } from '../live/live-metrics.ts';
import { createLiveService } from '../live/live-service.ts';
import { liveLimits, type Config } from './config.ts';
import { clientErrorHandler, errorHandler, frameworkErrors, notFoundHandler, zodValidatorCompiler } from './errors.ts';
import { LiveFeed } from './live-feed.ts';
import { fastifyTrustProxy } from './client-address.ts';
import { rateLimitPlugin } from './rate-limit.ts';
import { securityHeadersPlugin } from './security-headers.ts';
import { WsGuard } from './ws-guard.ts';
import { ConciseRequestLog, RequestLogger, requestIds } from './request-log.ts';
import { callsPlugin } from './plugins/calls.ts';
import { dashboardsPlugin } from './plugins/dashboards.ts';
import { docsPlugin } from './plugins/docs.ts';
import { healthPlugin } from './plugins/health.ts';
import { livePlugin } from './plugins/live.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { organisationsPlugin } from './plugins/organisations.ts';
import { runsPlugin } from './plugins/runs.ts';
import { scenariosPlugin } from './plugins/scenarios.ts';
import { wsTicketsPlugin } from './plugins/ws-tickets.ts';
import { WsTickets, type TicketBook } from './ws-tickets.ts';
import type { Planner } from '../jobs/planner.ts';

export interface AppDeps {
  config: Config;
  scenario: Scenario;
  lineStore: LineStore;
  clock: Clock;
  logger: FastifyBaseLogger;
  /** Uniform [0, 1) for the weighted-random line policy. */
  random?: () => number;
  /** Period of the live push and time-driven work (queue timeouts, shifts starting). */
  tickMs?: number;
  /** Planner scenarios and simulation runs; closed with the app. */
  planner?: Planner;
  /** Single-use tickets for the WebSockets behind the API key (closed with the app); a book in this process if unset. */
  wsTickets?: TicketBook;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, scenario, lineStore: store, clock } = deps;
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: config.BODY_LIMIT,
    genReqId: requestIds(),
    requestIdHeader: 'x-request-id',
    // one concise line per request instead of two serialised ones (see request-log.ts)
    logController: new ConciseRequestLog(),
    // reqId added per line instead of a pino child per request (see RequestLogger)
    childLoggerFactory: (logger, bindings, options) =>
      options.level === undefined && options.serializers === undefined && typeof bindings.reqId === 'string'
        ? new RequestLogger(logger as Logger, bindings.reqId)
        : logger.child(bindings, options),
    // the service sits behind the telephony front end; it never needs more than a few seconds
    requestTimeout: 30_000,
    // who the client is behind a proxy: request.ip, which the rate limit and socket cap count by
    trustProxy: fastifyTrustProxy(config.TRUST_PROXY),
    // the error shape also for what the router and Node's parser refuse (see errors.ts)
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(zodValidatorCompiler);
  // responses are JSON.stringify'd: the type provider checks handlers' return types against the zod
  // response schemas at compile time, and re-encoding every response through zod slows routing
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  let feed: LiveFeed | undefined;
  const { topology, callFlow, housekeeping, staffLines } = createLiveService({
    scenario,
    store,
    clock,
    limits: liveLimits(config),
    random: deps.random ?? Math.random,
    callerHashKey: config.CALLER_HASH_KEY,
    log: app.log,
    onChange: () => feed?.changed(),
  });
  await store.init(
    topology.lines.map((l) => l.key),
    clock.now(),
  );
  const snapshot = () => liveSnapshot(topology, store, clock);
  feed = new LiveFeed({
    snapshot,
    announce: () => store.announceChange(),
    everySecond: () => housekeeping.tick(),
    log: app.log,
    intervalMs: deps.tickMs ?? 1000,
    maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
  });
  await store.onChange(() => feed.heard());

  let closing = false;
  app.addHook('onReady', async () => feed.start());
  app.addHook('preClose', async () => {
    closing = true;
    await feed.stop();
  });
  app.addHook('onClose', async () => store.close());

  await app.register(rateLimitPlugin, {
    max: config.RATE_LIMIT_MAX,
    windowMs: config.RATE_LIMIT_WINDOW_MS,
    maxClients: config.RATE_LIMIT_CLIENTS,
    allow: config.RATE_LIMIT_ALLOW,
    exemptKeys: [config.TELEPHONY_API_KEY, config.API_KEY],
  });
  await app.register(securityHeadersPlugin);
  const wsGuard = new WsGuard({
    maxPerAddress: config.WS_MAX_PER_ADDRESS,
    pingIntervalMs: config.WS_PING_INTERVAL_MS,
    maxBufferedBytes: config.WS_MAX_BUFFERED_BYTES,
    log: app.log,
  });
  app.decorate('wsGuard', wsGuard);
  app.addHook('onReady', async () => wsGuard.start());
  app.addHook('preClose', async () => wsGuard.stop());
  await app.register(docsPlugin);
  const liveKey = config.LIVE_PUBLIC ? undefined : config.API_KEY;
  const tickets = deps.wsTickets ?? new WsTickets();
  app.addHook('onClose', async () => tickets.close());
  await app.register(wsTicketsPlugin, { tickets, apiKey: config.API_KEY });
  await app.register(healthPlugin, { store, lineKeys: topology.lines.map((l) => l.key), timeoutMs: config.READY_TIMEOUT_MS, closing: () => closing });
  await app.register(callsPlugin, { callFlow, topology, telephonyKey: config.TELEPHONY_API_KEY });
  await app.register(organisationsPlugin, { staffLines, apiKey: config.API_KEY });
  await app.register(livePlugin, { feed, snapshot, history: () => liveHistory(topology, store, clock), apiKey: liveKey, tickets });
  await app.register(metricsPlugin, { snapshot, apiKey: liveKey });
  if (deps.planner !== undefined) {
    const { planner } = deps;
    app.addHook('onClose', async () => planner.close());
    const plannerOptions = { apiKey: config.API_KEY, bodyLimit: config.PLANNER_BODY_LIMIT };
    await app.register(scenariosPlugin, { store: planner.scenarios, ...plannerOptions });
    await app.register(runsPlugin, { runs: planner.runs, tickets, ...plannerOptions });
  }
  await app.register(dashboardsPlugin, { scenario });
  return app;
}
