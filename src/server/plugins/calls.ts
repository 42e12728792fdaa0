/**
 * The call-flow API for the telephony front end. Each request moves one call through the
 * scenario's menu and routing (decided by the routing core, see src/live/call-flow.ts).
 * Logs carry call ids only; the caller number is hashed before it reaches the store.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CallFlow, CallState } from '../../live/call-flow.ts';
import type { Topology } from '../../live/topology.ts';
import { requireApiKey } from '../auth.ts';
import { compiledValidatorCompiler } from '../compiled-validation.ts';
import { CallSchema, errorResponses, type CallResponse } from '../schemas.ts';

export interface CallsOptions {
  callFlow: CallFlow;
  topology: Topology;
  /** Key of the telephony front end; the routes are open when undefined. */
  telephonyKey: string | undefined;
}

// strict, and without defaults or transforms: compiledValidatorCompiler hands valid input on as it is
export const CallParams = z.object({ id: z.uuid() }).strict();

export const StartBody = z
  .object({
    caller: z
      .string()
      .regex(/^\+?[0-9][0-9 -]{2,30}$/, 'a phone number: digits, optional leading +, spaces or dashes')
      .optional()
      .describe('caller number; only its keyed hash is kept'),
  })
  .strict()
  .nullish()
  .describe('may be omitted: a front end that does not pass the number posts no body');

export const DigitsBody = z
  .object({
    digits: z
      .string()
      .regex(/^[0-9*#]{1,16}$/, 'one to sixteen keys: 0-9, * or #')
      .describe('keys pressed, in order; keys after the one that selects a category are ignored'),
  })
  .strict();

export const callsPlugin: FastifyPluginAsyncZod<CallsOptions> = async (app, { callFlow, topology, telephonyKey }) => {
  // no hook at all when open: the call flow is the hot path (so is validation: see compiled-validation.ts)
  app.setValidatorCompiler(compiledValidatorCompiler);
  if (telephonyKey !== undefined) app.addHook('onRequest', requireApiKey(telephonyKey));
  const view = (state: CallState): CallResponse => {
    const line = state.call.line === null ? null : topology.byKey.get(state.call.line)!;
    return {
      id: state.call.id,
      status: state.call.status,
      prompt: state.prompt,
      category: state.call.category,
      line: line === null ? null : { organisation: line.organisation, line: line.line },
      queuePosition: state.position,
      outcome: state.call.outcome,
      endedBy: state.call.endedBy,
    };
  };
  const tags = ['calls'];

  app.post(
    '/calls',
    { schema: { tags, summary: 'A call arrives: returns its id and the greeting/menu prompt', body: StartBody, response: { 201: CallSchema, ...errorResponses } } },
    async (request, reply) => {
      const state = await callFlow.start(request.body?.caller);
      request.log.info({ callId: state.call.id }, 'call started');
      return reply.code(201).send(view(state));
    },
  );

  app.get(
    '/calls/:id',
    { schema: { tags, summary: 'Where a call is now', params: CallParams, response: { 200: CallSchema, ...errorResponses } } },
    async (request) => view(await callFlow.get(request.params.id)),
  );

  app.post(
    '/calls/:id/digits',
    {
      schema: {
        tags,
        summary: 'Keys pressed: the next prompt, or the routing decision (line, queued, busy, closed)',
        params: CallParams,
        body: DigitsBody,
        response: { 200: CallSchema, ...errorResponses },
      },
    },
    // a promise chain, not an async function: on the routing hot path every async frame allocates
    (request) =>
      callFlow.digits(request.params.id, request.body.digits).then((state) => {
        request.log.info({ callId: state.call.id, status: state.call.status, outcome: state.call.outcome }, 'digits');
        return view(state);
      }),
  );

  app.post(
    '/calls/:id/answer',
    { schema: { tags, summary: 'The line picks up a ringing call', params: CallParams, response: { 200: CallSchema, ...errorResponses } } },
    async (request) => {
      const state = await callFlow.answer(request.params.id);
      request.log.info({ callId: state.call.id }, 'answered');
      return view(state);
    },
  );

  app.post(
    '/calls/:id/end',
    {
      schema: {
        tags,
        summary: 'Caller hangs up or the call completes: records the outcome and frees the line',
        params: CallParams,
        response: { 200: CallSchema, ...errorResponses },
      },
    },
    async (request) => {
      const state = await callFlow.end(request.params.id);
      request.log.info({ callId: state.call.id, outcome: state.call.outcome }, 'call ended');
      return view(state);
    },
  );
};
