/** Lines per pool, one number per organisation's block of lines, each with the API's error beside it. */
import { inLang, type Label, type Lang } from '../shared/i18n.ts';
import type { PoolView } from './edits.ts';
import { FieldError, type FieldIssues } from './issues.tsx';
import { t } from './text.ts';

export function LinesEditor(props: {
  pools: PoolView[];
  orgNames: ReadonlyMap<string, Label>;
  lang: Lang;
  issues: FieldIssues;
  onChange: (pool: number, block: number, text: string) => void;
}) {
  const { pools, orgNames, lang, issues, onChange } = props;
  return (
    <section class="panel">
      <h2>{t(lang, 'lines')}</h2>
      <table class="edit-table">
        <thead>
          <tr>
            <th>{t(lang, 'pool')}</th>
            <th>{t(lang, 'organisation')}</th>
            <th class="r">{t(lang, 'count')}</th>
          </tr>
        </thead>
        <tbody>
          {pools.flatMap((p, i) =>
            p.blocks.map((b, j) => {
              const org = orgNames.get(b.organisation);
              return (
                <tr>
                  {j === 0 && <td rowSpan={p.blocks.length}>{p.label ? inLang(p.label, lang).main : p.id}</td>}
                  <td>{org ? inLang(org, lang).main : b.organisation}</td>
                  <td class="r">
                    <input
                      type="text"
                      inputMode="numeric"
                      class="count-input"
                      value={String(b.count)}
                      aria-label={`${p.id} ${b.organisation}`}
                      data-testid="line-count"
                      data-path={b.path}
                      onInput={(e) => onChange(i, j, e.currentTarget.value)}
                    />
                    <FieldError issues={issues} path={b.path} />
                  </td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </section>
  );
}
