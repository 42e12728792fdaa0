/** The live board: headline figures, answer rate per category now and through the day, lines per organisation, attempts in the last hour. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DashboardLabels } from '../../../src/server/plugins/dashboards.ts';
import { EChart } from '../shared/echart.tsx';
import type { Lang } from '../shared/i18n.ts';
import { LangSwitch } from '../shared/lang-switch.tsx';
import { API_KEY_STORAGE } from '../shared/ws-ticket.ts';
import { attemptsOption, clockTime, linesOption, rateOverDayOption, type Named } from './charts.ts';
import { connectFeed, liveUrl, type FeedStatus, type LiveSnapshot } from './feed.ts';
import { curve, emptyHistory, fetchHistory, recordSnapshot, withServerHistory, type RateHistory } from './history.ts';
import { KeyPrompt } from './key-prompt.tsx';
import { Kpis } from './kpis.tsx';
import { RateList } from './rate-list.tsx';
import { ConnectionStatus } from './status.tsx';
import { t } from './text.ts';
import { TargetInput, useTarget } from './target.tsx';

const DAY_CHART_HEIGHT = 270;

/** The key for live figures that are not public: the one this tab keeps (the planner's, or typed in the key prompt). */
const liveKey = () => sessionStorage.getItem(API_KEY_STORAGE) ?? undefined;

/** Until the labels arrive (or if they cannot), ids stand in for names. */
const byId = (id: string): Named => ({ id, label: { ja: id, en: id } });

export function Board({ lang, setLang }: { lang: Lang; setLang: (lang: Lang) => void }) {
  const [labels, setLabels] = useState<DashboardLabels | undefined>();
  const [snap, setSnap] = useState<LiveSnapshot | undefined>();
  const [status, setStatus] = useState<FeedStatus>({ state: 'connecting', attempt: 1 });
  const [history, setHistory] = useState<RateHistory>(emptyHistory);
  const [target, setTarget] = useTarget();
  const feed = useRef<ReturnType<typeof connectFeed> | undefined>(undefined);
  /** Times the feed has opened: the day's history is read again after every (re)connection. */
  const [opened, setOpened] = useState(0);

  useEffect(() => {
    fetch('/dashboards/labels')
      .then((r) => (r.ok ? (r.json() as Promise<DashboardLabels>) : undefined))
      .then((l) => {
        if (!l) return;
        setLabels(l);
        // the curve used to be kept in the browser; the service keeps the day now
        try {
          localStorage.removeItem(`helpline.rate-history.${l.scenario}`);
        } catch {
          // storage disabled: nothing to remove
        }
      })
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    const connection = connectFeed(
      liveUrl(location),
      {
        snapshot: (s) => {
          setSnap(s);
          setHistory((h) => recordSnapshot(h, s));
        },
        status: (s) => {
          setStatus(s);
          if (s.state === 'open') setOpened((n) => n + 1);
        },
      },
      // only asked for when live figures are not public; the planner's key, if this tab has one
      { key: liveKey },
    );
    feed.current = connection;
    return () => connection.stop();
  }, []);

  const submitKey = (key: string) => {
    sessionStorage.setItem(API_KEY_STORAGE, key);
    feed.current?.retry();
  };

  // the day from local midnight: once the first snapshot says which day it is (the feed is
  // open, so a non-public service has the key by then), on a new local date, and after every
  // reconnection (a gap while disconnected is filled in); without it, live points only
  const date = snap?.date;
  useEffect(() => {
    if (date === undefined) return;
    let current = true;
    void fetchHistory(liveKey()).then((server) => {
      if (current && server !== undefined) setHistory((h) => withServerHistory(h, server));
    });
    return () => {
      current = false;
    };
  }, [date, opened]);

  const ids = snap?.categories.map((c) => c.category).join(' ') ?? '';
  const categories = useMemo(() => labels?.categories ?? (ids ? ids.split(' ').map(byId) : []), [labels, ids]);
  const organisations = labels?.organisations ?? [];
  const points = useMemo(() => curve(history), [history]);
  const dayOption = useMemo(() => rateOverDayOption(points, categories, lang, target, labels?.timeZone), [points, categories, lang, target, labels]);
  const since = points[0] && clockTime(points[0].t, lang, labels?.timeZone);
  const dayNote = history.past.length > 0 ? t(lang, 'rateDaySlots') : since ? `${t(lang, 'rateDayNote')} ${since}` : t(lang, 'noHistory');

  return (
    <div class={`page live${status.state === 'open' ? '' : ' stale'}`}>
      <header class="top">
        <div class="brand">
          <h1>{t(lang, 'title')}</h1>
          <span class="sub">
            {t(lang, 'subtitle')}
            {labels && ` — ${labels.scenario}`}
          </span>
        </div>
        <ConnectionStatus status={status} at={snap?.at} lang={lang} timeZone={labels?.timeZone} />
        <nav>
          <a href="/planner">{t(lang, 'planner')} →</a>
        </nav>
        <LangSwitch lang={lang} onChange={setLang} />
      </header>
      {status.state === 'locked' && <KeyPrompt refused={status.refused} lang={lang} onSubmit={submitKey} />}
      {snap === undefined ? (
        status.state !== 'locked' && <p class="placeholder">{t(lang, 'connecting')}</p>
      ) : (
        <main class="board">
          <Kpis snap={snap} lang={lang} />
          <section class="panel rate-now">
            <div class="panel-head">
              <h2>{t(lang, 'rateNow')}</h2>
              <TargetInput value={target} onChange={setTarget} lang={lang} />
            </div>
            <RateList snap={snap} categories={categories} lang={lang} target={target} />
          </section>
          <section
            class="panel"
            data-testid="rate-day"
            data-history-points={history.past.length}
            data-history-rated={history.past.filter((p) => Object.values(p.rates).some((r) => r !== null)).length}
            data-points={points.length}
          >
            <div class="panel-head">
              <h2>{t(lang, 'rateDay')}</h2>
              <span class="note">{dayNote}</span>
            </div>
            {points.length < 2 ? <p class="placeholder" style={{ height: `${DAY_CHART_HEIGHT}px` }}>{t(lang, 'noHistory')}</p> : <EChart option={dayOption} height={DAY_CHART_HEIGHT} testId="chart-rate-day" />}
          </section>
          <section class="panel">
            <div class="panel-head">
              <h2>{t(lang, 'linesTitle')}</h2>
            </div>
            <EChart option={linesOption(snap, organisations, lang)} height={Math.max(180, 26 * snap.organisations.length + 44)} testId="chart-lines" />
          </section>
          <section class="panel">
            <div class="panel-head">
              <h2>{t(lang, 'attemptsTitle')}</h2>
            </div>
            <EChart option={attemptsOption(snap, categories, lang)} height={Math.max(180, 26 * categories.length + 44)} testId="chart-attempts" />
          </section>
        </main>
      )}
    </div>
  );
}
