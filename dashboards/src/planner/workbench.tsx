/**
 * The planner workbench: pick a stored scenario, edit a draft of it (menu order, lines,
 * hours) with the API checking every edit, run it, watch progress, read and download results.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Lang } from '../shared/i18n.ts';
import { LangSwitch } from '../shared/lang-switch.tsx';
import { API_KEY_STORAGE as KEY_STORAGE } from '../shared/ws-ticket.ts';
import { ApiError, PlannerApi, type Issue, type RunRecord, type RunRequest, type ScenarioJson, type ScenarioSummary, type StoredScenario } from './api.ts';
import { menuOptions, moveOption, organisations, pools, setLineCount, setShiftTime } from './edits.ts';
import { HoursEditor } from './hours-editor.tsx';
import { byField, unplaced } from './issues.tsx';
import { LinesEditor } from './lines-editor.tsx';
import { MenuEditor } from './menu-editor.tsx';
import { RunProgress } from './progress.tsx';
import { Results } from './results.tsx';
import { RunForm, type RunTarget } from './run-form.tsx';
import { followRun, isActive, isNewer, type RunFeedMode } from './run-feed.ts';
import { t } from './text.ts';

/** Edits are checked by the API once typing pauses this long. */
const VALIDATE_AFTER_MS = 300;
/** Fields the editors show errors on; anything else is listed above them. */
const EDITED_FIELDS = ['menu.options', 'pools', 'organisations'];

export function Workbench({ lang, setLang }: { lang: Lang; setLang: (lang: Lang) => void }) {
  const [key, setKey] = useState(() => sessionStorage.getItem(KEY_STORAGE) ?? '');
  const [keyInput, setKeyInput] = useState(key);
  const api = useMemo(() => new PlannerApi(key), [key]);
  const [list, setList] = useState<ScenarioSummary[] | undefined>();
  const [stored, setStored] = useState<StoredScenario | undefined>();
  const [draft, setDraft] = useState<ScenarioJson | undefined>();
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [run, setRun] = useState<RunRecord | undefined>();
  const [feedMode, setFeedMode] = useState<RunFeedMode | undefined>();

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 400 && e.issues.length > 0) setIssues(e.issues);
    else setError(e instanceof Error ? e.message : String(e));
  };

  const refreshList = () =>
    api
      .scenarios()
      .then((l) => {
        setList(l);
        setError(undefined);
      })
      .catch(fail);

  useEffect(() => {
    if (key) void refreshList();
  }, [api]);

  const open = (id: string) =>
    api
      .scenario(id)
      .then((s) => {
        setStored(s);
        setDraft(s.scenario);
        setIssues([]);
        setRun(undefined);
      })
      .catch(fail);

  // the API is the one judge of a valid scenario: ask it after each pause in editing
  useEffect(() => {
    if (!draft || draft === stored?.scenario) return;
    const timer = setTimeout(() => {
      api
        .validate(draft)
        .then(() => setIssues([]))
        .catch(fail);
    }, VALIDATE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  // progress of the active run: pushed on /ws/runs (opened with a ticket), polled only if no socket opens
  const followed = run && isActive(run) ? run.id : undefined;
  useEffect(() => {
    if (!run || followed === undefined) return;
    setFeedMode(undefined);
    const feed = followRun(api, run, {
      run: (r) => setRun((current) => (current?.id === r.id && isNewer(r, current) ? r : current)),
      error: fail,
      mode: setFeedMode,
    });
    return () => feed.stop();
  }, [api, followed]);

  const start = (request: (target: RunTarget) => RunRequest) => {
    if (!stored || !draft) return;
    const target: RunTarget = { base: { id: stored.id, version: stored.version }, draft, draftName: `${String(draft.name)} (edited 変更案)` };
    setError(undefined);
    api
      .startRun(request(target))
      .then((r) => {
        setRun(r);
        setIssues([]);
      })
      .catch(fail);
  };

  const importFile = async (file: File) => {
    try {
      const created = await api.importScenario(JSON.parse(await file.text()) as ScenarioJson);
      await refreshList();
      await open(created.id);
    } catch (e) {
      fail(e);
    }
  };

  const fields = byField(issues);
  const others = unplaced(fields, EDITED_FIELDS);
  const edited = draft !== undefined && draft !== stored?.scenario;
  const orgNames = new Map(draft ? organisations(draft).map((o) => [o.id, o.name]) : []);
  const active = run !== undefined && isActive(run);

  return (
    <div class="page planner">
      <header class="top">
        <div class="brand">
          <h1>{t(lang, 'title')}</h1>
          <span class="sub">{t(lang, 'subtitle')}</span>
        </div>
        <nav>
          <a href="/">← {t(lang, 'liveBoard')}</a>
        </nav>
        <LangSwitch lang={lang} onChange={setLang} />
      </header>

      <div class="toolbar">
        <form
          class="key-form"
          onSubmit={(e) => {
            e.preventDefault();
            sessionStorage.setItem(KEY_STORAGE, keyInput);
            setKey(keyInput);
          }}
        >
          <label>
            {t(lang, 'apiKey')}
            <input type="password" value={keyInput} autocomplete="off" title={t(lang, 'apiKeyHelp')} onInput={(e) => setKeyInput(e.currentTarget.value)} data-testid="api-key" />
          </label>
          <button type="submit" class="secondary" data-testid="connect">
            {t(lang, 'connect')}
          </button>
        </form>
        {list && (
          <label>
            {t(lang, 'scenario')}
            <select value={stored?.id ?? ''} onChange={(e) => e.currentTarget.value && void open(e.currentTarget.value)} data-testid="scenario-select">
              <option value="">{t(lang, 'pick')}</option>
              {list.map((s) => (
                <option value={s.id}>
                  {s.name} ({t(lang, 'version')} {s.latestVersion})
                </option>
              ))}
            </select>
          </label>
        )}
        {list && (
          <label class="file-button">
            {t(lang, 'importFile')}
            <input type="file" accept="application/json,.json" onChange={(e) => e.currentTarget.files?.[0] && void importFile(e.currentTarget.files[0])} data-testid="import-file" />
          </label>
        )}
        {edited && (
          <>
            <span class="edited-badge">{t(lang, 'edited')}</span>
            <button type="button" class="secondary" onClick={() => stored && (setDraft(stored.scenario), setIssues([]))}>
              {t(lang, 'reset')}
            </button>
            <button type="button" class="secondary" disabled={issues.length > 0} onClick={() => stored && draft && api.saveVersion(stored.id, draft).then((s) => (setStored(s), setDraft(s.scenario), void refreshList())).catch(fail)}>
              {t(lang, 'saveVersion')}
            </button>
          </>
        )}
      </div>

      {error && (
        <p class="banner" role="alert" data-testid="error-banner">
          {error}
        </p>
      )}
      {list && list.length === 0 && <p class="placeholder">{t(lang, 'noScenarios')}</p>}

      {draft && (
        <main class="workbench">
          <div class="editing">
            <div class="plan">
              {others.length > 0 && (
                <div class="banner" role="alert" data-testid="other-errors">
                  {t(lang, 'otherErrors')}:
                  <ul>
                    {others.map((i) => (
                      <li>
                        <code>{i.path}</code>: {i.message}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <MenuEditor options={menuOptions(draft)} lang={lang} issues={fields} onMove={(from, to) => setDraft(moveOption(draft, from, to))} />
              <LinesEditor pools={pools(draft)} orgNames={orgNames} lang={lang} issues={fields} onChange={(p, b, text) => setDraft(setLineCount(draft, p, b, text))} />
              <HoursEditor organisations={organisations(draft)} lang={lang} issues={fields} onChange={(o, s, f, text) => setDraft(setShiftTime(draft, o, s, f, text))} />
            </div>
            <div class="side">
              <RunForm key={stored?.id} lang={lang} pools={pools(draft)} disabled={issues.length > 0 ? t(lang, 'fixFirst') : active ? t(lang, 'status_running') : null} onStart={start} />
              {run && <RunProgress run={run} feed={feedMode} lang={lang} onCancel={() => api.cancelRun(run.id).then(setRun).catch(fail)} />}
            </div>
          </div>
          {run?.status === 'succeeded' && <Results api={api} run={run} lang={lang} onError={fail} />}
        </main>
      )}
    </div>
  );
}
