/**
 * Planner runs: start replications, compare, sweep, allocate or calibrate (the CLI's options,
 * validated and costed before anything is queued); read status, progress and result (JSON,
 * CSV or the HTML report); cancel; list. Lists, cancels and `/ws/runs` (every change) carry
 * summaries; the request as sent is on GET /runs/{id} only. Behind the API key; the
 * WebSocket also opens with a single-use ticket (`?ticket=`, from POST /ws-tickets).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { CONTENT_TYPES, formatResult, RESULT_FORMATS } from '../../jobs/result-formats.ts';
import { RunRequestSchema } from '../../jobs/run-request.ts';
import type { RunService } from '../../jobs/run-service.ts';
import { RunRecordSchema, RunSummarySchema, type RunSummary } from '../../storage/run-store.ts';
import { requireApiKey } from '../auth.ts';
import { plannerErrorHandler } from '../planner-errors.ts';
import { errorResponses } from '../schemas.ts';
import { guardedWebsocket, sendBounded } from '../ws-guard.ts';
import type { TicketBook } from '../ws-tickets.ts';

export interface RunsOptions {
  runs: RunService;
  apiKey: string;
  bodyLimit: number;
  /** Tickets that open /ws/runs instead of the header (a browser cannot send one on a WebSocket). */
  tickets: TicketBook;
}

const IdParams = z.object({ id: z.string().min(1).max(100) });
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
const ResultQuery = z.object({ format: z.enum(RESULT_FORMATS).default('json').describe('json as `--json` prints it, csv as `--csv`, html as `--html`') });
const tags = ['runs'];
const security = [{ apiKey: [] }];

export type RunMessage = { type: 'run'; run: RunSummary };

export const runsPlugin: FastifyPluginAsyncZod<RunsOptions> = async (app, { runs, apiKey, bodyLimit, tickets }) => {
  await app.register(guardedWebsocket);
  app.setErrorHandler(plannerErrorHandler);
  // tickets count only on a WebSocket upgrade, and /ws/runs is this plugin's only WebSocket route
  app.addHook('onRequest', requireApiKey(apiKey, tickets));

  const sockets = new Set<WebSocket>();
  const unsubscribe = runs.engine.onChange((run) => {
    const message = JSON.stringify({ type: 'run', run } satisfies RunMessage);
    for (const socket of sockets) sendBounded(socket, message, app.wsGuard.maxBufferedBytes);
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    for (const socket of sockets) socket.close(1001, 'server shutting down');
  });

  app.get('/ws/runs', { websocket: true, schema: { tags, security, summary: 'WebSocket: {type:"run", run} on every status or progress change of any run; x-api-key or ?ticket= (POST /ws-tickets)' } }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  app.post(
    '/runs',
    { bodyLimit, schema: { tags, security, summary: 'Start a run; 400 with field paths if it could not run or is past a size limit (the estimate and the limit in the message)', body: RunRequestSchema, response: { 202: RunRecordSchema, ...errorResponses } } },
    async (request, reply) => {
      const run = await runs.start(request.body);
      request.log.info({ runId: run.id, kind: run.kind }, 'run queued');
      return reply.code(202).send(run);
    },
  );

  app.get('/runs', { schema: { tags, security, summary: 'Runs, newest first, without their requests', querystring: ListQuery, response: { 200: z.array(RunSummarySchema), 401: errorResponses[401] } } }, async (request) =>
    runs.list(request.query.limit),
  );

  app.get(
    '/runs/:id',
    { schema: { tags, security, summary: 'Status, progress and error of a run', params: IdParams, response: { 200: RunRecordSchema, ...errorResponses } } },
    async (request, reply) => (await runs.get(request.params.id)) ?? reply.code(404).send({ error: `no run ${request.params.id}` }),
  );

  app.get(
    '/runs/:id/result',
    {
      schema: {
        tags,
        security,
        summary: 'The result of a finished run as JSON, CSV or a self-contained HTML report; 409 while it is not finished',
        params: IdParams,
        querystring: ResultQuery,
        response: { 200: z.string(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const run = await runs.get(id);
      if (run === undefined) return reply.code(404).send({ error: `no run ${id}` });
      const result = run.status === 'succeeded' ? await runs.result(id) : undefined;
      if (result === undefined) return reply.code(409).send({ error: `run ${id} is ${run.status}${run.error ? `: ${run.error}` : ''}; no result` });
      const { format } = request.query;
      void reply.type(CONTENT_TYPES[format]);
      if (format !== 'json') void reply.header('content-disposition', `attachment; filename="${run.kind}-${id}.${format}"`);
      return formatResult(result, format);
    },
  );

  app.post(
    '/runs/:id/cancel',
    { schema: { tags, security, summary: 'Cancel a queued or running run: its threads are stopped at once and the next queued run starts', params: IdParams, response: { 200: RunSummarySchema, ...errorResponses } } },
    async (request, reply) => {
      const { id } = request.params;
      const outcome = await runs.cancel(id);
      if ('missing' in outcome) return reply.code(404).send({ error: `no run ${id}` });
      if ('finished' in outcome) return reply.code(409).send({ error: `run ${id} is already ${outcome.finished.status}` });
      request.log.info({ runId: id }, 'run cancelled');
      return outcome.cancelled;
    },
  );
};
