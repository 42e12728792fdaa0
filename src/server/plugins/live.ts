/** Live figures for the operations dashboard: a WebSocket feed and the same snapshot as JSON. */
import websocket from '@fastify/websocket';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LiveSnapshotSchema, type LiveSnapshot } from '../../live/live-metrics.ts';
import { requireApiKey } from '../auth.ts';
import type { LiveFeed } from '../live-feed.ts';
import { errorResponses } from '../schemas.ts';

export interface LiveOptions {
  feed: LiveFeed;
  snapshot: () => Promise<LiveSnapshot>;
  /** Undefined when the live figures are public. */
  apiKey: string | undefined;
}

export const livePlugin: FastifyPluginAsyncZod<LiveOptions> = async (app, { feed, snapshot, apiKey }) => {
  // registered in this plugin's scope only: @fastify/websocket wraps every route handler it sees
  await app.register(websocket, { options: { maxPayload: 1024 } });
  if (apiKey !== undefined) app.addHook('preHandler', requireApiKey(apiKey));

  app.get('/ws/live', { websocket: true, schema: { tags: ['live'], summary: 'WebSocket: a live snapshot at least once a second and on change' } }, (socket) => {
    feed.add(socket);
  });

  app.get(
    '/live',
    { schema: { tags: ['live'], summary: 'The current live snapshot (same body as the WebSocket messages)', response: { 200: LiveSnapshotSchema, 401: errorResponses[401] } } },
    async () => snapshot(),
  );
};
