/**
 * Colours shared by every chart of a page: one colour per category (by its position in the
 * scenario, so a category keeps its colour across charts and pages of the same scenario),
 * one per outcome, one per organisation and one per compared scenario.
 */
import type { Outcome } from '../../../core/scenario/schema.ts';

/** Colour-blind-safe qualitative palette (Okabe–Ito, then Tableau 10 for more). */
const QUALITATIVE = [
  '#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#7F7F7F', '#B8860B',
  '#4E79A7', '#F28E2B', '#59A14F', '#B07AA1', '#76B7B2', '#E15759', '#9C755F', '#EDC948',
] as const;

export function categoryColour(index: number): string {
  return QUALITATIVE[index % QUALITATIVE.length]!;
}

/** Organisations are not categories: start further along the palette so they read differently. */
export function organisationColour(index: number): string {
  return QUALITATIVE[(index + 8) % QUALITATIVE.length]!;
}

/** The overall figure, drawn beside categories. */
export const OVERALL_COLOUR = '#333333';

/** Base scenario first, then variants. */
const SCENARIOS = ['#8C8C8C', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'] as const;

export function scenarioColour(index: number): string {
  return SCENARIOS[index % SCENARIOS.length]!;
}

export const OUTCOME_COLOURS: Readonly<Record<Outcome, string>> = {
  answered: '#2E8B57',
  blocked: '#D62728',
  abandoned_in_queue: '#FF9F1C',
  hung_up_in_menu: '#9467BD',
  invalid_input: '#8C564B',
  closed: '#A0A0A0',
};

/** Heat map: light to dark blue for 0 → 100 %; grey for hours without attempts. */
export const HEAT_SCALE = ['#F7FBFF', '#C6DBEF', '#6BAED6', '#2171B5', '#08306B'] as const;
export const NO_DATA_COLOUR = '#E0E0E0';

export const FONT_FAMILY =
  "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', Meiryo, system-ui, sans-serif";
