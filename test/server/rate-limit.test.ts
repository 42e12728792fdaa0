import { describe, expect, it } from 'vitest';
import { fixedWindowLimiter } from '../../src/server/rate-limit.ts';

describe('fixed-window rate limiter', () => {
  it('lets max requests through per window and client, then says how long to wait', () => {
    let t = 10_500;
    const hit = fixedWindowLimiter({ max: 2, windowMs: 10_000, now: () => t });
    expect([hit('a'), hit('a'), hit('b')]).toEqual([0, 0, 0]);
    // window [10 000, 20 000): 9.5 s left
    expect(hit('a')).toBe(10);
    t = 19_999;
    expect(hit('a')).toBe(1);
    t = 20_000;
    expect(hit('a')).toBe(0);
  });

  it('counts new clients past maxClients together, so a flood of addresses cannot grow it', () => {
    const hit = fixedWindowLimiter({ max: 3, windowMs: 1000, maxClients: 2, now: () => 0 });
    expect([hit('a'), hit('b')]).toEqual([0, 0]);
    // c, d, e and f share the overflow counter: three pass, the fourth waits
    expect([hit('c'), hit('d'), hit('e'), hit('f')]).toEqual([0, 0, 0, 1]);
    // clients already counted keep their own counters
    expect([hit('a'), hit('a'), hit('a')]).toEqual([0, 0, 1]);
  });
});
