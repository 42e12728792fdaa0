/**
 * One column of numbers from CSV text: the reader behind `arrivals.csv` in scenario files and the
 * planner API's interval-count upload. The text may start with a header row (required when a
 * column is named; otherwise detected: a first row with a cell that is not data is a header);
 * without a named column the first column whose first data cell is data is read. Blank lines and
 * lines starting with "#" are skipped; cells are trimmed; a UTF-8 BOM is ignored. Rows in
 * messages are line numbers of the text, as an editor or spreadsheet shows them.
 *
 * Failures are InputErrors whose path is relative to the column request: `[]` for the text,
 * `['column']` for the named (or missing) column.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { InputError } from './input-error.ts';

export interface CellReader {
  /** What a valid cell is, for the error message. */
  what: string;
  /** Whether a cell looks like data (to tell a header row and the first data column). */
  detect: (cell: string) => boolean;
  /** The value of a cell; undefined if it is not `what`, or a more precise reason why not. */
  convert: (cell: string) => number | string | undefined;
}

export const INTERVAL_COUNTS: CellReader = {
  what: 'a non-negative integer',
  detect: (cell) => parseNonNegative(cell) !== undefined,
  convert: (cell) => {
    const x = parseNonNegative(cell);
    return x !== undefined && Number.isInteger(x) ? x : undefined;
  },
};

/** Interval counts from CSV text (`name` in messages: a file path, or "uploaded CSV"). */
export function intervalCountsFromCsv(name: string, text: string, column?: string): number[] {
  return csvColumn(name, text, column, INTERVAL_COUNTS);
}

interface CsvRow {
  record: string[];
  info: { lines: number };
}

/** The rows of a CSV text: a header row (if it has one) and the data rows. */
interface CsvTable {
  header: string[] | undefined;
  data: CsvRow[];
}

/** The cells of `column` (or of the first data column) of `text`, each read by `reader`. */
export function csvColumn(name: string, text: string, column: string | undefined, reader: CellReader): number[] {
  const table = splitHeader(name, parseCsvRows(name, text), column, reader);
  const index = columnIndex(name, table, column, reader);
  if (table.data.length === 0) noDataRows(name);
  const header = table.header?.[index];
  const columnName = header !== undefined && header !== '' ? JSON.stringify(header) : String(index + 1);
  return table.data.map(({ record, info }) => {
    const cell = record[index] ?? '';
    const x = reader.convert(cell);
    if (typeof x !== 'number') {
      const shown = cell === '' ? 'empty cell' : JSON.stringify(cell);
      throw new InputError(`${name} row ${info.lines}, column ${columnName}: ${shown} ${x ?? `is not ${reader.what}`}`);
    }
    return x;
  });
}

function parseCsvRows(name: string, text: string): CsvRow[] {
  try {
    return parseCsv(text, {
      bom: true,
      comment: '#',
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as CsvRow[];
  } catch (error) {
    throw new InputError(`${name}: ${error instanceof Error ? error.message : String(error)}`, [], { cause: error });
  }
}

/** A header row is required when a column is named; otherwise a first row with a cell that is not data is one. */
function splitHeader(name: string, rows: CsvRow[], column: string | undefined, reader: CellReader): CsvTable {
  const first = rows[0];
  if (first === undefined) noDataRows(name);
  const hasHeader = column !== undefined || !first.record.every(reader.detect);
  return hasHeader ? { header: first.record, data: rows.slice(1) } : { header: undefined, data: rows };
}

/** The column named `column`, else the first whose first data cell is data. */
function columnIndex(name: string, { header, data }: CsvTable, column: string | undefined, reader: CellReader): number {
  const columnList = (): string => (header === undefined ? 'none' : header.map((h) => JSON.stringify(h)).join(', '));
  if (column !== undefined) {
    const index = header?.indexOf(column) ?? -1;
    if (index < 0) throw new InputError(`column "${column}" not found in ${name} (columns: ${columnList()})`, ['column']);
    return index;
  }
  if (data.length === 0) noDataRows(name);
  const index = (data[0]?.record ?? []).findIndex(reader.detect);
  if (index < 0) throw new InputError(`no column of ${reader.what} in ${name} (columns: ${columnList()}); name one with "column"`, ['column']);
  return index;
}

function noDataRows(name: string): never {
  throw new InputError(`${name} has no data rows`);
}

const DECIMAL = /^(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A plain non-negative decimal (no sign, no hex, no Infinity), or undefined. */
export function parseNonNegative(cell: string): number | undefined {
  if (!DECIMAL.test(cell)) return undefined;
  const x = Number(cell);
  return Number.isFinite(x) ? x : undefined;
}
