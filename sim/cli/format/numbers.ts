/** How figures read in tables: counts, percentages, CIs. */
import type { Stat } from '../../report/stat.ts';

export function count(s: Stat): string {
  return s.mean === null ? '—' : Math.round(s.mean).toLocaleString('en-US');
}

export function percent(x: number | null): string {
  return x === null ? '—' : `${(100 * x).toFixed(1)}%`;
}

export function rateWithCi(s: Stat): string {
  if (s.mean === null) return '—';
  return s.ci95 ? `${percent(s.mean)} [${percent(s.ci95[0])}–${percent(s.ci95[1])}]` : percent(s.mean);
}

/** A difference in percentage points with its CI, signed. */
export function pointsWithCi(s: Stat): string {
  if (s.mean === null) return '—';
  const pts = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
  return s.ci95 ? `${pts(s.mean)} pts [${pts(s.ci95[0])}, ${pts(s.ci95[1])}]` : `${pts(s.mean)} pts`;
}
