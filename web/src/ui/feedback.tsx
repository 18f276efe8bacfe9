// Messages to people: errors in plain words, loading states, and a polite live region for
// things that happen without them asking (a colleague changed the ticket).
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../app/api';
import common from '../app/common.i18n';
import { useLocale, useT } from '../app/i18n';
import { problemText, translateServerText } from '../app/server-text';

// The message for an error, in the reader's language.
export function useErrorText(): (error: unknown) => string {
  const t = useT(common);
  const { locale } = useLocale();
  return (e: unknown) => {
    if (e instanceof ApiError) {
      if (e.status === 422 || (e.status === 400 && Object.keys(e.fields).length)) return problemText(422, '', locale);
      return problemText(e.status, e.message, locale);
    }
    return t('genericError', { message: e instanceof Error ? e.message : String(e) });
  };
}

// Field messages of an API error, in the reader's language: `fieldError('subject')`.
export function useFieldErrors(error: unknown): (field: string) => string | undefined {
  const { locale } = useLocale();
  return (field: string) => {
    if (!(error instanceof ApiError)) return undefined;
    const msg = error.field(field);
    return msg === undefined ? undefined : translateServerText(msg, locale) ?? msg;
  };
}

// An error in plain words. Field messages of a rejected form are listed here too, except those
// for the `shown` fields, which the form displays under their controls.
export function ErrorBanner(props: { error: unknown; onRetry?: () => void; shown?: string[] }) {
  const t = useT(common);
  const text = useErrorText();
  const fieldError = useFieldErrors(props.error);
  if (!props.error) return null;
  const e = props.error;
  const shown = props.shown ?? [];
  const others =
    e instanceof ApiError
      ? Object.keys(e.fields).filter((f) => !shown.some((s) => f === s || f.startsWith(s + '.')))
      : [];
  return (
    <div className="banner error" role="alert">
      <span>{text(e)}</span>
      {others.length > 0 && (
        <ul>
          {others.map((f) => (
            <li key={f}>
              <code>{f}</code>: {fieldError(f)}
            </li>
          ))}
        </ul>
      )}
      {props.onRetry && (
        <button type="button" className="link" onClick={props.onRetry}>
          {t('reload')}
        </button>
      )}
    </div>
  );
}

export function Notice(props: { children: ReactNode; kind?: 'info' | 'success' | 'warning'; action?: ReactNode }) {
  return (
    <div className={`banner ${props.kind ?? 'info'}`} role="status">
      <span>{props.children}</span>
      {props.action}
    </div>
  );
}

export function Loading() {
  const t = useT(common);
  return (
    <p className="loading" role="status" aria-live="polite">
      {t('loading')}
    </p>
  );
}

// Announces `message` to screen readers (and shows it briefly) whenever it changes.
export function LiveAnnouncement(props: { message: string }) {
  const [shown, setShown] = useState('');
  useEffect(() => {
    if (!props.message) return;
    setShown(props.message);
    const timer = setTimeout(() => setShown(''), 6000);
    return () => clearTimeout(timer);
  }, [props.message]);
  return (
    <div className="live-region" aria-live="polite" role="status">
      {shown}
    </div>
  );
}
