/**
 * Shapes the API answers with, shared by the plugins. Request shapes live with their routes.
 * Types come from these schemas; OpenAPI is generated from them.
 */
import { z } from 'zod';
import { OUTCOMES } from '../../core/scenario/schema.ts';
import { LabelSchema } from '../../core/scenario/schema.ts';
import { CALL_STATUSES, ENDED_BY } from '../live/call-record.ts';

export const IssueSchema = z.object({
  path: z.string().describe('field path such as menu.options[0], or (root)'),
  message: z.string(),
});

export const ErrorSchema = z
  .object({ error: z.string(), issues: z.array(IssueSchema).optional() })
  .meta({ id: 'Error' });

export const PromptSchema = z.object({
  greeting: z.boolean().describe('play the greeting or sub-menu introduction first'),
  repeat: z.boolean().describe('replayed after an invalid press'),
  options: z.array(z.object({ digit: z.string(), label: LabelSchema })),
});

export const CallSchema = z
  .object({
    id: z.string(),
    status: z.enum(CALL_STATUSES),
    prompt: PromptSchema.nullable().describe('menu to play while the caller is in the menu'),
    category: z.string().nullable(),
    line: z
      .object({ organisation: z.string(), line: z.string() })
      .nullable()
      .describe('the line ringing or talking'),
    queuePosition: z.number().int().positive().nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    endedBy: z
      .enum(ENDED_BY)
      .nullable()
      .describe("set when the service's timeout ('timeout') or staff releasing the line ('staff') ended the call"),
  })
  .meta({ id: 'Call' });

export type CallResponse = z.infer<typeof CallSchema>;
export type ErrorResponse = z.infer<typeof ErrorSchema>;
/** 503: the shared store is unreachable or stalled, or the active-call cap is reached (with Retry-After). */
export const errorResponses = { 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 429: ErrorSchema, 503: ErrorSchema } as const;
