/** Staffed hours per organisation (from – to of each shift); organisations without a schedule are staffed around the clock. */
import { inLang, type Lang } from '../shared/i18n.ts';
import type { OrganisationView } from './edits.ts';
import { FieldError, type FieldIssues } from './issues.tsx';
import { t } from './text.ts';

export function HoursEditor(props: {
  organisations: OrganisationView[];
  lang: Lang;
  issues: FieldIssues;
  onChange: (org: number, shift: number, field: 'from' | 'to', text: string) => void;
}) {
  const { organisations, lang, issues, onChange } = props;
  return (
    <section class="panel">
      <h2>{t(lang, 'hours')}</h2>
      <table class="edit-table">
        <tbody>
          {organisations.map((o, i) => (
            <tr>
              <td>{inLang(o.name, lang).main}</td>
              <td>
                {o.shifts === undefined ? (
                  <span class="muted">{t(lang, 'allDay')}</span>
                ) : (
                  o.shifts.map((s, j) => (
                    <div class="shift">
                      <input type="text" class="time-input" value={String(s.from)} aria-label={`${o.id} from`} data-path={`${s.path}.from`} onInput={(e) => onChange(i, j, 'from', e.currentTarget.value)} />
                      –
                      <input type="text" class="time-input" value={String(s.to)} aria-label={`${o.id} to`} data-path={`${s.path}.to`} onInput={(e) => onChange(i, j, 'to', e.currentTarget.value)} />
                      <span class="muted days">{s.days && s.days.length < 7 ? s.days.join(' ') : t(lang, 'everyDay')}</span>
                      <FieldError issues={issues} path={s.path} />
                    </div>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
