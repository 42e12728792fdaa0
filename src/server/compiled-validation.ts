/**
 * Validation for the call-flow routes, the service's hot path: the route's zod schema compiled to
 * code by Ajv (through JSON Schema) answers "valid" several times faster than zod's parser.
 * Whatever Ajv rejects is parsed again by zod, so every 400 is zod's, with the same paths and messages.
 *
 * Only for schemas whose zod output equals their input (strict objects; no defaults, transforms
 * or coercion): on "valid" the input is handed on as it is. The tests check, for each schema it
 * is used with, that whatever Ajv accepts zod accepts unchanged (Ajv may only be stricter: what
 * it rejects goes on to zod), and that the route's validator always gives zod's answer.
 */
import { Ajv } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { zodValidatorCompiler } from './errors.ts';

// formats are not checked by Ajv: zod writes each format's own regex into `pattern` as well
const ajv = new Ajv({ validateFormats: false, allErrors: false, strict: false });

/** The compiled check of `schema`: true when the value is valid (no error report). */
export function compiledValidator(schema: z.ZodType): (data: unknown) => boolean {
  return ajv.compile(z.toJSONSchema(schema, { target: 'draft-07', io: 'input', unrepresentable: 'throw' }));
}

/** The route's validator: the compiled check, then zod for anything it rejects. */
export const compiledValidatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const valid = compiledValidator(route.schema);
  const withZod = zodValidatorCompiler(route);
  // `true` tells Fastify the value is valid as it is (no result object to allocate per request)
  return (data) => valid(data) || withZod(data);
};
