/**
 * The planner's edits to a scenario JSON, as pure functions returning a new object: menu
 * order, lines per pool block, organisation hours. Each editable field has the field path the
 * API uses in its 400 answers (positional, as zod reports it), so errors land on the field.
 */
import type { ScenarioJson } from './api.ts';

interface Label {
  ja: string;
  en: string;
}

export interface MenuOptionView {
  digit: string;
  label: Label;
}

export interface LineBlockView {
  organisation: string;
  /** A number, or the text typed when it is not one (the API then says why). */
  count: unknown;
  path: string;
}

export interface PoolView {
  id: string;
  label: Label | undefined;
  blocks: LineBlockView[];
}

export interface ShiftView {
  days: string[] | undefined;
  from: unknown;
  to: unknown;
  path: string;
}

export interface OrganisationView {
  id: string;
  name: Label;
  /** undefined: staffed 24 hours every day. */
  shifts: ShiftView[] | undefined;
}

type Json = Record<string, unknown>;
const list = (x: unknown): Json[] => (Array.isArray(x) ? (x as Json[]) : []);

export function menuOptions(s: ScenarioJson): MenuOptionView[] {
  return list((s.menu as Json | undefined)?.options).map((o) => ({ digit: String(o.digit), label: o.label as Label }));
}

/**
 * Moves the option at `from` to `to`. Each position keeps its digit, as in the CLI's
 * reorderMenu: the option moved first is now "press 1".
 */
export function moveOption(s: ScenarioJson, from: number, to: number): ScenarioJson {
  const menu = s.menu as Json;
  const options = list(menu.options);
  if (from === to || to < 0 || to >= options.length) return s;
  const digits = options.map((o) => o.digit);
  const moved = [...options];
  const [option] = moved.splice(from, 1);
  moved.splice(to, 0, option!);
  return { ...s, menu: { ...menu, options: moved.map((o, i) => ({ ...o, digit: digits[i] })) } };
}

export function pools(s: ScenarioJson): PoolView[] {
  return list(s.pools).map((p, i) => ({
    id: String(p.id),
    label: p.label as Label | undefined,
    blocks: list(p.lines).map((b, j) => ({ organisation: String(b.organisation), count: b.count, path: `pools[${i}].lines[${j}].count` })),
  }));
}

/** `text` as typed: a whole number is stored as one, anything else as the text so the API names the problem. */
export function setLineCount(s: ScenarioJson, pool: number, block: number, text: string): ScenarioJson {
  const value = /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
  const next = list(s.pools).map((p, i) =>
    i !== pool ? p : { ...p, lines: list(p.lines).map((b, j) => (j === block ? { ...b, count: value } : b)) },
  );
  return { ...s, pools: next };
}

export function organisations(s: ScenarioJson): OrganisationView[] {
  return list(s.organisations).map((o, i) => ({
    id: String(o.id),
    name: o.name as Label,
    shifts: Array.isArray(o.schedule)
      ? list(o.schedule).map((sh, j) => ({ days: sh.days as string[] | undefined, from: sh.from, to: sh.to, path: `organisations[${i}].schedule[${j}]` }))
      : undefined,
  }));
}

export function setShiftTime(s: ScenarioJson, org: number, shift: number, field: 'from' | 'to', text: string): ScenarioJson {
  const next = list(s.organisations).map((o, i) =>
    i !== org ? o : { ...o, schedule: list(o.schedule).map((sh, j) => (j === shift ? { ...sh, [field]: text } : sh)) },
  );
  return { ...s, organisations: next };
}

/** The sweep setting for one pool block, as the CLI writes it. */
export function lineSweepSetting(s: ScenarioJson, pool: number, block: number, from: number, to: number): string {
  return `pools[id=${pools(s)[pool]!.id}].lines[${block}].count=${from}..${to}`;
}
