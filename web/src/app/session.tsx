// Who is signed in, signing in and out, and what happens when a session ends mid-work: the
// page stays as it is (with whatever the person typed) and a sign-in dialog appears over it.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Locale, Session } from '../model/types';
import { api, ApiError } from './api';
import { browserLocale, LocaleProvider } from './i18n';
import { onceByKey } from './magic-link';
import { saved } from './storage';

interface SessionState {
  me: Session | null;
  loading: boolean;
  expired: boolean;  // a signed-in request answered 401: ask to sign in again, keep the page
  signIn: (email: string, password: string) => Promise<Session>;
  // Signs in with the token of an e-mailed sign-in link (at most once per token: a link works once).
  signInWithLink: (token: string) => Promise<Session>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
  setLocale: (l: Locale) => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

const LOCALE_KEY = 'farol.locale';

function storedLocale(): Locale {
  const v = saved.getItem(LOCALE_KEY);
  return v === 'en' || v === 'pt-BR' ? v : browserLocale();
}

// Who is signed in is asked for as soon as the script runs, while React is still starting, so
// the first screen's data can be requested sooner (about 0.1 s on a cold tab).
// A sign-in link's token is redeemed once per page load, however often it is asked for (React
// StrictMode runs effects twice; the server would refuse the second).
const redeemed = onceByKey((token) =>
  api.request<Session>('POST', '/api/v1/auth/magic-link/redeem', { token }, { quiet401: true }),
);

let early: Promise<Session> | null =
  typeof window !== 'undefined' ? api.get<Session>('/api/v1/auth/session', { quiet401: true }) : null;
early?.catch(() => {});

export function SessionProvider(props: { children: ReactNode }) {
  const [me, setMe] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);
  const [anonLocale, setAnonLocale] = useState<Locale>(storedLocale);

  const adopt = useCallback((s: Session | null) => {
    setMe(s);
    api.setCsrfToken(s?.csrf_token);
    if (s) {
      saved.setItem(LOCALE_KEY, s.locale);
      setExpired(false);
    }
  }, []);

  const refresh = useCallback(async () => {
    try {
      const pending = early ?? api.get<Session>('/api/v1/auth/session', { quiet401: true });
      early = null;
      adopt(await pending);
    } catch (e) {
      if (e instanceof ApiError && e.isUnauthenticated) adopt(null);
      else throw e;
    } finally {
      setLoading(false);
    }
  }, [adopt]);

  useEffect(() => {
    refresh().catch(() => setLoading(false));
  }, [refresh]);

  useEffect(() => {
    api.onUnauthenticated(() => setExpired(true));
    return () => api.onUnauthenticated(null);
  }, []);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const s = await api.post<Session>('/api/v1/auth/login', { email, password });
      adopt(s);
      return s;
    },
    [adopt],
  );

  const signInWithLink = useCallback(
    async (token: string) => {
      let s: Session;
      try {
        s = await redeemed.get(token);
      } catch (e) {
        // A network or server failure may be tried again; a refused link (401) stays refused.
        if (!(e instanceof ApiError && e.isUnauthenticated)) redeemed.forget(token);
        throw e;
      }
      adopt(s);
      return s;
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout');
    } finally {
      adopt(null);
    }
  }, [adopt]);

  const setLocale = useCallback(
    async (l: Locale) => {
      saved.setItem(LOCALE_KEY, l);
      setAnonLocale(l);
      if (me) adopt({ ...(await api.patch<Session>('/api/v1/auth/profile', { locale: l })), csrf_token: me.csrf_token });
    },
    [me, adopt],
  );

  const value = useMemo(
    () => ({ me, loading, expired, signIn, signInWithLink, signOut, refresh, setLocale }),
    [me, loading, expired, signIn, signInWithLink, signOut, refresh, setLocale],
  );
  const locale = me?.locale ?? anonLocale;
  const timeZone = me?.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <SessionContext.Provider value={value}>
      <LocaleProvider value={{ locale, timeZone, setLocale }}>{props.children}</LocaleProvider>
    </SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export function can(me: Session | null, permission: string): boolean {
  return !!me?.permissions?.includes(permission);
}
