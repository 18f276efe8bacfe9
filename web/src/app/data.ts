// Loading data for a screen: the value, the error in plain words, and a way to reload.
import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (t: T) => void;
}

export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    setLoading(true);
    load()
      .then((v) => {
        if (call !== latest.current) return;  // a newer load replaced this one
        setData(v);
        setError(null);
      })
      .catch((e) => {
        if (call === latest.current) setError(e);
      })
      .finally(() => {
        if (call === latest.current) setLoading(false);
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

// Data that moves with time as well as with edits (SLA clocks, escalation deadlines): loaded when
// `deps` change and again every `everyMs`. `now` is when it last arrived, for countdowns; a failed
// reload keeps what is shown (the error is there for the first load).
export interface Refreshing<T> {
  data: T | null;
  error: unknown;
  now: number;
  reload: () => void;
  setData: Dispatch<SetStateAction<T | null>>;
}

export function useRefreshing<T>(load: () => Promise<T>, deps: unknown[], everyMs = 60_000): Refreshing<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(() => Date.now());
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let live = true;
    const run = () =>
      load().then(
        (x) => {
          if (!live) return;
          setData(x);
          setError(null);
          setNow(Date.now());
        },
        (e) => live && setError(e),
      );
    void run();
    const timer = window.setInterval(run, everyMs);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, nonce, everyMs]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, error, now, reload, setData };
}

// The time, moving on every `everyMs` (for countdowns and states that change with time alone).
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
