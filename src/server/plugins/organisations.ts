/** Staff actions on partner organisations' lines. State-changing, so behind the API key. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CallFlow } from '../../live/call-flow.ts';
import { requireApiKey } from '../auth.ts';
import { errorResponses } from '../schemas.ts';

export interface OrganisationsOptions {
  callFlow: CallFlow;
  apiKey: string;
}

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

export const organisationsPlugin: FastifyPluginAsyncZod<OrganisationsOptions> = async (app, { callFlow, apiKey }) => {
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
      const state = await callFlow.setDuty(org, line, duty);
      if (state === undefined) return reply.code(404).send({ error: `no line ${line} of organisation ${org}` });
      request.log.info({ organisation: org, line, duty: request.body.duty }, 'duty set');
      const response: z.infer<typeof LineSchema> = { organisation: org, line, duty: state.duty ?? 'schedule', busy: state.call !== null };
      return response;
    },
  );
};
