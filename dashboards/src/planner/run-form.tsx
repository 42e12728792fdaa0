/**
 * What to run with the edited plan: replications of it, a paired comparison with the stored
 * (current) plan, a sweep of one pool block's lines, or an allocation of N lines. Builds the
 * API's run request; the API checks it and answers 400 with field paths if it cannot run.
 */
import { useState } from 'preact/hooks';
import { inLang, type Lang } from '../shared/i18n.ts';
import type { RunRequest, ScenarioJson } from './api.ts';
import { lineSweepSetting, type PoolView } from './edits.ts';
import { t } from './text.ts';

export type RunKind = 'compare' | 'replications' | 'sweep' | 'allocate';

const KIND_TEXT = { compare: 'kindCompare', replications: 'kindReplications', sweep: 'kindSweep', allocate: 'kindAllocate' } as const;

export interface RunTarget {
  /** The stored plan, compared against. */
  base: { id: string; version: number };
  draft: ScenarioJson;
  /** Draft name suffix, so the two plans can be told apart in a comparison. */
  draftName: string;
}

export function buildRequest(kind: RunKind, target: RunTarget, o: { replications: number; seed: number; sweep: [number, number]; from: number; to: number; totalLines: number }): RunRequest {
  const edited = { ...target.draft, name: target.draftName };
  const common = { replications: o.replications, seed: o.seed };
  switch (kind) {
    case 'replications':
      return { kind, scenario: { scenario: edited }, ...common };
    case 'compare':
      return { kind, base: target.base, variants: [{ scenario: edited }], ...common };
    case 'sweep':
      return { kind, scenario: { scenario: edited }, set: [lineSweepSetting(target.draft, o.sweep[0], o.sweep[1], o.from, o.to)], ...common };
    case 'allocate':
      return { kind, scenario: { scenario: edited }, totalLines: o.totalLines, ...common };
  }
}

export function RunForm(props: { lang: Lang; pools: PoolView[]; disabled: string | null; onStart: (request: (target: RunTarget) => RunRequest) => void }) {
  const { lang, pools, disabled, onStart } = props;
  const [kind, setKind] = useState<RunKind>('compare');
  const [replications, setReplications] = useState(10);
  const [seed, setSeed] = useState(1);
  const [sweep, setSweep] = useState<[number, number]>([0, 0]);
  const [from, setFrom] = useState(1);
  const [to, setTo] = useState(6);
  const [totalLines, setTotalLines] = useState(() => pools.reduce((n, p) => n + p.blocks.reduce((m, b) => m + (typeof b.count === 'number' ? b.count : 0), 0), 0));
  const num = (set: (n: number) => void) => (e: { currentTarget: HTMLInputElement }) => set(Number(e.currentTarget.value));

  return (
    <section class="panel run-form">
      <h2>{t(lang, 'run')}</h2>
      <div class="kinds" role="radiogroup" aria-label={t(lang, 'runKind')}>
        {(Object.keys(KIND_TEXT) as RunKind[]).map((k) => (
          <label class={k === kind ? 'on' : ''}>
            <input type="radio" name="kind" value={k} checked={k === kind} onChange={() => setKind(k)} data-testid={`kind-${k}`} />
            {t(lang, KIND_TEXT[k])}
          </label>
        ))}
      </div>
      <div class="run-options">
        <label>
          {t(lang, 'replications')}
          <input type="number" min={kind === 'replications' ? 1 : 2} value={replications} onInput={num(setReplications)} data-testid="replications" />
        </label>
        <label>
          {t(lang, 'seed')}
          <input type="number" min={0} value={seed} onInput={num(setSeed)} />
        </label>
        {kind === 'sweep' && (
          <>
            <label>
              {t(lang, 'sweepBlock')}
              <select value={sweep.join(':')} onChange={(e) => setSweep(e.currentTarget.value.split(':').map(Number) as [number, number])}>
                {pools.flatMap((p, i) =>
                  p.blocks.map((b, j) => (
                    <option value={`${i}:${j}`}>
                      {p.label ? inLang(p.label, lang).main : p.id}
                      {p.blocks.length > 1 ? ` — ${b.organisation}` : ''}
                    </option>
                  )),
                )}
              </select>
            </label>
            <label>
              {t(lang, 'from')}
              <input type="number" min={0} value={from} onInput={num(setFrom)} />
            </label>
            <label>
              {t(lang, 'to')}
              <input type="number" min={0} value={to} onInput={num(setTo)} />
            </label>
          </>
        )}
        {kind === 'allocate' && (
          <label>
            {t(lang, 'totalLines')}
            <input type="number" min={0} value={totalLines} onInput={num(setTotalLines)} />
          </label>
        )}
      </div>
      <button
        type="button"
        class="primary"
        disabled={disabled !== null}
        title={disabled ?? undefined}
        data-testid="start-run"
        onClick={() => onStart((target) => buildRequest(kind, target, { replications, seed, sweep, from, to, totalLines }))}
      >
        {t(lang, 'start')}
      </button>
      {disabled && <span class="note warn-text">{disabled}</span>}
    </section>
  );
}
