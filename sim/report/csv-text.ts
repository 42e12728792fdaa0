/**
 * The one way this project writes CSV: csv-stringify with a UTF-8 byte-order mark (spreadsheet
 * programs then read the Japanese labels correctly), and every text cell that a spreadsheet
 * would run as a formula neutralised (OWASP "CSV injection": a leading single quote). Numbers
 * are left as numbers, so a negative number stays a number.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean;

/** First characters that make a spreadsheet read a cell as a formula (or split it into one). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as a spreadsheet must show it: prefixed with ' if it would start a formula. */
export function textCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvText(rows: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  return stringify(rows as CsvCell[][], { bom: true, cast: { string: textCell } });
}
