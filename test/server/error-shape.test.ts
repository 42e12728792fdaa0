/**
 * One error shape for every 4xx: `{ error, issues? }` as JSON, whoever refuses the request —
 * a route, Fastify's router and body parser, Node's HTTP parser, the rate limit, or a
 * WebSocket upgrade refused by the key check, the socket cap or the handshake itself.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ErrorSchema } from '../../src/server/schemas.ts';
import { TELEPHONY_KEY } from '../support/fixtures.ts';
import { request, startService, storeModes, type Running } from '../support/harness.ts';

interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `text` as it is on a fresh connection and reads the answer until the server ends it or a body is complete. */
function raw(port: number, text: string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    const done = () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body });
    };
    socket.on('data', (chunk) => {
      data += chunk;
      const [head, body] = data.split('\r\n\r\n');
      const length = /content-length: *(\d+)/i.exec(head ?? '')?.[1];
      if (body !== undefined && length !== undefined && Buffer.byteLength(body) >= Number(length)) {
        socket.destroy();
        done();
      }
    });
    socket.on('end', done);
    socket.on('error', reject);
  });
}

const upgrade = (path: string, extra = '') =>
  `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`;

function expectErrorShape(status: number, contentType: string | null | undefined, body: unknown, expected: number): void {
  expect(status).toBe(expected);
  expect(contentType).toMatch(/^application\/json/);
  const parsed = ErrorSchema.strict().safeParse(typeof body === 'string' ? JSON.parse(body) : body);
  expect(parsed.success, JSON.stringify(body)).toBe(true);
}

describe('error shape', () => {
  const [memory] = storeModes();
  let s: Running;
  let port: number;
  const post = (path: string, body: string, headers: Record<string, string>) => request(s.url, 'POST', path, body, { 'x-api-key': TELEPHONY_KEY, ...headers });
  beforeAll(async () => {
    s = await startService({ store: memory!.make(), config: { TELEPHONY_API_KEY: TELEPHONY_KEY, LIVE_PUBLIC: 'false', WS_MAX_PER_ADDRESS: '1' } });
    port = Number(new URL(s.url).port);
  });
  afterAll(() => s.close());

  const viaFetch: Array<[string, () => Promise<{ status: number; headers: Headers; body: unknown }>, number]> = [
    ['404 no route', () => request(s.url, 'GET', '/nowhere'), 404],
    ['404 wrong method', () => request(s.url, 'DELETE', '/calls'), 404],
    ['400 malformed JSON', () => post('/calls', '{"caller":', { 'content-type': 'application/json' }), 400],
    ['415 unsupported content type', () => post('/calls', '<call/>', { 'content-type': 'application/xml' }), 415],
    ['413 body too large', () => post('/calls', JSON.stringify({ caller: '1'.repeat(20_000) }), { 'content-type': 'application/json' }), 413],
    ['414 path parameter too long', () => request(s.url, 'GET', `/calls/${'a'.repeat(300)}`, undefined, { 'x-api-key': TELEPHONY_KEY }), 414],
    ['400 invalid field', () => post(`/calls/${crypto.randomUUID()}/digits`, '{"digits":"x"}', { 'content-type': 'application/json' }), 400],
    ['401 missing key', () => request(s.url, 'GET', '/live'), 401],
    ['426 plain GET on a WebSocket route', () => request(s.url, 'GET', '/ws/live', undefined, { 'x-api-key': 'test-admin-key-0123456789' }), 426],
  ];
  it.each(viaFetch)('%s', async (_name, send, status) => {
    const reply = await send();
    expectErrorShape(reply.status, reply.headers.get('content-type'), reply.body, status);
  });

  it('431 request line or headers over the HTTP parser limit', async () => {
    const reply = await raw(port, `GET /calls/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expectErrorShape(reply.status, reply.headers['content-type'], reply.body, 431);
  });

  it('400 malformed HTTP', async () => {
    const reply = await raw(port, 'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n');
    expectErrorShape(reply.status, reply.headers['content-type'], reply.body, 400);
  });

  it('400 WebSocket handshake ws refuses (unknown version)', async () => {
    const reply = await raw(port, upgrade('/ws/live', 'x-api-key: test-admin-key-0123456789\r\n').replace('Version: 13', 'Version: 99'));
    expectErrorShape(reply.status, reply.headers['content-type'], reply.body, 400);
  });

  it('an upgrade to no route is answered 404 and its connection closed by the server', async () => {
    const closed = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(upgrade('/ws/nowhere')));
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(closed).toMatch(/^HTTP\/1.1 404 /);
  });

  it('401 WebSocket upgrade without the key, 404 to no route', async () => {
    const refused = await raw(port, upgrade('/ws/live'));
    expectErrorShape(refused.status, refused.headers['content-type'], refused.body, 401);
    const nowhere = await raw(port, upgrade('/ws/nowhere'));
    expectErrorShape(nowhere.status, nowhere.headers['content-type'], nowhere.body, 404);
  });

  it('429 WebSocket upgrade past the per-address cap', async () => {
    const first = new WebSocket(`${s.url.replace('http', 'ws')}/ws/live`, { headers: { 'x-api-key': 'test-admin-key-0123456789' } });
    await new Promise((r, j) => first.once('open', r).once('error', j));
    const second = await raw(port, upgrade('/ws/live', 'x-api-key: test-admin-key-0123456789\r\n'));
    expectErrorShape(second.status, second.headers['content-type'], second.body, 429);
    first.close();
  });
});
