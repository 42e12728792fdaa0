/**
 * `--html <file>`: writes a self-contained report page with the ECharts library inlined.
 */
import { writeFile } from 'node:fs/promises';
import { echartsJs } from '../sim/report/html/echarts-source.ts';
import { renderPage, type Page } from '../sim/report/html/page.ts';

export async function writeHtmlPage(file: string, page: Page): Promise<void> {
  await writeFile(file, renderPage(page, await echartsJs()));
}
