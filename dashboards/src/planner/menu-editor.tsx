/** The top-level menu in order, reordered by dragging a row or with its ↑ ↓ buttons (keyboard and touch users). */
import { useState } from 'preact/hooks';
import { inLang, type Lang } from '../shared/i18n.ts';
import type { MenuOptionView } from './edits.ts';
import { FieldError, type FieldIssues } from './issues.tsx';
import { t } from './text.ts';

export function MenuEditor(props: { options: MenuOptionView[]; lang: Lang; issues: FieldIssues; onMove: (from: number, to: number) => void }) {
  const { options, lang, issues, onMove } = props;
  const [dragging, setDragging] = useState<number | null>(null);
  return (
    <section class="panel">
      <h2>{t(lang, 'menu')}</h2>
      <p class="note">{t(lang, 'menuHelp')}</p>
      <ol class="menu-list" data-testid="menu-list">
        {options.map((o, i) => {
          const name = inLang(o.label, lang);
          return (
            <li
              key={`${o.label.en}|${o.label.ja}`}
              draggable
              class={dragging === i ? 'dragging' : ''}
              data-testid="menu-option"
              onDragStart={(e) => {
                setDragging(i);
                e.dataTransfer?.setData('text/plain', String(i));
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                const from = Number(e.dataTransfer?.getData('text/plain'));
                if (Number.isInteger(from)) onMove(from, i);
                setDragging(null);
              }}
            >
              <span class="grip" aria-hidden="true">⋮⋮</span>
              <span class="digit">{o.digit}</span>
              <span class="option-name">
                {name.main}
                {name.other && <small>{name.other}</small>}
              </span>
              <button type="button" class="icon" title={t(lang, 'up')} aria-label={`${t(lang, 'up')}: ${name.main}`} disabled={i === 0} onClick={() => onMove(i, i - 1)} data-testid="move-up">
                ↑
              </button>
              <button
                type="button"
                class="icon"
                title={t(lang, 'down')}
                aria-label={`${t(lang, 'down')}: ${name.main}`}
                disabled={i === options.length - 1}
                onClick={() => onMove(i, i + 1)}
                data-testid="move-down"
              >
                ↓
              </button>
              <FieldError issues={issues} path={`menu.options[${i}]`} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
