/**
 * Field errors as the API reports them, keyed by the scenario field path. A run request nests
 * the scenario (`scenario.…`, `variants[0].scenario.…`); the prefix is dropped so the same
 * field shows the error whether it came from validating or from starting a run.
 */
import type { Issue } from './api.ts';

const SCENARIO_PREFIX = /^(?:variants\[\d+\]\.)?scenario\./;

export type FieldIssues = ReadonlyMap<string, string[]>;

export function byField(issues: readonly Issue[]): FieldIssues {
  const out = new Map<string, string[]>();
  for (const issue of issues) {
    const path = issue.path.replace(SCENARIO_PREFIX, '');
    out.set(path, [...(out.get(path) ?? []), issue.message]);
  }
  return out;
}

/** Messages for `path` itself and for anything inside it (a shift's `from` shows on the shift). */
export function messagesFor(issues: FieldIssues, path: string): string[] {
  const out: string[] = [];
  for (const [p, messages] of issues) if (p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`)) out.push(...messages);
  return out;
}

/** Issues no field on the page shows, to list at the top. */
export function unplaced(issues: FieldIssues, shown: readonly string[]): Issue[] {
  const out: Issue[] = [];
  for (const [path, messages] of issues) {
    if (shown.some((s) => path === s || path.startsWith(`${s}.`) || path.startsWith(`${s}[`))) continue;
    for (const message of messages) out.push({ path, message });
  }
  return out;
}

export function FieldError({ issues, path }: { issues: FieldIssues; path: string }) {
  const messages = messagesFor(issues, path);
  if (messages.length === 0) return null;
  return (
    <span class="field-error" role="alert" data-testid="field-error" data-path={path}>
      {messages.join('; ')}
    </span>
  );
}
