/**
 * A finished run: the headline table, downloads (JSON, CSV, HTML), and the run's HTML report
 * inline, which is the report pages' own charts (answer rates with 95 % CI bars, differences,
 * sweep curves, allocations) and tables, exactly as downloaded.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Comparison } from '../../../sim/experiments/compare.ts';
import type { Report } from '../../../sim/report/report.ts';
import type { Lang } from '../shared/i18n.ts';
import type { PlannerApi, ResultFormat, RunRecord } from './api.ts';
import { CompareTable, ReportTable } from './result-table.tsx';
import { t } from './text.ts';

async function download(api: PlannerApi, run: RunRecord, format: ResultFormat): Promise<void> {
  const url = URL.createObjectURL(await api.result(run.id, format));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${run.kind}-${run.id}.${format}`;
  a.click();
  // revoke only after the browser has taken the download
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function Results({ api, run, lang, onError }: { api: PlannerApi; run: RunRecord; lang: Lang; onError: (error: unknown) => void }) {
  const [json, setJson] = useState<unknown>();
  const [html, setHtml] = useState<string>();
  useEffect(() => {
    setJson(undefined);
    setHtml(undefined);
    api.result(run.id, 'json').then((b) => b.text()).then((text) => setJson(JSON.parse(text))).catch(onError);
    api.result(run.id, 'html').then((b) => b.text()).then(setHtml).catch(onError);
  }, [run.id]);

  return (
    <section class="panel results" data-testid="results">
      <div class="panel-head">
        <h2>{t(lang, 'results')}</h2>
        <div class="downloads">
          {t(lang, 'download')}:
          {(['csv', 'json', 'html'] as const).map((f) => (
            <button type="button" class="secondary" onClick={() => download(api, run, f).catch(onError)} data-testid={`download-${f}`}>
              {f.toUpperCase()}
            </button>
          ))}
        </div>
      </div>
      {json !== undefined && run.kind === 'compare' && <CompareTable result={json as Comparison} lang={lang} />}
      {json !== undefined && run.kind === 'replications' && <ReportTable result={json as Report} lang={lang} />}
      {html !== undefined && (
        <>
          <h3>{t(lang, 'report')}</h3>
          {/* scripts run, but the report gets no access to this page or its key */}
          <iframe class="report-frame" sandbox="allow-scripts" srcdoc={html} title={t(lang, 'report')} data-testid="report-frame" />
        </>
      )}
    </section>
  );
}
