/**
 * The /ws/live connection: hands every snapshot to the page and reconnects by itself when
 * the service restarts or the network drops, backing off up to a few seconds so a board left
 * open overnight does not hammer a service that is down.
 */
import type { LiveSnapshot } from '../../../src/live/live-metrics.ts';

export type { LiveSnapshot };

export type FeedStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'open' }
  | { state: 'closed'; attempt: number; retryAt: number };

export interface FeedHandlers {
  snapshot(snapshot: LiveSnapshot): void;
  status(status: FeedStatus): void;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;
/** The service pushes at least once a second; this long without a message means a dead link that has not closed. */
const STALE_MS = 5_000;

export function liveUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/live`;
}

export function connectFeed(url: string, on: FeedHandlers): { stop(): void } {
  let socket: WebSocket | undefined;
  let attempt = 0;
  let stopped = false;
  let retryTimer: number | undefined;
  let staleTimer: number | undefined;

  const watchStale = () => {
    clearTimeout(staleTimer);
    staleTimer = window.setTimeout(() => socket?.close(), STALE_MS);
  };

  const open = () => {
    attempt++;
    on.status({ state: 'connecting', attempt });
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      on.status({ state: 'open' });
      watchStale();
    };
    ws.onmessage = (event) => {
      watchStale();
      const message = JSON.parse(String(event.data)) as { type?: string } & LiveSnapshot;
      if (message.type === 'live') on.snapshot(message);
    };
    // a refused connection fires error then close; reconnect from close only
    ws.onclose = () => {
      clearTimeout(staleTimer);
      if (stopped || socket !== ws) return;
      const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
      on.status({ state: 'closed', attempt, retryAt: Date.now() + delay });
      retryTimer = window.setTimeout(open, delay);
    };
  };

  open();
  return {
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(staleTimer);
      socket?.close();
    },
  };
}
