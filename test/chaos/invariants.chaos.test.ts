/** The suite's own checks catch what they are for (so a passing chaos run means something). */
import { describe, expect, it } from 'vitest';
import { countsMatch, noLineDoubleBooked } from './invariants.ts';
import type { CallTrace, TrafficReport } from './traffic.ts';

function held(id: string, line: string, heldFrom: number, heldUntil: number): CallTrace {
  return {
    id,
    url: 'http://x',
    startedAt: heldFrom - 10,
    line,
    heldFrom,
    heldUntil,
    last: { id, status: 'ended', line: null, outcome: 'answered' },
    ends: 1,
    repeatedEnds: [],
    abandoned: null,
    lost: false,
  };
}

describe('chaos invariants', () => {
  it('two calls known to hold one line at overlapping times are a double booking; one after the other is not', () => {
    expect(() => noLineDoubleBooked([held('a', 'org-a/talk-1', 100, 200), held('b', 'org-a/talk-1', 150, 300)])).toThrow(/double-booked/);
    expect(() => noLineDoubleBooked([held('a', 'org-a/talk-1', 100, 200), held('b', 'org-a/talk-1', 200, 300), held('c', 'org-a/talk-2', 150, 300)])).not.toThrow();
  });

  it('counted attempts must match the calls started, up to starts without a 201', () => {
    const report: TrafficReport = {
      calls: [held('a', 'l', 100, 200), held('b', 'l', 300, 400)],
      unknownStarts: 0,
      timeline: [{ route: 'start', status: 503, sentAt: 500, receivedAt: 600 }],
    };
    expect(() => countsMatch(2, report, ['http://x'])).not.toThrow();
    expect(() => countsMatch(3, report, ['http://x'])).not.toThrow();
    expect(() => countsMatch(1, report, ['http://x'])).toThrow(/counted 1 attempts/);
    expect(() => countsMatch(4, report, ['http://x'])).toThrow(/counted 4 attempts/);
  });
});
