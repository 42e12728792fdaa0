/** The shape of one change to a scenario, shared by variants and assumptions' alternatives. */
import { z } from 'zod';
import { ScenarioPathSchema } from './path.ts';
import { SCENARIO_LIMITS as MAX } from './limits.ts';
import { BoundedJsonSchema } from './json-shape.ts';

export const ChangeSchema = z.union([
  z.object({ set: ScenarioPathSchema, value: BoundedJsonSchema }).strict(),
  z.object({ add: ScenarioPathSchema.describe('a list: the value is appended to it'), value: BoundedJsonSchema }).strict(),
  z
    .object({
      reorderMenu: z
        .object({
          menu: z.array(z.string().max(1)).max(MAX.menuDepth).default([]).describe('digits leading to a sub-menu; the top menu if empty'),
          order: z.array(z.string().max(1)).min(1).max(MAX.menuOptions).describe('current digits in their new order; each position keeps its digit'),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      moveLines: z
        .object({
          from: z.string().max(MAX.idLength),
          to: z.string().max(MAX.idLength),
          count: z.number().int().positive().max(MAX.linesTotal),
          organisation: z.string().max(MAX.idLength).optional().describe("whose lines; the source pool's last entries first if absent"),
        })
        .strict(),
    })
    .strict(),
]);

export type Change = z.infer<typeof ChangeSchema>;

