// English and Brazilian Portuguese for every string people read.
//
// Each screen keeps its strings beside it in a `*.i18n.ts` module: `defineMessages({ en: {...},
// 'pt-BR': {...} })`. A test (i18n.test.ts) checks that every module has the same keys in both
// languages with the same {placeholders}, so a string can't ship in one language only.
// Dates and times are shown in the viewer's time zone, numbers in the viewer's locale.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { Locale } from '../model/types';

export type Messages<K extends string> = { en: Record<K, string>; 'pt-BR': Record<K, string> };

export function defineMessages<K extends string>(m: Messages<K>): Messages<K> {
  return m;
}

export const LOCALES: Locale[] = ['en', 'pt-BR'];

// The browser's preferred language among ours (before anyone signs in).
export function browserLocale(): Locale {
  const langs = typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : [];
  return langs.some((l) => l?.toLowerCase().startsWith('pt')) ? 'pt-BR' : 'en';
}

// Replaces {name} placeholders with values.
export function interpolate(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

interface LocaleState {
  locale: Locale;
  timeZone: string;
  setLocale: (l: Locale) => Promise<void>;
}

const LocaleContext = createContext<LocaleState>({ locale: 'en', timeZone: 'UTC', setLocale: async () => {} });

export function LocaleProvider(props: { value: LocaleState; children: ReactNode }) {
  return <LocaleContext.Provider value={props.value}>{props.children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

export type Translate<K extends string> = (key: K, vars?: Record<string, string | number>) => string;

export function translate<K extends string>(m: Messages<K>, locale: Locale): Translate<K> {
  const table = m[locale] ?? m.en;
  return (key, vars) => interpolate(table[key] ?? m.en[key] ?? key, vars);
}

export function useT<K extends string>(m: Messages<K>): Translate<K> {
  const { locale } = useLocale();
  return useMemo(() => translate(m, locale), [m, locale]);
}

// Formatting in the viewer's locale and time zone.
export function formatter(locale: Locale, timeZone: string) {
  const zone = safeZone(timeZone);
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: zone });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: zone });
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long', timeZone: zone });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: zone });
  const number = new Intl.NumberFormat(locale);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  return {
    dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : ''),
    date: (iso: string | null | undefined) => (iso ? date.format(new Date(iso)) : ''),
    full: (iso: string | null | undefined) => (iso ? full.format(new Date(iso)) : ''),
    time: (at: Date) => time.format(at),
    number: (n: number) => number.format(n),
    bytes: (n: number) =>
      n < 1024 ? `${number.format(n)} B` : n < 1024 * 1024 ? `${number.format(Math.round(n / 102.4) / 10)} KB` : `${number.format(Math.round(n / 104857.6) / 10)} MB`,
    // "3 minutes ago" / "há 3 minutos", relative to `now`.
    ago: (iso: string | null | undefined, now: number = Date.now()) => {
      if (!iso) return '';
      const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
      const abs = Math.abs(seconds);
      if (abs < 60) return relative.format(seconds, 'second');
      if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
      if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
      return relative.format(Math.round(seconds / 86400), 'day');
    },
  };
}

function safeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

export function useFormat() {
  const { locale, timeZone } = useLocale();
  return useMemo(() => formatter(locale, timeZone), [locale, timeZone]);
}
