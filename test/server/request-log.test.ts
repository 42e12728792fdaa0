/**
 * The request logger writes reqId into each line instead of being a pino child per request; its
 * lines must be exactly a child's, for every way the service and Fastify call it, and a request
 * served by the app must carry its request id in its log lines.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RequestLogger, requestIds } from '../../src/server/request-log.ts';
import { request, startService, storeModes } from '../support/harness.ts';

function capture() {
  const lines: string[] = [];
  const logger = pino({ level: 'info', base: { pid: 1, hostname: 'h' }, timestamp: false }, { write: (l: string) => void lines.push(l) });
  return { lines, logger };
}

describe('RequestLogger', () => {
  it('writes the lines a pino child with the request id would', () => {
    const viaChild = capture();
    const viaRequestLogger = capture();
    const child = viaChild.logger.child({ reqId: 'req-7' });
    const mine = new RequestLogger(viaRequestLogger.logger, 'req-7');
    const boom = new Error('boom');
    for (const log of [child, mine]) {
      log.info({ callId: 'c1', status: 'ended' }, 'digits');
      log.info('plain %s', 'text');
      log.error(boom);
      log.error({ err: boom, statusCode: 500 }, 'request failed');
      log.debug({ hidden: true }, 'below the level');
      log.child({ runId: 'r' }).info('from a child');
    }
    expect(viaRequestLogger.lines).toEqual(viaChild.lines);
    expect(viaChild.lines).toHaveLength(5);
  });
});

describe('requestIds', () => {
  it('never repeats an id, within a process or across processes (each has its own random prefix)', () => {
    const [a, b] = [requestIds(), requestIds()];
    const ids = Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? a() : b()));
    expect(new Set(ids).size).toBe(ids.length);
    const prefix = (id: string) => id.slice(0, id.lastIndexOf('-'));
    expect(prefix(ids[0]!)).not.toBe(prefix(ids[1]!));
  });
});

describe('request logs of the service', () => {
  it('give each request its own id when the caller sends none', async () => {
    const svc = await startService({ store: storeModes()[0]!.make() });
    for (let i = 0; i < 3; i++) await request(svc.url, 'GET', '/calls/00000000-0000-4000-8000-000000000000');
    await svc.close();
    const ids = svc.logs.map((l) => JSON.parse(l) as { reqId?: string; msg?: string }).filter((l) => l.msg === 'incoming request').map((l) => l.reqId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  });

  it('carry the request id (x-request-id when the caller sends one)', async () => {
    const svc = await startService({ store: storeModes()[0]!.make() });
    await request(svc.url, 'GET', '/calls/00000000-0000-4000-8000-000000000000', undefined, { 'x-request-id': 'front-end-42' });
    await svc.close();
    const lines = svc.logs.map((l) => JSON.parse(l) as { reqId?: string; msg?: string });
    const incoming = lines.filter((l) => l.msg === 'incoming request');
    expect(incoming.length).toBeGreaterThan(0);
    expect(incoming.every((l) => l.reqId === 'front-end-42')).toBe(true);
    // the 404 is logged on completion, with the same id
    expect(lines.some((l) => l.msg === 'request completed' && l.reqId === 'front-end-42')).toBe(true);
  });
});
