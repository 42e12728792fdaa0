/** The answer-rate target the operator sets (kept per browser): bars below it turn red. */
import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../shared/i18n.ts';
import { t } from './text.ts';

const STORAGE_KEY = 'helpline.target';
const DEFAULT_TARGET = 0.5;

export function useTarget(): [number, (target: number) => void] {
  const [target, setTarget] = useState(() => {
    const saved = Number(localStorage.getItem(STORAGE_KEY));
    return saved > 0 && saved <= 1 ? saved : DEFAULT_TARGET;
  });
  useEffect(() => localStorage.setItem(STORAGE_KEY, String(target)), [target]);
  return [target, setTarget];
}

export function TargetInput({ value, onChange, lang }: { value: number; onChange: (target: number) => void; lang: Lang }) {
  return (
    <label class="target-input">
      {t(lang, 'target')}
      <input
        type="number"
        min={1}
        max={100}
        step={1}
        value={Math.round(value * 100)}
        data-testid="target"
        onInput={(e) => {
          const percent = Number(e.currentTarget.value);
          if (percent >= 1 && percent <= 100) onChange(percent / 100);
        }}
      />
      %
    </label>
  );
}
