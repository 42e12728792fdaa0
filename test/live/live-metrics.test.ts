/** Folding minute counts into the day's 15-minute slots (pure). */
import { describe, expect, it } from 'vitest';
import { foldSlots } from '../../src/live/live-metrics.ts';
import type { OutcomeCounts } from '../../src/live/line-store.ts';

const empty = { attempts: 0, answered: 0, answerRate: null };

describe('foldSlots', () => {
  it('sums 15 minutes a slot, per category and in total, the last slot holding what is left', () => {
    const minutes: OutcomeCounts[] = Array.from({ length: 32 }, () => ({}));
    minutes[0] = { 'talk|answered': 1, '-|hung_up_in_menu': 2 };
    minutes[14] = { 'talk|blocked': 1, 'urgent|answered': 3 };
    minutes[15] = { 'urgent|abandoned_in_queue': 1 };
    minutes[31] = { 'talk|answered': 2 };
    const slots = foldSlots(minutes, 1000, ['talk', 'urgent']);
    expect(slots.map((s) => s.first)).toEqual([1000, 1015, 1030]);
    expect(slots[0]).toEqual({
      first: 1000,
      total: { attempts: 7, answered: 4, answerRate: 4 / 7 },
      categories: [
        { category: 'talk', attempts: 2, answered: 1, answerRate: 0.5 },
        { category: 'urgent', attempts: 3, answered: 3, answerRate: 1 },
      ],
    });
    expect(slots[1]).toEqual({
      first: 1015,
      total: { attempts: 1, answered: 0, answerRate: 0 },
      categories: [
        { category: 'talk', ...empty },
        { category: 'urgent', attempts: 1, answered: 0, answerRate: 0 },
      ],
    });
    // minutes 30 and 31 only: a partial slot
    expect(slots[2]!.categories[0]).toEqual({ category: 'talk', attempts: 2, answered: 2, answerRate: 1 });
  });

  it('gives no slots for no minutes, and null rates for slots without attempts', () => {
    expect(foldSlots([], 0, ['talk'])).toEqual([]);
    expect(foldSlots([{}, {}], 60, ['talk'], 1)).toEqual([
      { first: 60, total: empty, categories: [{ category: 'talk', ...empty }] },
      { first: 61, total: empty, categories: [{ category: 'talk', ...empty }] },
    ]);
  });
});
