/**
 * Japanese / English for both pages. Staff switch languages with one button; the choice is
 * kept per browser. Scenario labels (categories, organisations) already come in both
 * languages from the scenario; this file holds only the pages' own words.
 */
import { useEffect, useState } from 'preact/hooks';

export type Lang = 'ja' | 'en';

export interface Label {
  ja: string;
  en: string;
}

const STORAGE_KEY = 'helpline.lang';

function initialLang(): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'ja' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** The page language, remembered across visits, and mirrored on <html lang> for fonts and screen readers. */
export function useLang(): [Lang, (lang: Lang) => void] {
  const [lang, setLang] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
    localStorage.setItem(STORAGE_KEY, lang);
  }, [lang]);
  return [lang, setLang];
}

/** The label in `lang`, and the other language for a smaller second line (empty when they are the same). */
export function inLang(label: Label, lang: Lang): { main: string; other: string } {
  const other = lang === 'ja' ? label.en : label.ja;
  return { main: label[lang], other: other === label[lang] ? '' : other };
}

/** A translator for one page's dictionary. */
export function translator<K extends string>(dict: Record<K, Label>) {
  return (lang: Lang, key: K): string => dict[key][lang];
}
