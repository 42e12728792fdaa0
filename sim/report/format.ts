/**
 * How figures read wherever people read them — CLI tables, HTML reports, dashboards: counts,
 * percentages, rates with their CI, differences in points. (The charts format in the browser
 * with the same rules, see html/runtime.ts.)
 */
import type { Stat } from './stat.ts';

export function percent(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(100 * x).toFixed(1)}%`;
}

export function rateWithCi(s: Stat | undefined): string {
  if (!s || s.mean === null) return '—';
  return s.ci95 ? `${percent(s.mean)} [${percent(s.ci95[0])}–${percent(s.ci95[1])}]` : percent(s.mean);
}

export function count(s: Stat | undefined): string {
  if (!s || s.mean === null) return '—';
  return s.mean.toLocaleString('en-US', { maximumFractionDigits: s.mean < 100 ? 1 : 0 });
}

export function decimal(s: Stat | undefined, digits = 1): string {
  return !s || s.mean === null ? '—' : s.mean.toFixed(digits);
}

/** Signed percentage points with CI: "+3.2 pts [+1.0, +5.4]". */
export function pointsWithCi(s: Stat): string {
  if (s.mean === null) return '—';
  const pts = (x: number): string => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
  return s.ci95 ? `${pts(s.mean)} pts [${pts(s.ci95[0])}, ${pts(s.ci95[1])}]` : `${pts(s.mean)} pts`;
}
