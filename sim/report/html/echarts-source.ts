/**
 * The minified ECharts bundle that report pages inline, read from node_modules once per
 * process. Kept apart from the page builders in this folder, which do no I/O; used by the
 * CLI's --html and the planner API's HTML downloads.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

let echartsSource: Promise<string> | undefined;

export function echartsJs(): Promise<string> {
  echartsSource ??= readFile(createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'), 'utf8');
  return echartsSource;
}
