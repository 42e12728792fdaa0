/**
 * Scenario paths come from requests (variants, sweeps, calibration): they reach a scenario's own
 * data and nothing else. A step named __proto__, constructor or prototype is refused with a
 * message naming it, and reads and writes never follow the prototype chain.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getAtPath, parsePath, PathError, ScenarioPathSchema, setAtPath } from '../../../core/scenario/path.ts';
import { applyChanges, ChangeSchema } from '../../../core/scenario/variant.ts';
import { parseScenario, ScenarioValidationError } from '../../../core/scenario/validate.ts';
import { loadScenarioFile, ScenarioFileError } from '../../../sim/io/load-scenario.ts';
import { tempFiles } from '../../support/run-cli.ts';
import { testScenarioInput } from '../../support/fixtures.ts';

const HOSTILE = [
  '__proto__.polluted',
  'constructor.prototype.polluted',
  'menu.__proto__.polluted',
  'pools[0].__proto__.polluted',
  'pools[id=talk].constructor.prototype.polluted',
  'categories[0].label.__proto__',
  'prototype',
];

const prototypeIsClean = (): void => {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
};

afterEach(() => {
  // a failing case must not leak into the next one
  for (const key of Object.keys(Object.prototype)) delete (Object.prototype as Record<string, unknown>)[key];
});

describe('scenario paths', () => {
  it.each(HOSTILE)('%s is refused by the schema, the parser, setAtPath and getAtPath', (path) => {
    const parsed = ScenarioPathSchema.safeParse(path);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/cannot be a step of a path/);
    expect(() => parsePath(path)).toThrow(PathError);
    expect(() => setAtPath({ menu: {}, pools: [{ id: 'talk' }], categories: [{ label: {} }] }, path, 1)).toThrow(/cannot be a step of a path/);
    expect(() => getAtPath({}, path)).toThrow(PathError);
    prototypeIsClean();
  });

  it('keeps ordinary paths working, [id=…] selectors included', () => {
    const root = { pools: [{ id: 'a', lines: [{ count: 1 }] }, { id: 'constructor', lines: [{ count: 2 }] }] };
    expect(getAtPath(root, 'pools[id=constructor].lines[0].count')).toBe(2);
    setAtPath(root, 'pools[id=a].lines[0].count', 5);
    expect(root.pools[0]!.lines[0]!.count).toBe(5);
    expect(ScenarioPathSchema.safeParse('pools[id=loneliness].lines[0].count').success).toBe(true);
  });

  it('reads own properties only: inherited names are "not found"', () => {
    for (const path of ['toString', 'hasOwnProperty', 'pools.length', 'pools[0].valueOf']) {
      expect(() => getAtPath({ pools: [{}] }, path), path).toThrow(/not found/);
    }
  });

  it('refuses text that is not a path instead of reading what it can of it', () => {
    expect(() => parsePath('menu..options')).toThrow(PathError);
    expect(() => parsePath('menu options')).toThrow(PathError);
    expect(() => parsePath('a'.repeat(2000))).toThrow(PathError);
    expect(ScenarioPathSchema.safeParse(`a${'.b'.repeat(600)}`).success).toBe(false);
  });
});

describe('variant changes', () => {
  const base = parseScenario(testScenarioInput);

  it.each(HOSTILE)('a "set" or "add" at %s is a validation error under changes[i], and Object.prototype stays clean', (path) => {
    expect(ChangeSchema.safeParse({ set: path, value: 1 }).success).toBe(false);
    for (const change of [{ set: path, value: 1 }, { add: path, value: 1 }]) {
      let error: unknown;
      try {
        applyChanges(base, [change]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ScenarioValidationError);
      expect((error as ScenarioValidationError).issues[0]!.path).toEqual(['changes', 0]);
      prototypeIsClean();
    }
  });

  it('a category id may not be "constructor" (it would read Object.prototype through routing and byCategory)', () => {
    const s = structuredClone(testScenarioInput) as any;
    s.categories[0].id = 'constructor';
    s.menu.options[0].target.category = 'constructor';
    delete s.routing.talk;
    expect(() => parseScenario(s)).toThrow(/categories\[0\]\.id: this word is reserved/);
  });
});

describe('scenario and variant files', () => {
  it('a "__proto__" or "constructor" key in a file is refused and pollutes nothing, nor does locating a syntax error in it', async () => {
    const scenario = JSON.stringify(testScenarioInput).slice(0, -1);
    const files = await tempFiles({
      'top.json': `${scenario},"__proto__":{"polluted":1}}`,
      'nested.json': scenario.replace('"horizon":{', '"horizon":{"__proto__":{"polluted":1},') + '}',
      'routing.json': scenario.replace('"routing":{', '"routing":{"constructor":{"prototype":{"polluted":1}},') + '}',
      'broken.json': `${scenario},"__proto__":{"polluted":1},}`,
      'ok.json': testScenarioInput,
      'variant.json': '{"name":"v","base":"ok.json","changes":[{"set":"callers","value":{"__proto__":{"polluted":1}}}]}',
    });
    for (const [name, file] of Object.entries(files)) {
      if (name === 'ok.json') continue;
      await expect(loadScenarioFile(file), file).rejects.toThrow(ScenarioFileError);
      prototypeIsClean();
    }
  });
});

