/** A run's status and progress (replications done of all); allocate and calibrate decide their total as they go. */
import type { Lang } from '../shared/i18n.ts';
import type { RunRecord } from './api.ts';
import type { RunFeedMode } from './run-feed.ts';
import { t } from './text.ts';

/** `feed`: how progress arrives (pushed on the socket, or polled), for tests and the curious (data-feed). */
export function RunProgress({ run, feed, lang, onCancel }: { run: RunRecord; feed: RunFeedMode | undefined; lang: Lang; onCancel: () => void }) {
  const { done, total } = run.progress;
  const active = run.status === 'queued' || run.status === 'running';
  const share = total ? done / total : null;
  return (
    <div class={`progress status-${run.status}`} data-testid="run-progress" data-status={run.status} data-feed={feed}>
      <span class="progress-status">{t(lang, `status_${run.status}`)}</span>
      <div class={`bar${share === null && active ? ' indeterminate' : ''}`} role="progressbar" aria-valuemin={0} aria-valuemax={total ?? undefined} aria-valuenow={done}>
        <div class="fill" style={{ width: `${(run.status === 'succeeded' ? 1 : share ?? 0) * 100}%` }} />
      </div>
      <span class="muted">
        {done}
        {total ? ` / ${total}` : ''} {t(lang, 'replicationsDone')}
      </span>
      {active && (
        <button type="button" class="secondary" onClick={onCancel}>
          {t(lang, 'cancel')}
        </button>
      )}
      {run.error && <span class="field-error">{run.error}</span>}
    </div>
  );
}
