/**
 * Reading scenario files: the I/O layer around the pure `parseScenario`.
 *
 * `loadScenarioFile` reads the JSON, validates it, and inlines the CSV arrival sources
 * (`arrivals.csv`) so that the returned Scenario is self-contained: the simulator and the
 * routing core never touch the file system. Every failure is a `ScenarioFileError`: one line,
 * `<file>: <field path>: <reason>`, printed by the CLI with exit code 2, with all issues kept
 * on `issues` for callers that list them (the HTTP API).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Scenario } from '../../core/scenario/schema.ts';
import { formatPath, parseScenario, ScenarioValidationError, zodIssues } from '../../core/scenario/validate.ts';
import type { ScenarioIssue } from '../../core/scenario/issue.ts';
import { applyChanges, VariantSchema } from '../../core/scenario/variant.ts';
import { csvColumn, INTERVAL_COUNTS, parseNonNegative, type CellReader } from './csv-column.ts';
import { InputError } from './input-error.ts';

/**
 * A scenario file that cannot be used. `issues` is never empty; an issue with an empty path is
 * about the file as a whole (unreadable, not JSON).
 */
export class ScenarioFileError extends InputError {
  readonly file: string;
  readonly issues: readonly ScenarioIssue[];
  constructor(file: string, issues: readonly ScenarioIssue[], cause?: unknown) {
    super(summarise(file, issues), issues[0]?.path ?? [], cause === undefined ? undefined : { cause });
    this.name = 'ScenarioFileError';
    this.file = file;
    this.issues = issues;
  }
}

function summarise(file: string, issues: readonly ScenarioIssue[]): string {
  const first = issues[0];
  if (first === undefined) return `${file}: invalid scenario`;
  const where = first.path.length === 0 ? '' : `${formatPath(first.path)}: `;
  const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
  return oneLine(`${file}: ${where}${first.message}${more}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function fail(file: string, path: ScenarioIssue['path'], message: string, cause?: unknown): never {
  throw new ScenarioFileError(file, [{ path, message }], cause);
}

/**
 * Read, validate and resolve a scenario file — or a variant file (`base` + `changes`), whose
 * base is loaded (relative to the variant) and changed. Relative CSV paths are taken from the
 * folder of the file that names them.
 */
export async function loadScenarioFile(file: string, seen: ReadonlySet<string> = new Set()): Promise<Scenario> {
  const json = await readJsonFile(file);
  if (isVariantJson(json)) return loadVariant(file, json, seen);
  return resolveCsvSources(validatedIn(file, () => parseScenario(json)), file);
}

/** `build`'s scenario; a validation error becomes a ScenarioFileError about `file`. */
function validatedIn(file: string, build: () => Scenario): Scenario {
  try {
    return build();
  } catch (error) {
    if (error instanceof ScenarioValidationError) throw new ScenarioFileError(file, error.issues, error);
    throw error;
  }
}

export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    fail(file, [], `cannot read: ${fsReason(error)}`, error);
  }
  return parseJson(file, text);
}

function isVariantJson(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && Object.hasOwn(json, 'base') && Object.hasOwn(json, 'changes');
}

async function loadVariant(file: string, json: unknown, seen: ReadonlySet<string>): Promise<Scenario> {
  const parsed = VariantSchema.safeParse(json);
  if (!parsed.success) throw new ScenarioFileError(file, zodIssues(parsed.error));
  const variant = parsed.data;
  const resolved = path.resolve(file);
  if (seen.has(resolved)) fail(file, ['base'], 'variants refer to each other in a circle');
  const base = await loadScenarioFile(path.join(path.dirname(file), variant.base), new Set([...seen, resolved]));
  // a change may point arrivals.csv at a file: read it relative to the variant file
  const scenario = validatedIn(file, () => applyChanges(base, variant.changes, variant.name, { fileReferences: 'keep' }));
  return resolveCsvSources({ ...scenario, notes: [...base.notes, ...variant.notes] }, file);
}

/** "ENOENT: no such file or directory", without the repeated path Node appends. */
function fsReason(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error.message.replace(/, \w+ '.*'$/, '');
    return code !== undefined && !message.startsWith(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}

// ---------------------------------------------------------------------------------------------
// JSON

function parseJson(file: string, text: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    // Node 20's JSON.parse often names no position; jsonc-parser (VS Code's) says where and why
    const found = jsonSyntaxError(body);
    if (found === undefined) fail(file, [], `invalid JSON: ${error instanceof Error ? error.message : String(error)}`, error);
    const { line, column } = lineAndColumn(body, found.offset);
    fail(file, [], `invalid JSON at line ${line}, column ${column}: ${found.reason}`, error);
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** By jsonc-parser's error names (its codes are a const enum, not importable here). */
const JSON_ERRORS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after the property name',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'invalid number',
  InvalidUnicode: 'bad \\u escape in string',
  InvalidEscapeCharacter: 'bad escape in string',
  InvalidCharacter: 'control character (such as a line break) inside a string',
};

/** Where strict JSON first goes wrong, and why; undefined if the parser finds nothing. */
export function jsonSyntaxError(text: string): { offset: number; reason: string } | undefined {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first === undefined) return undefined;
  const code = printParseErrorCode(first.error);
  const reason = JSON_ERRORS[code] ?? code;
  const found = first.offset >= text.length ? 'end of file' : JSON.stringify(text[first.offset]);
  if (code === 'InvalidSymbol') return { offset: first.offset, reason: `${reason} ${found}` };
  return { offset: first.offset, reason: reason.startsWith('expected') ? `${reason}, found ${found}` : reason };
}

// ---------------------------------------------------------------------------------------------
// CSV arrival sources

type CsvSource = { file: string; column?: string | undefined };

/**
 * Replace `arrivals.csv` by inline `counts` (intervalCounts) or `times` (trace, sorted). Trace
 * cells are seconds from the horizon start, or local date-times read on the same clock as
 * `horizon.start` (no time-zone conversion).
 */
async function resolveCsvSources(scenario: Scenario, file: string): Promise<Scenario> {
  const a = scenario.arrivals;
  if (a.type === 'volume' || a.csv === undefined) return scenario;
  const { csv, ...rest } = a;
  if (rest.type === 'intervalCounts') {
    const counts = await readCsvColumn(file, csv, INTERVAL_COUNTS);
    return checkInlined({ ...scenario, arrivals: { ...rest, counts } }, file);
  }
  const times = await readCsvColumn(file, csv, traceTimes(file, scenario.horizon.start));
  times.sort((x, y) => x - y);
  return checkInlined({ ...scenario, arrivals: { ...rest, times } }, file);
}

/** Trace cells: seconds from the horizon start, or local date-times on the clock of `horizonStart`. */
function traceTimes(file: string, horizonStart: string): CellReader {
  const start = parseLocalDateTime(horizonStart);
  if (start === undefined) fail(file, ['horizon', 'start'], `not a real date-time "${horizonStart}"`);
  return {
    what: 'seconds ≥ 0 or a local date-time YYYY-MM-DDTHH:MM[:SS]',
    detect: (cell) => parseNonNegative(cell) !== undefined || parseLocalDateTime(cell) !== undefined,
    convert: (cell) => {
      const seconds = parseNonNegative(cell);
      if (seconds !== undefined) return seconds;
      const at = parseLocalDateTime(cell);
      if (at === undefined) return undefined;
      return at >= start ? at - start : `is before horizon.start ${horizonStart}`;
    },
  };
}

/** The scenario with its CSV rows inline, checked again: the rows count against the limits too. */
function checkInlined(scenario: Scenario, file: string): Scenario {
  try {
    return parseScenario(scenario);
  } catch (error) {
    if (!(error instanceof ScenarioValidationError)) throw error;
    // the rows came from arrivals.csv: say so, not arrivals.counts
    const issues = error.issues.map((i) => (i.path[0] === 'arrivals' ? { path: ['arrivals', 'csv'], message: i.message } : i));
    throw new ScenarioFileError(file, issues, error);
  }
}

/** One column of the CSV file `source` names (see csv-column.ts); its errors are about arrivals.csv of `file`. */
async function readCsvColumn(file: string, source: CsvSource, reader: CellReader): Promise<number[]> {
  const csvPath = path.isAbsolute(source.file) ? source.file : path.join(path.dirname(file), source.file);
  let text: string;
  try {
    text = await readFile(csvPath, 'utf8');
  } catch (error) {
    fail(file, ['arrivals', 'csv', 'file'], `cannot read ${csvPath}: ${fsReason(error)}`, error);
  }
  try {
    return csvColumn(csvPath, text, source.column, reader);
  } catch (error) {
    if (error instanceof InputError) fail(file, ['arrivals', 'csv', ...error.path], error.message, error);
    throw error;
  }
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/;

/**
 * Seconds since 1970-01-01T00:00 of a local date-time, read on a clock without zone or clock
 * changes (differences between two such values are what the horizon needs). Undefined unless it
 * is a real calendar date and time of day (no 2022-02-30, no 24:00).
 */
export function parseLocalDateTime(text: string): number | undefined {
  const m = LOCAL_DATE_TIME.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((p) => (p === undefined ? 0 : Number(p))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(ms);
  const real =
    d.getUTCFullYear() === year &&
    d.getUTCMonth() === month - 1 &&
    d.getUTCDate() === day &&
    d.getUTCHours() === hour &&
    d.getUTCMinutes() === minute &&
    d.getUTCSeconds() === second;
  if (!real) return undefined;
  return ms / 1000 + (m[7] === undefined ? 0 : Number(m[7]));
}
