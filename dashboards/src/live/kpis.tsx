/** The headline figures across the top of the board. */
import { percent } from '../../../sim/report/format.ts';
import type { Lang } from '../shared/i18n.ts';
import type { LiveSnapshot } from './feed.ts';
import { t } from './text.ts';

export function Kpis({ snap, lang }: { snap: LiveSnapshot; lang: Lang }) {
  const busy = snap.organisations.reduce((n, o) => n + o.busy, 0);
  const onDuty = snap.organisations.reduce((n, o) => n + o.onDuty, 0);
  const tiles: Array<[string, string, string]> = [
    ['kpi-rate-today', t(lang, 'rateToday'), percent(snap.total.today.answerRate)],
    ['kpi-answered-today', t(lang, 'answeredToday'), `${snap.total.today.answered.toLocaleString()} / ${snap.total.today.attempts.toLocaleString()}`],
    ['kpi-rate-15m', t(lang, 'rate15'), percent(snap.total.last15m.answerRate)],
    ['kpi-waiting', t(lang, 'waiting'), String(snap.waiting)],
    ['kpi-lines', t(lang, 'linesBusy'), `${busy} / ${onDuty}`],
  ];
  return (
    <section class="kpis">
      {tiles.map(([id, label, value]) => (
        <div class={`kpi${id === 'kpi-waiting' && snap.waiting > 0 ? ' alert' : ''}`} data-testid={id}>
          <div class="kpi-label">{label}</div>
          <div class="kpi-value">{value}</div>
        </div>
      ))}
    </section>
  );
}
