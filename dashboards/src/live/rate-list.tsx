/**
 * Answer rate per category now (last 15 minutes) as horizontal bars with the operator's
 * target marked; a bar below target turns red, so a category in trouble stands out at a
 * glance. HTML rather than a chart: crisp text at any size and readable by screen readers.
 */
import { percent } from '../../../sim/report/format.ts';
import { categoryColour } from '../../../sim/report/html/palette.ts';
import { inLang, type Lang } from '../shared/i18n.ts';
import type { Named } from './charts.ts';
import type { LiveSnapshot } from './feed.ts';
import { t } from './text.ts';

export function RateList({ snap, categories, lang, target }: { snap: LiveSnapshot; categories: Named[]; lang: Lang; target: number }) {
  return (
    <ul class="rate-list">
      {categories.map((c, i) => {
        const live = snap.categories.find((x) => x.category === c.id);
        const now = live?.windows.last15m;
        const today = live?.windows.today;
        const rate = now?.answerRate ?? null;
        const below = rate !== null && rate < target;
        const name = inLang(c.label, lang);
        return (
          <li
            class={below ? 'below' : ''}
            data-testid="rate-row"
            data-category={c.id}
            data-rate={rate ?? ''}
            data-today-attempts={today?.attempts ?? 0}
            data-today-answered={today?.answered ?? 0}
            data-waiting={live?.waiting ?? 0}
          >
            <div class="rate-name">
              <span class="swatch" style={{ background: categoryColour(i) }} aria-hidden="true" />
              <span>
                {name.main}
                {name.other && <small>{name.other}</small>}
              </span>
            </div>
            <div class="rate-bar" aria-hidden="true">
              <div class="fill" style={{ width: `${(rate ?? 0) * 100}%`, background: below ? undefined : categoryColour(i) }} />
              <div class="target-mark" style={{ left: `${target * 100}%` }} />
            </div>
            <div class="rate-value">
              {rate === null ? <span class="muted">{t(lang, 'noAttempts')}</span> : percent(rate)}
              {below && <small class="warn">▼ {t(lang, 'belowTarget')}</small>}
            </div>
            <div class="rate-detail">
              {t(lang, 'todayShort')} <b>{today?.answered ?? 0}</b> / {today?.attempts ?? 0}
              {(live?.waiting ?? 0) > 0 && (
                <span class="waiting-badge">
                  {t(lang, 'waitingShort')} {live!.waiting}
                </span>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
