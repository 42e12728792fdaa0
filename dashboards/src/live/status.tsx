/** Whether the board is live, and if not, that it is reconnecting: stale numbers must never look current. */
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../shared/i18n.ts';
import { clockTime } from './charts.ts';
import type { FeedStatus } from './feed.ts';
import { t } from './text.ts';

export function ConnectionStatus({ status, at, lang, timeZone }: { status: FeedStatus; at: string | undefined; lang: Lang; timeZone: string | undefined }) {
  const [, tick] = useState(0);
  // the countdown to the next attempt moves even though no message arrives
  useEffect(() => {
    if (status.state !== 'closed') return;
    const timer = setInterval(() => tick((n) => n + 1), 250);
    return () => clearInterval(timer);
  }, [status]);

  let text: string;
  if (status.state === 'locked') {
    text = t(lang, 'locked');
  } else if (status.state === 'open') {
    text = `${t(lang, 'connected')}${at ? ` · ${t(lang, 'updated')} ${clockTime(Date.parse(at), lang, timeZone, true)}` : ''}`;
  } else if (status.state === 'connecting' && status.attempt === 1) {
    text = t(lang, 'connecting');
  } else {
    const seconds = status.state === 'closed' ? Math.max(0, Math.ceil((status.retryAt - Date.now()) / 1000)) : 0;
    text = `${t(lang, 'disconnected')}${seconds > 0 ? ` (${seconds}s)` : '…'}`;
  }
  const state =
    status.state === 'open' ? 'live' : status.state === 'locked' ? 'locked' : status.state === 'connecting' && status.attempt === 1 ? 'connecting' : 'disconnected';
  return (
    <div class={`status status-${state}`} role="status" aria-live="polite" data-testid="connection" data-state={state}>
      <span class="dot" aria-hidden="true" />
      {text}
    </div>
  );
}
