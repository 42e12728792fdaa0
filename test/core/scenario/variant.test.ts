import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../sim/io/load-scenario.ts';
import { applyChanges } from '../../../core/scenario/variant.ts';
import { ScenarioValidationError } from '../../../core/scenario/validate.ts';
import { getAtPath } from '../../../core/scenario/path.ts';

const base = await loadScenarioFile('scenarios/textbook/nested-menu.json');

function issue(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioValidationError) return error.message;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('applyChanges', () => {
  it('sets a value by path with [id=x] selectors, leaving the base untouched', () => {
    const v = applyChanges(base, [{ set: 'pools[id=pool-b].lines[0].count', value: 7 }]);
    expect(getAtPath(v, 'pools[id=pool-b].lines[0].count')).toBe(7);
    expect(getAtPath(base, 'pools[id=pool-b].lines[0].count')).toBe(3);
  });

  it('reorders a menu: options move, each position keeps its digit', () => {
    const v = applyChanges(base, [{ reorderMenu: { menu: [], order: ['2', '1'] } }]);
    expect(v.menu.options.map((o) => [o.digit, o.label.en])).toEqual([
      ['1', 'Concern C'],
      ['2', 'A or B'],
    ]);
    const sub = applyChanges(base, [{ reorderMenu: { menu: ['1'], order: ['2', '1'] } }]);
    const inner = sub.menu.options[0]!.target;
    expect('menu' in inner && inner.menu.options.map((o) => o.label.en)).toEqual(['Concern B', 'Concern A']);
  });

  it('refuses a reorder or a move on a draft an earlier change left without a menu or pools, with a validation error', () => {
    for (const menu of [[], null, {}, { options: [null] }]) {
      expect(issue(() => applyChanges(base, [{ set: 'menu', value: menu }, { reorderMenu: { menu: [], order: ['1', '2'] } }]))).toMatch(/menu|order|digit/);
    }
    for (const lines of [null, [null], 'x']) {
      expect(issue(() => applyChanges(base, [{ set: 'pools[id=pool-b].lines', value: lines }, { moveLines: { from: 'pool-b', to: 'pool-a', count: 1 } }]))).toMatch(/pool/);
    }
    expect(issue(() => applyChanges(base, [{ set: 'pools', value: 3 }, { moveLines: { from: 'pool-b', to: 'pool-a', count: 1 } }]))).toMatch(/unknown pool/);
  });

  it('adds to a list', () => {
    const v = applyChanges(base, [
      { add: 'organisations', value: { id: 'org2', name: { ja: '新団体', en: 'New partner' }, handleTime: { default: { type: 'fixed', value: 60 } } } },
      { add: 'pools[id=pool-a].lines', value: { organisation: 'org2', count: 2 } },
    ]);
    expect(v.organisations.map((o) => o.id)).toEqual(['org', 'org2']);
    expect(v.pools[0]!.lines).toEqual([
      { organisation: 'org', count: 3, weight: 1 },
      { organisation: 'org2', count: 2, weight: 1 },
    ]);
    expect(issue(() => applyChanges(base, [{ add: 'horizon', value: 1 }]))).toBe('changes[0]: horizon: not a list');
  });

  it('moves lines between pools, keeping their organisation', () => {
    const v = applyChanges(base, [{ moveLines: { from: 'pool-a', to: 'pool-c', count: 2 } }]);
    expect(v.pools.map((p) => p.lines.reduce((s, l) => s + l.count, 0))).toEqual([1, 3, 5]);
    expect(v.pools[2]!.lines).toEqual([{ organisation: 'org', count: 5, weight: 1 }]);
  });

  it('names the change that cannot be applied', () => {
    expect(issue(() => applyChanges(base, [{ set: 'name', value: 'x' }, { set: 'pools[id=nope].policy', value: 'roundRobin' }]))).toBe(
      'changes[1]: pools[id=nope].policy: no element with id "nope"',
    );
    expect(issue(() => applyChanges(base, [{ moveLines: { from: 'pool-a', to: 'pool-b', count: 4 } }]))).toBe(
      'changes[0]: pool "pool-a" has only 3 lines to move',
    );
    expect(issue(() => applyChanges(base, [{ reorderMenu: { menu: [], order: ['1', '1'] } }]))).toMatch(/^changes\[0\]: order must list each/);
  });

  it('validates the result like any scenario', () => {
    expect(issue(() => applyChanges(base, [{ set: 'pools[id=pool-a].lines[0].count', value: -1 }]))).toMatch(
      /^pools\[0\]\.lines\[0\]\.count: after the changes: /,
    );
  });
});
