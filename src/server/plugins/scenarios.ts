/**
 * Planner scenarios: create, list, read (any version), update (a new version each time),
 * delete, validate without saving, import (a scenario file, or a variant file whose `base` is a
 * stored scenario's id), export, and interval counts uploaded as CSV. Behind the API key.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ScenarioValidationError, zodIssues } from '../../../core/scenario/validate.ts';
import { applyChanges, VariantSchema } from '../../../core/scenario/variant.ts';
import { intervalCountsFromCsv } from '../../../sim/io/csv-column.ts';
import { InputError } from '../../../sim/io/input-error.ts';
import { scenarioFromJson } from '../../jobs/scenario-input.ts';
import { StoredScenarioSchema, ScenarioSummarySchema, type ScenarioJson, type ScenarioStore } from '../../storage/scenario-store.ts';
import { requireApiKey } from '../auth.ts';
import { RequestValidationError } from '../errors.ts';
import { plannerErrorHandler } from '../planner-errors.ts';
import { errorResponses } from '../schemas.ts';

export interface ScenariosOptions {
  store: ScenarioStore;
  apiKey: string;
  /** largest scenario or CSV upload in bytes (413 above) */
  bodyLimit: number;
}

const ScenarioBody = z.record(z.string(), z.unknown()).describe('a scenario, as in scenarios/*.json (see scenarios/scenario.schema.json)');
const IdParams = z.object({ id: z.string().min(1).max(100) });
const VersionParams = IdParams.extend({ version: z.coerce.number().int().positive() });
const VersionQuery = z.object({ version: z.coerce.number().int().positive().optional().describe('latest if absent') });
const CountsQuery = z
  .object({
    intervalMinutes: z.coerce.number().positive().describe('length of each interval the CSV counts'),
    column: z.string().min(1).optional().describe('column to read; the first numeric column if absent'),
    mode: z.enum(['exact', 'poisson']).default('exact'),
  })
  .strict();
const Valid = z.object({ valid: z.literal(true), name: z.string() });
const tags = ['scenarios'];
const security = [{ apiKey: [] }];

export const scenariosPlugin: FastifyPluginAsyncZod<ScenariosOptions> = async (app, { store, apiKey, bodyLimit }) => {
  app.setErrorHandler(plannerErrorHandler);
  app.addHook('onRequest', requireApiKey(apiKey));
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, body));

  const missing = (id: string, version?: number) => ({ error: version === undefined ? `no scenario ${id}` : `no version ${version} of scenario ${id}` });

  app.post(
    '/scenarios',
    { bodyLimit, schema: { tags, security, summary: 'Store a new scenario (version 1)', body: ScenarioBody, response: { 201: StoredScenarioSchema, ...errorResponses } } },
    async (request, reply) => {
      const scenario = scenarioFromJson(request.body);
      const stored = await store.create(scenario.name, request.body);
      request.log.info({ scenarioId: stored.id }, 'scenario created');
      return reply.code(201).send(stored);
    },
  );

  app.post(
    '/scenarios/validate',
    { bodyLimit, schema: { tags, security, summary: 'Check a scenario without storing it: 200, or 400 with every problem and its field path', body: ScenarioBody, response: { 200: Valid, ...errorResponses } } },
    async (request) => ({ valid: true as const, name: scenarioFromJson(request.body).name }),
  );

  app.post(
    '/scenarios/import',
    {
      bodyLimit,
      schema: {
        tags,
        security,
        summary: 'Store a scenario file, or a variant file ({name, base, changes}) whose base is the id of a stored scenario',
        body: ScenarioBody,
        response: { 201: StoredScenarioSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      let json: ScenarioJson = body;
      if (Object.hasOwn(body, 'base') && Object.hasOwn(body, 'changes')) {
        const variant = VariantSchema.safeParse(body);
        if (!variant.success) throw new ScenarioValidationError(zodIssues(variant.error));
        const base = await store.get(variant.data.base);
        if (base === undefined) throw new ScenarioValidationError([{ path: ['base'], message: `no stored scenario ${variant.data.base}` }]);
        const changed = applyChanges(scenarioFromJson(base.scenario, ['base']), variant.data.changes, variant.data.name);
        json = { ...changed, notes: [...changed.notes, ...variant.data.notes] };
      }
      const scenario = scenarioFromJson(json);
      const stored = await store.create(scenario.name, json);
      request.log.info({ scenarioId: stored.id }, 'scenario imported');
      return reply.code(201).send(stored);
    },
  );

  app.get('/scenarios', { schema: { tags, security, summary: 'Stored scenarios, latest change first', response: { 200: z.array(ScenarioSummarySchema), 401: errorResponses[401] } } }, async () =>
    store.list(),
  );

  app.get(
    '/scenarios/:id',
    { schema: { tags, security, summary: 'A stored scenario: the latest version, or ?version=n', params: IdParams, querystring: VersionQuery, response: { 200: StoredScenarioSchema, ...errorResponses } } },
    async (request, reply) => {
      const { id } = request.params;
      const stored = await store.get(id, request.query.version);
      return stored ?? reply.code(404).send(missing(id, request.query.version));
    },
  );

  app.get(
    '/scenarios/:id/versions/:version',
    { schema: { tags, security, summary: 'One version of a stored scenario', params: VersionParams, response: { 200: StoredScenarioSchema, ...errorResponses } } },
    async (request, reply) => {
      const { id, version } = request.params;
      return (await store.get(id, version)) ?? reply.code(404).send(missing(id, version));
    },
  );

  app.get(
    '/scenarios/:id/export',
    {
      schema: {
        tags,
        security,
        summary: 'The scenario file itself (latest or ?version=n), to open with the CLI or import elsewhere',
        params: IdParams,
        querystring: VersionQuery,
        response: { 200: ScenarioBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const stored = await store.get(id, request.query.version);
      if (stored === undefined) return reply.code(404).send(missing(id, request.query.version));
      void reply.header('content-disposition', `attachment; filename="${id}.v${stored.version}.json"`);
      return stored.scenario;
    },
  );

  app.put(
    '/scenarios/:id',
    { bodyLimit, schema: { tags, security, summary: 'Store a new version (the old ones stay readable)', params: IdParams, body: ScenarioBody, response: { 200: StoredScenarioSchema, ...errorResponses } } },
    async (request, reply) => {
      const { id } = request.params;
      const scenario = scenarioFromJson(request.body);
      const stored = await store.update(id, scenario.name, request.body);
      if (stored === undefined) return reply.code(404).send(missing(id));
      request.log.info({ scenarioId: id, version: stored.version }, 'scenario updated');
      return stored;
    },
  );

  app.put(
    '/scenarios/:id/interval-counts',
    {
      bodyLimit,
      schema: {
        tags,
        security,
        summary: 'Replace the arrivals by interval counts from a CSV upload (content-type text/csv): a new version',
        params: IdParams,
        querystring: CountsQuery,
        body: z.string().min(1).describe('CSV: one count of fresh callers per interval from the horizon start; header row optional'),
        response: { 200: StoredScenarioSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const current = await store.get(id);
      if (current === undefined) return reply.code(404).send(missing(id));
      const { intervalMinutes, column, mode } = request.query;
      let counts: number[];
      try {
        counts = intervalCountsFromCsv('uploaded CSV', request.body, column);
      } catch (error) {
        // the reader names the CSV text or its column: the body, or the query's `column`
        if (error instanceof InputError) throw new RequestValidationError([{ path: error.path[0] === 'column' ? ['querystring', 'column'] : ['body'], message: error.message }]);
        throw error;
      }
      const json = { ...current.scenario, arrivals: { type: 'intervalCounts', intervalMinutes, mode, counts } };
      const scenario = scenarioFromJson(json);
      const stored = await store.update(id, scenario.name, json);
      if (stored === undefined) return reply.code(404).send(missing(id));
      request.log.info({ scenarioId: id, version: stored.version, intervals: counts.length }, 'interval counts uploaded');
      return stored;
    },
  );

  app.delete(
    '/scenarios/:id',
    { schema: { tags, security, summary: 'Delete a scenario and all its versions', params: IdParams, response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await store.delete(id))) return reply.code(404).send(missing(id));
      request.log.info({ scenarioId: id }, 'scenario deleted');
      return reply.code(204).send(null);
    },
  );
};
