/**
 * Bilingual labels as the pages print them (number formats: ../format.ts).
 */
import type { Label } from '../../../core/scenario/schema.ts';

export const OVERALL_LABEL: Label = { ja: '全体', en: 'All attempts' };

/** "孤独・孤立での悩み / Worries about loneliness or isolation" */
export function bilingual(label: Label): string {
  return label.ja === label.en ? label.ja : `${label.ja} / ${label.en}`;
}

/** Two lines, for axis labels: Japanese above, English below. */
export function twoLines(label: Label): string {
  return label.ja === label.en ? label.ja : `${label.ja}\n${label.en}`;
}
