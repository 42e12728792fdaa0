/**
 * The /ws/live connection: hands every snapshot to the page and reconnects by itself when
 * the service restarts or the network drops, backing off up to a few seconds so a board left
 * open overnight does not hammer a service that is down.
 *
 * When live figures are not public (LIVE_PUBLIC=false) the upgrade is refused with 401, which a
 * browser does not show a page (the socket just fails), so a socket that fails before it has
 * ever opened without a key asks GET /live: a 401 there means the key is needed. From then on
 * every attempt opens with a fresh single-use ticket from POST /ws-tickets, bought with the key
 * the page keeps for this tab; without a key, or with one the service refuses, the feed is
 * `locked` until `retry()` (after the page has stored a key).
 */
import type { LiveSnapshot } from '../../../src/live/live-metrics.ts';
import { requestWsTicket, urlWithTicket, WsTicketError, wsUrl } from '../shared/ws-ticket.ts';

export type { LiveSnapshot };

export type FeedStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'open' }
  | { state: 'closed'; attempt: number; retryAt: number }
  /** Live figures need the API key: none given yet, or the one given was `refused`. */
  | { state: 'locked'; refused: boolean };

export interface FeedHandlers {
  snapshot(snapshot: LiveSnapshot): void;
  status(status: FeedStatus): void;
}

export interface FeedOptions {
  /** The API key for a non-public feed, read at each attempt; undefined when the page has none. */
  key(): string | undefined;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;
/** The service pushes at least once a second; this long without a message means a dead link that has not closed. */
const STALE_MS = 5_000;
/** The same snapshot over HTTP: answers 401 when live figures are not public. */
const SNAPSHOT_PATH = '/live';

export function liveUrl(location: Location): string {
  return wsUrl(location, '/ws/live');
}

/** True when GET /live says the live figures need the key; false for anything else (including no answer). */
async function needsKey(): Promise<boolean> {
  try {
    const res = await fetch(SNAPSHOT_PATH, { cache: 'no-store' });
    void res.body?.cancel();
    return res.status === 401;
  } catch {
    return false;
  }
}

export function connectFeed(url: string, on: FeedHandlers, opts: FeedOptions = { key: () => undefined }): { stop(): void; retry(): void } {
  let socket: WebSocket | undefined;
  let attempt = 0;
  let stopped = false;
  let locked = false;
  /** Learned from a 401 on GET /live: every attempt needs a ticket. */
  let withTicket = false;
  /** Opened once without a ticket: the feed is public, no need to ask GET /live when it fails. */
  let openedPublic = false;
  let retryTimer: number | undefined;
  let staleTimer: number | undefined;

  const watchStale = () => {
    clearTimeout(staleTimer);
    staleTimer = window.setTimeout(() => socket?.close(), STALE_MS);
  };

  const retryLater = () => {
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
    on.status({ state: 'closed', attempt, retryAt: Date.now() + delay });
    retryTimer = window.setTimeout(() => void open(), delay);
  };

  const lock = (refused: boolean) => {
    locked = true;
    on.status({ state: 'locked', refused });
  };

  const open = async () => {
    attempt++;
    on.status({ state: 'connecting', attempt });
    let target = url;
    if (withTicket) {
      const key = opts.key();
      if (!key) return lock(false);
      try {
        target = urlWithTicket(url, (await requestWsTicket(key)).ticket);
      } catch (e) {
        if (stopped) return;
        if (e instanceof WsTicketError && e.status === 401) return lock(true);
        return retryLater();
      }
      if (stopped) return;
    }
    const ws = new WebSocket(target);
    socket = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      if (!withTicket) openedPublic = true;
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
      if (opened || withTicket || openedPublic) return retryLater();
      void needsKey().then((yes) => {
        if (stopped || socket !== ws) return;
        if (!yes) return retryLater();
        withTicket = true;
        attempt = 0;
        void open();
      });
    };
  };

  void open();
  return {
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(staleTimer);
      socket?.close();
    },
    /** After a key was stored: try again now if the feed is locked. */
    retry() {
      if (stopped || !locked) return;
      locked = false;
      attempt = 0;
      void open();
    },
  };
}
