/**
 * The call-flow routes validate with Ajv code compiled from their zod schemas, and hand what it
 * accepts on unchanged; that is only right if zod accepts the same values and would not have
 * changed them. Random values near and far from valid ones check it, schema by schema.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { compiledValidator, compiledValidatorCompiler } from '../../src/server/compiled-validation.ts';
import { CallParams, DigitsBody, StartBody } from '../../src/server/plugins/calls.ts';

const keys = fc.constantFrom(...'0123456789*#abAB -+'.split(''));
const nearDigits = fc.string({ unit: keys, maxLength: 20 });
const nearUuid = fc.oneof(
  fc.uuid(),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid().map((u) => u.slice(1)),
  fc.uuid().map((u) => `${u}0`),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefg-'.split('')), minLength: 30, maxLength: 40 }),
);
const nearPhone = fc.string({ unit: fc.constantFrom(...'+0123456789 -x'.split('')), maxLength: 34 });
const anything = fc.anything({ maxDepth: 2 });

/**
 * The route's validator gives zod's answer for every value: the same value when zod accepts,
 * an error when zod rejects. The compiled check may only be stricter (a value it rejects goes
 * on to zod), never looser: what it accepts, zod accepts unchanged.
 */
function agrees(schema: z.ZodType, values: fc.Arbitrary<unknown>): void {
  const fast = compiledValidator(schema);
  const validate = compiledValidatorCompiler({ schema, method: 'POST', url: '/', httpPart: 'body' });
  fc.assert(
    fc.property(values, (value) => {
      const parsed = schema.safeParse(value);
      // `true`: Fastify keeps the value as it is
      const result = validate(value) as true | { value?: unknown; error?: Error };
      const { value: accepted, error } = result === true ? { value, error: undefined } : result;
      if (parsed.success) {
        expect(error).toBeUndefined();
        expect(accepted).toEqual(parsed.data);
      } else {
        expect(error).toBeInstanceOf(Error);
      }
      if (fast(value)) expect(parsed.success && parsed.data).toEqual(value);
    }),
    { numRuns: 3000 },
  );
}

describe('compiled validation agrees with zod', () => {
  it('takes the compiled path for the requests the front end sends', () => {
    expect(compiledValidator(DigitsBody)({ digits: '1' })).toBe(true);
    expect(compiledValidator(CallParams)({ id: '306cb83f-d24a-4591-9e80-de65d1b4c0fb' })).toBe(true);
    expect(compiledValidator(StartBody)({ caller: '+81 3-1234-5678' })).toBe(true);
  });

  it('on call ids (params)', () => {
    agrees(CallParams, fc.oneof(fc.record({ id: nearUuid }), fc.record({ id: nearUuid, extra: fc.string() }), anything));
  });

  it('on digits bodies', () => {
    agrees(DigitsBody, fc.oneof(fc.record({ digits: nearDigits }), fc.record({ digits: anything }), fc.record({ digits: nearDigits, more: anything }), anything));
  });

  it('on call-start bodies', () => {
    agrees(StartBody, fc.oneof(fc.record({ caller: nearPhone }, { requiredKeys: [] }), fc.record({ caller: nearPhone, x: anything }), fc.constant(null), anything));
  });
});
