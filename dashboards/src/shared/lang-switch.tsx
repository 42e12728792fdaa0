/** The 日本語 | English switch in each page's header. */
import type { Lang } from './i18n.ts';

export function LangSwitch({ lang, onChange }: { lang: Lang; onChange: (lang: Lang) => void }) {
  return (
    <div class="lang-switch" role="group" aria-label="Language / 言語">
      {(['ja', 'en'] as const).map((l) => (
        <button type="button" class={l === lang ? 'on' : ''} aria-pressed={l === lang} onClick={() => onChange(l)} data-testid={`lang-${l}`}>
          {l === 'ja' ? '日本語' : 'English'}
        </button>
      ))}
    </div>
  );
}
