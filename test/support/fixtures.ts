/**
 * A small scenario with one case of everything the call flow does, and a fake clock.
 * Menu: 1 talk (2 lines, busy when full) · 2 → sub-menu: 1 urgent (1 line, queue of 2, 60 s
 * max wait, priority 5) · 2 night (1 line staffed 22:00–23:00 only). Urgent and talk share
 * nothing; `shared` lets the talk pool overflow into the urgent line.
 */
import type { ScenarioInput } from '../../core/scenario/schema.ts';
import { parseScenario } from '../../core/scenario/validate.ts';
import type { Clock } from '../../sim/io/clock.ts';
import { label, smallScenario } from './scenario-builder.ts';
import { parseConfig, type Config } from '../../src/server/config.ts';

const fixed = { type: 'fixed', value: 60 } as const;

export const testScenarioInput: ScenarioInput = smallScenario({
  name: 'live service test',
  start: '2026-01-05T00:00',
  categories: { talk: 0.5, urgent: 0.4, night: 0.1 },
  labels: { talk: label('Talk'), urgent: label('Urgent'), night: label('Night') },
  menu: {
    greetingSeconds: 5,
    repeats: 1,
    options: [
      { digit: '1', label: label('Talk'), announceSeconds: 3, target: { category: 'talk' } },
      {
        digit: '2',
        label: label('More'),
        announceSeconds: 3,
        target: {
          menu: {
            greetingSeconds: 2,
            options: [
              { digit: '1', label: label('Urgent'), announceSeconds: 3, target: { category: 'urgent' } },
              { digit: '2', label: label('Night'), announceSeconds: 3, target: { category: 'night' } },
            ],
          },
        },
      },
    ],
  },
  organisations: [
    { id: 'org-a', name: label('A'), handleTime: { default: fixed } },
    { id: 'org-b', name: label('B'), handleTime: { default: fixed } },
    { id: 'org-c', name: label('C'), schedule: [{ from: '22:00', to: '23:00' }], handleTime: { default: fixed } },
  ],
  lines: { talk: { organisation: 'org-a', count: 2 }, urgent: { organisation: 'org-b', count: 1 }, night: { organisation: 'org-c', count: 1 } },
  onNoLine: { talk: { action: 'busy' }, urgent: { action: 'queue', maxLength: 2, maxWaitSeconds: 60, priority: 5 }, night: { action: 'busy' } },
});

export const testScenario = parseScenario(testScenarioInput);

/** Monday 2026-01-05 12:00 in Tokyo: talk and urgent staffed, night closed. */
export const MONDAY_NOON_TOKYO = Date.parse('2026-01-05T12:00:00+09:00');

export class FakeClock implements Clock {
  constructor(public ms = MONDAY_NOON_TOKYO) {}
  now(): number {
    return this.ms;
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

export const API_KEY = 'test-admin-key-0123456789';
export const TELEPHONY_KEY = 'test-phone-key-0123456789';

/**
 * The service's own timeouts at their longest: a replay compresses a day into seconds, and at
 * that clock speed a millisecond of HTTP latency is half a minute of scenario time.
 */
export const REPLAY_TIMEOUTS = { RING_TIMEOUT_SECONDS: '86400', MENU_TIMEOUT_SECONDS: '86400', MAX_TALK_SECONDS: '604800' };

export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({
    API_KEY,
    CALLER_HASH_KEY: 'test-hash-key-0123456789',
    RATE_LIMIT_MAX: '1000000',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}
