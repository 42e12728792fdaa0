/** Asks for the API key when live figures are not public (LIVE_PUBLIC=false); kept in sessionStorage like the planner's. */
import { useState } from 'preact/hooks';
import type { Lang } from '../shared/i18n.ts';
import { t } from './text.ts';

export function KeyPrompt({ refused, lang, onSubmit }: { refused: boolean; lang: Lang; onSubmit: (key: string) => void }) {
  const [key, setKey] = useState('');
  return (
    <form
      class="panel key-prompt"
      data-testid="live-key-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (key) onSubmit(key);
      }}
    >
      <p>{t(lang, 'keyNeeded')}</p>
      {refused && (
        <p class="key-refused" role="alert" data-testid="live-key-refused">
          {t(lang, 'keyRefused')}
        </p>
      )}
      <label>
        {t(lang, 'apiKey')}
        <input type="password" value={key} autocomplete="off" onInput={(e) => setKey(e.currentTarget.value)} data-testid="live-api-key" />
      </label>
      <button type="submit" class="primary" data-testid="live-connect">
        {t(lang, 'connect')}
      </button>
    </form>
  );
}
