/**
 * WebSockets behind the API key from a browser, which cannot set `x-api-key` on a WebSocket:
 * ask `POST /ws-tickets` (with the key) for a single-use ticket valid 30 s, then open
 * `/ws/…?ticket=…` straight away. Every (re)connection needs a fresh ticket.
 */

/** The API key, kept in sessionStorage (this tab only): the planner's key field, and the live board's when live figures are not public. */
export const API_KEY_STORAGE = 'helpline.api-key';

export interface WsTicket {
  ticket: string;
  expiresAt: string;
}

/** The service refused a ticket (401: wrong key; 404: a service without tickets). */
export class WsTicketError extends Error {
  constructor(readonly status: number) {
    super(`POST /ws-tickets: HTTP ${status}`);
    this.name = 'WsTicketError';
  }
}

/** A fresh ticket; WsTicketError for an HTTP refusal, TypeError when the service cannot be reached. */
export async function requestWsTicket(key: string): Promise<WsTicket> {
  const res = await fetch('/ws-tickets', { method: 'POST', headers: { 'x-api-key': key }, cache: 'no-store' });
  if (!res.ok) throw new WsTicketError(res.status);
  return (await res.json()) as WsTicket;
}

/** ws(s)://<this host><path>, with the ticket when there is one. */
export function wsUrl(location: Location, path: string, ticket?: string): string {
  const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
  return ticket === undefined ? base : urlWithTicket(base, ticket);
}

/** A WebSocket URL (without a query) opened with `ticket`. */
export function urlWithTicket(url: string, ticket: string): string {
  return `${url}?ticket=${encodeURIComponent(ticket)}`;
}
