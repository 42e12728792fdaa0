/**
 * Scenario time for the live service: the scaled clock, the local start in the scenario's time
 * zone, the configuration that selects it, and `npm start` running on it.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { instantOfLocal } from '../../../core/time/local-time.ts';
import { ScaledClock, serviceClock, systemClock } from '../../../sim/io/clock.ts';
import { ConfigError, parseConfig } from '../../../src/server/config.ts';

const KEYS = { API_KEY: 'clock-test-admin-key-0123', CALLER_HASH_KEY: 'clock-test-hash-key-0123' };

describe('scaled clock', () => {
  it('starts at its start and runs `speed` times faster than the real clock', () => {
    let real = 1_000_000;
    const clock = new ScaledClock(5_000, 60, { now: () => real });
    expect(clock.now()).toBe(5_000);
    real += 1_500;
    expect(clock.now()).toBe(5_000 + 90_000);
  });

  it('refuses a speed that is not a number > 0', () => {
    expect(() => new ScaledClock(0, 0)).toThrow(RangeError);
    expect(() => new ScaledClock(0, Number.NaN)).toThrow(RangeError);
  });

  it('reads a local date-time in the scenario time zone', () => {
    expect(instantOfLocal('2022-07-07T00:00', 'Asia/Tokyo')).toBe(Date.parse('2022-07-06T15:00:00Z'));
    expect(instantOfLocal('2026-01-05T06:00:30', 'UTC')).toBe(Date.parse('2026-01-05T06:00:30Z'));
    // summer and winter offsets of a zone with clock changes
    expect(instantOfLocal('2026-07-01T12:00', 'Europe/Paris')).toBe(Date.parse('2026-07-01T10:00:00Z'));
    expect(instantOfLocal('2026-01-01T12:00', 'Europe/Paris')).toBe(Date.parse('2026-01-01T11:00:00Z'));
  });

  it('is the real clock unless a start or a speed is configured', () => {
    expect(serviceClock(undefined, 1, 'Asia/Tokyo')).toBe(systemClock);
    const clock = serviceClock('2022-07-07T00:00', 60, 'Asia/Tokyo');
    expect(clock.now() - Date.parse('2022-07-06T15:00:00Z')).toBeLessThan(60_000);
    const fast = serviceClock(undefined, 60, 'Asia/Tokyo');
    expect(Math.abs(fast.now() - Date.now())).toBeLessThan(60_000);
  });
});

describe('CLOCK_START and CLOCK_SPEED', () => {
  it('default to the real clock', () => {
    const config = parseConfig(KEYS);
    expect(config.CLOCK_START).toBeUndefined();
    expect(config.CLOCK_SPEED).toBe(1);
  });

  it('take a local date-time and a speed > 0', () => {
    const config = parseConfig({ ...KEYS, CLOCK_START: '2022-07-07T00:00', CLOCK_SPEED: '60' });
    expect(config).toMatchObject({ CLOCK_START: '2022-07-07T00:00', CLOCK_SPEED: 60 });
  });

  it.each([
    ['CLOCK_START', '2022-07-07 00:00'],
    ['CLOCK_START', '2022-02-30T00:00'],
    ['CLOCK_SPEED', '0'],
    ['CLOCK_SPEED', 'fast'],
  ])('refuse %s=%s, naming the variable', (name, value) => {
    expect(() => parseConfig({ ...KEYS, [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ ...KEYS, [name]: value })).toThrow(new RegExp(`^${name}: `));
  });
});

describe('npm start on scenario time', () => {
  it('serves live figures at the scenario time it was started on', async () => {
    const env = { ...process.env, ...KEYS, PORT: '0', REDIS_URL: '', CLOCK_START: '2026-01-05T06:00', CLOCK_SPEED: '60' };
    const child = spawn(process.execPath, ['bin/run-ts.js', 'src/server/main.ts'], { env, stdio: 'pipe' });
    try {
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
      });
      const live = (await (await fetch(`${url}/live`)).json()) as { at: string; date: string };
      const minutes = (Date.parse(live.at) - Date.parse('2026-01-04T21:00:00Z')) / 60_000;
      // start-up takes seconds: scenario minutes at ×60
      expect(minutes).toBeGreaterThanOrEqual(0);
      expect(minutes).toBeLessThan(30);
      expect(live.date).toBe('2026-01-05');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
