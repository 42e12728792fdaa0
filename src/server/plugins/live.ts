/** Live figures for the operations dashboard: a WebSocket feed and the same snapshot as JSON. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LiveHistorySchema, LiveSnapshotSchema, type LiveHistory, type LiveSnapshot } from '../../live/live-metrics.ts';
import { requireApiKey } from '../auth.ts';
import type { LiveFeed } from '../live-feed.ts';
import { errorResponses } from '../schemas.ts';
import { guardedWebsocket } from '../ws-guard.ts';
import type { TicketBook } from '../ws-tickets.ts';

export interface LiveOptions {
  feed: LiveFeed;
  snapshot: () => Promise<LiveSnapshot>;
  /** The local day so far in 15-minute slots (GET /live/history). */
  history: () => Promise<LiveHistory>;
  /** Undefined when the live figures are public. */
  apiKey: string | undefined;
  /** Tickets that open a non-public /ws/live instead of the header (a browser cannot send one on a WebSocket). */
  tickets: TicketBook;
}

export const livePlugin: FastifyPluginAsyncZod<LiveOptions> = async (app, { feed, snapshot, history, apiKey, tickets }) => {
  // registered in this plugin's scope only: @fastify/websocket wraps every route handler it sees
  await app.register(guardedWebsocket);
  // a ticket counts only on a WebSocket upgrade (/ws/live); GET /live still needs the header
  if (apiKey !== undefined) app.addHook('onRequest', requireApiKey(apiKey, tickets));

  app.get('/ws/live', { websocket: true, schema: { tags: ['live'], summary: 'WebSocket: a live snapshot at least once a second and on change; when not public, x-api-key or ?ticket= (POST /ws-tickets)' } }, (socket) => {
    feed.add(socket);
  });

  app.get(
    '/live',
    { schema: { tags: ['live'], summary: 'The current live snapshot (same body as the WebSocket messages)', response: { 200: LiveSnapshotSchema, 401: errorResponses[401] } } },
    async () => snapshot(),
  );

  app.get(
    '/live/history',
    {
      schema: {
        tags: ['live'],
        summary: "The local day so far: attempts, answered and answer rate per category and in total, in 15-minute slots from local midnight (the scenario's time zone and clock); same access as /live",
        response: { 200: LiveHistorySchema, 401: errorResponses[401] },
      },
    },
    async () => history(),
  );
};
