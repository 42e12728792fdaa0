/**
 * Staff actions on partner organisations' lines, behind the API key: duty, the calls on the
 * lines, and releasing a line whose call never ended (logged with the call id only).
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CALL_STATUSES } from '../../live/call-record.ts';
import type { StaffLines } from '../../live/staff-lines.ts';
import { OUTCOMES } from '../../../core/scenario/schema.ts';
import { requireApiKey } from '../auth.ts';
import { errorResponses } from '../schemas.ts';

export interface OrganisationsOptions {
  staffLines: StaffLines;
  apiKey: string;
}

const OrgParams = z.object({ org: z.string().min(1).max(100) });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const LineCallsSchema = z.object({
  organisation: z.string(),
  lines: z.array(
    z.object({
      line: z.string(),
      pool: z.string(),
      duty: z.enum(['on', 'off', 'schedule']),
      onDuty: z.boolean(),
      call: z
        .object({
          id: z.string(),
          status: z.enum([...CALL_STATUSES, 'missing']).describe('missing: the line is held by a call the store no longer has (freed within a second)'),
          since: z.string().nullable().describe('ISO instant the call entered its status (service clock)'),
          endsBy: z.string().nullable().describe('ISO instant the service ends the call if nothing else does (ring timeout, maximum talk time)'),
        })
        .nullable(),
    }),
  ),
});

const ReleasedSchema = z.object({
  organisation: z.string(),
  line: z.string(),
  released: z.boolean().describe('false: the line was already free'),
  callId: z.string().nullable(),
  outcome: z.enum(OUTCOMES).nullable().describe('outcome the released call ended with; null if it had already ended'),
});

const LineParams = z.object({
  org: z.string().min(1).max(100),
  line: z.string().min(1).max(100).describe('line id within the organisation: <pool>-<n>'),
});

const DutyBody = z
  .object({
    duty: z.enum(['on', 'off', 'schedule']).describe('"schedule" drops the override and follows the weekly schedule again'),
  })
  .strict();

const LineSchema = z.object({
  organisation: z.string(),
  line: z.string(),
  duty: z.enum(['on', 'off', 'schedule']),
  busy: z.boolean(),
});

export const organisationsPlugin: FastifyPluginAsyncZod<OrganisationsOptions> = async (app, { staffLines, apiKey }) => {
  app.get(
    '/organisations/:org/lines',
    {
      preHandler: requireApiKey(apiKey),
      schema: {
        tags: ['organisations'],
        summary: "The organisation's lines: duty, and the call on each (id, status, since when, when the service ends it)",
        security: [{ apiKey: [] }],
        params: OrgParams,
        response: { 200: LineCallsSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { org } = request.params;
      const lines = await staffLines.list(org);
      if (lines === undefined) return reply.code(404).send({ error: `no organisation ${org}` });
      const response: z.infer<typeof LineCallsSchema> = {
        organisation: org,
        lines: lines.map((l) => ({
          ...l,
          call: l.call === null ? null : { id: l.call.id, status: l.call.status, since: iso(l.call.since), endsBy: iso(l.call.deadline) },
        })),
      };
      return response;
    },
  );

  app.post(
    '/organisations/:org/lines/:line/release',
    {
      preHandler: requireApiKey(apiKey),
      schema: {
        tags: ['organisations'],
        summary: 'End the call on a line (a lost hang-up) and free the line: ringing ends as abandoned_in_queue, talking as answered',
        security: [{ apiKey: [] }],
        params: LineParams,
        response: { 200: ReleasedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { org, line } = request.params;
      const released = await staffLines.release(org, line);
      if (released === undefined) return reply.code(404).send({ error: `no line ${line} of organisation ${org}` });
      request.log.info({ organisation: org, line, callId: released?.callId ?? null }, 'line released by staff');
      const response: z.infer<typeof ReleasedSchema> = {
        organisation: org,
        line,
        released: released !== null,
        callId: released?.callId ?? null,
        outcome: released?.outcome ?? null,
      };
      return response;
    },
  );

  app.post(
    '/organisations/:org/lines/:line/duty',
    {
      onRequest: requireApiKey(apiKey),
      schema: {
        tags: ['organisations'],
        summary: 'Put a line on or off duty, on top of its schedule',
        security: [{ apiKey: [] }],
        params: LineParams,
        body: DutyBody,
        response: { 200: LineSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { org, line } = request.params;
      const duty = request.body.duty === 'schedule' ? null : request.body.duty;
      const state = await staffLines.setDuty(org, line, duty);
      if (state === undefined) return reply.code(404).send({ error: `no line ${line} of organisation ${org}` });
      request.log.info({ organisation: org, line, duty: request.body.duty }, 'duty set');
      const response: z.infer<typeof LineSchema> = { organisation: org, line, duty: state.duty ?? 'schedule', busy: state.call !== null };
      return response;
    },
  );
};
