/**
 * Follows one run until it finishes, for the progress bar: over /ws/runs, opened with a
 * single-use ticket (a browser cannot send x-api-key on a WebSocket) and reopened with a fresh
 * one whenever it closes; by polling GET /runs/:id only when a socket cannot be opened (no
 * ticket, or the upgrade refused), for the rest of that run.
 */
import { wsUrl } from '../shared/ws-ticket.ts';
import type { PlannerApi, RunRecord } from './api.ts';

export type RunFeedMode = 'socket' | 'polling';

export interface RunFeedHandlers {
  run(run: RunRecord): void;
  error(error: unknown): void;
  mode(mode: RunFeedMode): void;
}

const POLL_MS = 500;
/** Pause before reopening a socket that closed (the service restarting, a proxy's idle timeout). */
const REOPEN_MS = 500;

const STAGE = { queued: 0, running: 1, succeeded: 2, failed: 2, cancelled: 2 } as const;

export const isActive = (run: RunRecord) => run.status === 'queued' || run.status === 'running';

/** Whether `next` may replace `current`: a catch-up GET can answer after a newer push. */
export function isNewer(next: RunRecord, current: RunRecord): boolean {
  const stage = STAGE[next.status] - STAGE[current.status];
  return stage > 0 || (stage === 0 && next.progress.done >= current.progress.done);
}

export function followRun(api: PlannerApi, initial: RunRecord, on: RunFeedHandlers): { stop(): void } {
  const { id } = initial;
  let latest = initial;
  let stopped = false;
  let socket: WebSocket | undefined;
  let timer: number | undefined;

  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    const s = socket;
    socket = undefined;
    s?.close();
  };

  const got = (run: RunRecord) => {
    if (stopped || run.id !== id || !isNewer(run, latest)) return;
    latest = run;
    on.run(run);
    if (!isActive(run)) stop();
  };

  const poll = () => {
    if (stopped) return;
    on.mode('polling');
    timer = window.setTimeout(
      () =>
        api
          .run(id)
          .then((run) => {
            got(run);
            poll();
          })
          .catch((e: unknown) => !stopped && on.error(e)),
      POLL_MS,
    );
  };

  const open = () => {
    api
      .wsTicket()
      .then(({ ticket }) => {
        if (stopped) return;
        const ws = new WebSocket(wsUrl(location, '/ws/runs', ticket));
        socket = ws;
        let opened = false;
        ws.onopen = () => {
          opened = true;
          on.mode('socket');
          // changes pushed before the socket opened are gone: read the run once
          api.run(id).then(got, (e: unknown) => !stopped && on.error(e));
        };
        ws.onmessage = (event) => {
          const message = JSON.parse(String(event.data)) as { type?: string; run?: RunRecord };
          if (message.type === 'run' && message.run) got(message.run);
        };
        // a refused upgrade fires error then close; act on close only
        ws.onclose = () => {
          if (stopped || socket !== ws) return;
          socket = undefined;
          if (opened) timer = window.setTimeout(open, REOPEN_MS);
          else poll();
        };
      })
      .catch(poll);
  };

  open();
  return { stop };
}
