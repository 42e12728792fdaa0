/**
 * The headline of a finished run as a table: answer rate per category with its 95 % CI, and
 * for a comparison the paired difference and whether it is significant. Formatted by the
 * report pages' own functions (sim/report/format.ts, html/labels.ts).
 */
import type { Comparison } from '../../../sim/experiments/compare.ts';
import { OVERALL_LABEL } from '../../../sim/report/html/labels.ts';
import { count, pointsWithCi, rateWithCi } from '../../../sim/report/format.ts';
import type { Report } from '../../../sim/report/report.ts';
import { categoryColour } from '../../../sim/report/html/palette.ts';
import { inLang, type Label, type Lang } from '../shared/i18n.ts';
import { t } from './text.ts';

function Name({ label, lang, colour }: { label: Label; lang: Lang; colour: string | undefined }) {
  const name = inLang(label, lang);
  return (
    <td>
      {colour && <span class="swatch" style={{ background: colour }} aria-hidden="true" />}
      {name.main}
      {name.other && <small class="other">{name.other}</small>}
    </td>
  );
}

export function CompareTable({ result, lang }: { result: Comparison; lang: Lang }) {
  const variant = result.variants[0]!;
  return (
    <table data-testid="result-table">
      <thead>
        <tr>
          <th>{t(lang, 'category')}</th>
          <th class="r">
            {t(lang, 'current')} — {t(lang, 'answerRate')}
          </th>
          <th class="r">
            {t(lang, 'editedPlan')} — {t(lang, 'answerRate')}
          </th>
          <th class="r">{t(lang, 'difference')}</th>
        </tr>
      </thead>
      <tbody>
        {variant.groups.map((g, i) => {
          const f = g.figures.answerRate;
          const overall = g.id === 'overall' && !(g.id in result.base.categories);
          return (
            <tr data-testid="result-row" data-category={g.id} class={f.significant ? 'significant' : ''}>
              <Name label={g.label} lang={lang} colour={overall ? undefined : categoryColour(i)} />
              <td class="r">{rateWithCi(f.base)}</td>
              <td class="r">{rateWithCi(f.variant)}</td>
              <td class="r">
                {pointsWithCi(f.difference)}
                {f.significant && <b class="sig"> {t(lang, 'significant')}</b>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function ReportTable({ result, lang }: { result: Report; lang: Lang }) {
  const rows: Array<[string, Label, Report['overall'], string | undefined]> = [
    ...Object.entries(result.categories).map(([id, c], i): [string, Label, Report['overall'], string | undefined] => [id, c.label, c, categoryColour(i)]),
    ['overall', OVERALL_LABEL, result.overall, undefined],
  ];
  return (
    <table data-testid="result-table">
      <thead>
        <tr>
          <th>{t(lang, 'category')}</th>
          <th class="r">{t(lang, 'attempts')}</th>
          <th class="r">{t(lang, 'answerRate')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([id, label, f, colour]) => (
          <tr data-testid="result-row" data-category={id}>
            <Name label={label} lang={lang} colour={colour} />
            <td class="r">{count(f.attempts)}</td>
            <td class="r">{rateWithCi(f.answerRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
