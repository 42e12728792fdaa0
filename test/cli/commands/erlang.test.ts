import { describe, expect, it } from 'vitest';
import { cli } from '../../support/run-cli.ts';

describe('helpline-sim erlang', () => {
  it('b --json prints the Erlang B blocking for 10 lines at 5 Erlangs', async () => {
    const run = await cli('erlang', 'b', '--lines', '10', '--load', '5', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out['model']).toBe('erlang-b');
    expect(out['lines']).toBe(10);
    expect(out['blocking']).toBeCloseTo(0.0183846, 6); // Erlang B table value 0.01838
    expect(out['answerRate']).toBeCloseTo(1 - 0.0183846, 6);
  });

  it('b accepts calls per hour and handle time instead of a load, and prints the answer rate first', async () => {
    const run = await cli('erlang', 'b', '--lines', '10', '--calls-per-hour', '100', '--handle-seconds', '180');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[1]).toMatch(/answer rate\s+98\.16 %/);
    expect(run.stdout).toMatch(/blocked\s+1\.84 %/);
  });

  it('c reports the textbook call-centre example', async () => {
    const run = await cli(
      'erlang', 'c', '--lines', '11', '--calls-per-hour', '200', '--handle-seconds', '180',
      '--service-level-seconds', '20', '--json',
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, number>;
    expect(out['probWait']).toBeCloseTo(0.6821, 4);
    expect(out['meanWaitSeconds']).toBeCloseTo(122.78, 2);
    expect(out['serviceLevel']).toBeCloseTo(0.3896, 4);
  });

  it('a reports the answer rate with abandonment', async () => {
    const run = await cli(
      'erlang', 'a', '--lines', '11', '--calls-per-hour', '200', '--handle-seconds', '180',
      '--patience-seconds', '120', '--json',
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, number>;
    expect(out['answerRate']).toBeGreaterThan(0.8);
    expect(out['answerRate']).toBeLessThan(1);
    expect(out['answerRate']! + out['probAbandon']!).toBeCloseTo(1, 12);
  });

  it.each([
    [['erlang', 'b', '--lines', 'ten', '--load', '5'], /--lines/],
    [['erlang', 'b', '--lines', '10', '--load', '-5'], /--load/],
    [['erlang', 'b', '--load', '5'], /--lines/],
    [['erlang', 'a', '--lines', '3', '--calls-per-hour', '20', '--handle-seconds', '180'], /--patience-seconds/],
  ])('bad input %j exits 2 with a one-line message naming the option', async (args, option) => {
    const run = await cli(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const message = run.stderr.trimEnd();
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^helpline-sim: /);
    expect(message).toMatch(option);
  });
});
