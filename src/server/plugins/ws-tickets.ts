/**
 * `POST /ws-tickets`: a single-use ticket, valid for 30 s, that opens one WebSocket behind the
 * API key (`/ws/runs`, `/ws/live` when LIVE_PUBLIC=false) as `?ticket=…`, for browsers, which
 * cannot send `x-api-key` on a WebSocket. Behind the API key itself. See ws-tickets.ts.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireApiKey } from '../auth.ts';
import { errorResponses } from '../schemas.ts';
import { TICKET_TTL_MS, type TicketBook } from '../ws-tickets.ts';

export interface WsTicketsOptions {
  tickets: TicketBook;
  apiKey: string;
}

const TicketSchema = z
  .object({
    ticket: z.string().describe('opaque; send as ?ticket= on the WebSocket URL, once'),
    expiresAt: z.iso.datetime().describe('refused after this instant'),
  })
  .meta({ id: 'WsTicket' });

export const wsTicketsPlugin: FastifyPluginAsyncZod<WsTicketsOptions> = async (app, { tickets, apiKey }) => {
  app.post(
    '/ws-tickets',
    {
      onRequest: requireApiKey(apiKey),
      schema: {
        tags: ['auth'],
        summary: `A single-use ticket (${TICKET_TTL_MS / 1000} s) for /ws/runs or a non-public /ws/live: open /ws/…?ticket=<ticket>. For browsers, which cannot send x-api-key on a WebSocket`,
        security: [{ apiKey: [] }],
        response: { 201: TicketSchema, 401: errorResponses[401], 429: errorResponses[429] },
      },
    },
    async (_request, reply) => {
      const { ticket, expiresAt } = await tickets.issue();
      // a credential: no cache may keep it
      return reply.code(201).header('cache-control', 'no-store').send({ ticket, expiresAt: new Date(expiresAt).toISOString() });
    },
  );
};
