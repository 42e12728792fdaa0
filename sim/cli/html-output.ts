/**
 * `--html <file>`: writes a self-contained report page. The ECharts library is read from
 * node_modules here (the page builders in sim/report/html/ do no I/O) and inlined.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { renderPage, type Page } from '../report/html/page.ts';

let echartsSource: Promise<string> | undefined;

/** The minified ECharts bundle, read once per process. */
export function echartsJs(): Promise<string> {
  echartsSource ??= readFile(createRequire(import.meta.url).resolve('echarts/dist/echarts.min'), 'utf8');
  return echartsSource;
}

export async function writeHtmlPage(file: string, page: Page): Promise<void> {
  await writeFile(file, renderPage(page, await echartsJs()));
}
