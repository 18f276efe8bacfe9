// Building blocks of forms and lists (administration, organisations, ticket actions): submitting a form
// (busy state, the error kept beside the typed input), the "someone else changed this" message,
// lists paged with a "show more" button, and the option lists several forms share.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../app/api';
import common from '../app/common.i18n';
import { useFormat, useT } from '../app/i18n';
import type { User } from '../model/types';
import { ErrorBanner, Notice } from './feedback';
import { Checkbox, TextField, type Option } from './forms';
import m from './kit.i18n';

// Runs a form's request: `busy` while it runs, `error` when it fails (the form keeps its input).
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (request: () => Promise<void>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await request();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.isConflict;
}

// A form's error: a stale version (412) says plainly what happened and offers to reload; any
// other error is the usual banner, listing the field messages the form does not show itself.
export function FormProblem(props: { error: unknown; shown?: string[]; onReload?: () => void; noForm?: boolean }) {
  const t = useT(m);
  const banner = useRef<HTMLDivElement>(null);
  // The reloaded form replaces this one (and this button): then focus its first control, so a
  // keyboard user is not left at the top of the page.
  const reload = () => {
    const node = banner.current;
    const container = node?.closest('dialog') ?? node?.closest('form')?.parentElement;
    props.onReload?.();
    const started = Date.now();
    const wait = () => {
      if (!node || !container) return;
      if (!node.isConnected) {
        container.querySelector<HTMLElement>('form input, form select, form textarea')?.focus();
      } else if (Date.now() - started < 10000) {
        setTimeout(wait, 100);
      }
    };
    setTimeout(wait, 100);
  };
  if (!props.error) return null;
  if (isConflict(props.error)) {
    return (
      <div className="banner error" role="alert" ref={banner}>
        <span>{t(props.noForm ? 'conflictNoForm' : 'conflict')}</span>
        {props.onReload && (
          <button type="button" className="link" onClick={reload}>
            {t('reloadLatest')}
          </button>
        )}
      </div>
    );
  }
  return <ErrorBanner error={props.error} shown={props.shown} />;
}

// The submit and cancel buttons of a form.
export function FormButtons(props: { busy: boolean; label: string; onCancel?: () => void; disabled?: boolean }) {
  const c = useT(common);
  return (
    <div className="row">
      <button type="submit" className="primary" disabled={props.busy || props.disabled} aria-busy={props.busy}>
        {props.busy ? c('saving') : props.label}
      </button>
      {props.onCancel && (
        <button type="button" onClick={props.onCancel}>
          {c('cancel')}
        </button>
      )}
    </div>
  );
}

// A success message that stays until dismissed (it may hold something to copy, like a password).
export function SuccessNotice(props: { children: ReactNode; onDismiss: () => void }) {
  const t = useT(m);
  return (
    <Notice
      kind="success"
      action={
        <button type="button" className="link" onClick={props.onDismiss}>
          {t('dismiss')}
        </button>
      }
    >
      {props.children}
    </Notice>
  );
}

// A link-styled button acting on one row of a table: its visible label, and for screen readers the
// row it acts on ("Edit (N2 Network)"), since every row has the same visible label.
export function RowAction(props: {
  label: string;
  of: string;
  onClick: () => void;
  danger?: boolean;
  disabled?: boolean;
}) {
  return (
    <button type="button" className={props.danger ? 'link danger' : 'link'} disabled={props.disabled} onClick={props.onClick}>
      {props.label}
      <span className="visually-hidden"> ({props.of})</span>
    </button>
  );
}

// "Active" / "Inactive" in words (a badge, never a colour alone).
export function ActiveBadge(props: { active: boolean }) {
  const c = useT(common);
  return <span className={`badge ${props.active ? 'active' : 'inactive'}`}>{c(props.active ? 'active' : 'inactive')}</span>;
}

export function YesNo(props: { value: boolean }) {
  const c = useT(common);
  return <>{c(props.value ? 'yes' : 'no')}</>;
}

// A description list of label/value pairs.
export function Details(props: { items: Array<[ReactNode, ReactNode]> }) {
  return (
    <dl className="summary">
      {props.items.map(([label, value], i) => (
        <div key={i}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

// Every IANA time zone the browser knows, with `current` first in line if it is unusual.
export function timeZoneOptions(...current: string[]): Option[] {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return Array.from(new Set(['UTC', ...current.filter(Boolean), ...all])).map((z) => ({ value: z, label: z.replaceAll('_', ' ') }));
}

export function useLocaleOptions(): Option[] {
  const c = useT(common);
  return [
    { value: 'en', label: c('english') },
    { value: 'pt-BR', label: c('portuguese') },
  ];
}

// Active staff users by name (and the one already chosen, even if deactivated since).
export function staffOptions(users: User[], chosen: number | null | undefined, noneLabel?: string): Option[] {
  const list = users
    .filter((u) => u.active || u.id === chosen)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((u) => ({ value: String(u.id), label: u.name }));
  return noneLabel === undefined ? list : [{ value: '', label: noneLabel }, ...list];
}

// "a.com, b.com c.com" -> ["a.com", "b.com", "c.com"].
export function splitList(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

// One line per option, blank lines dropped.
export function splitLines(text: string): string[] {
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface Page<T, C> {
  items: T[];
  next: C | null | undefined;
}

export interface Paged<T> {
  items: T[];
  error: unknown;
  loading: boolean;  // the first page
  loaded: boolean;  // a first page has arrived at least once
  loadingMore: boolean;
  hasMore: boolean;
  more: () => void;
  reload: () => void;
  update: (change: (items: T[]) => T[]) => void;  // e.g. put back an item saved elsewhere
}

// A list loaded a page at a time. When `deps` change the first page is loaded again; the old
// items stay on screen until it arrives, so a sort button keeps its focus.
export function usePaged<T, C>(load: (cursor: C | undefined) => Promise<Page<T, C>>, deps: unknown[]): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<C | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [loaded, setLoaded] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [nonce, setNonce] = useState(0);
  const generation = useRef(0);
  useEffect(() => {
    const call = ++generation.current;
    setLoading(true);
    load(undefined)
      .then((p) => {
        if (call !== generation.current) return;
        setItems(p.items);
        setNext(p.next ?? null);
        setError(null);
        setLoaded(true);
      })
      .catch((e) => {
        if (call === generation.current) setError(e);
      })
      .finally(() => {
        if (call === generation.current) setLoading(false);
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, nonce]);
  const more = () => {
    if (next === null || loadingMore) return;
    const call = generation.current;
    setLoadingMore(true);
    load(next)
      .then((p) => {
        if (call !== generation.current) return;
        setItems((prev) => [...prev, ...p.items]);
        setNext(p.next ?? null);
        setError(null);
      })
      .catch((e) => {
        if (call === generation.current) setError(e);
      })
      .finally(() => setLoadingMore(false));
  };
  return {
    items,
    error,
    loading,
    loaded,
    loadingMore,
    hasMore: next !== null,
    more,
    reload: () => setNonce((n) => n + 1),
    update: setItems,
  };
}

// The count shown and the "show more" button under a paged list.
export function ShowMore<T>(props: { paged: Paged<T> }) {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const p = props.paged;
  if (!p.loaded || p.items.length === 0) return null;
  return (
    <div className="row">
      <span className="muted" role="status">
        {t('showing', { count: f.number(p.items.length) })}
      </span>
      {p.hasMore && (
        <button type="button" onClick={p.more} disabled={p.loadingMore} aria-busy={p.loadingMore}>
          {p.loadingMore ? t('loadingMore') : c('loadMore')}
        </button>
      )}
    </div>
  );
}

// A group of checkboxes choosing several of `options` (teams of a user, members of a team), with a
// filter box when the list is long.
export function CheckboxGroup(props: {
  legend: string;
  options: Option[];
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
  filterLabel?: string;
  empty?: string;
}) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const long = !!props.filterLabel && props.options.length > 8;
  const shown = long && needle ? props.options.filter((o) => o.label.toLowerCase().includes(needle) || props.value.includes(o.value)) : props.options;
  return (
    <fieldset className="field" aria-describedby={props.error ? `${id}-error` : undefined} aria-invalid={!!props.error}>
      <legend>{props.legend}</legend>
      {long && (
        <TextField
          label={props.filterLabel}
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault();  // filtering, not submitting the form
          }}
        />
      )}
      {props.options.length === 0 && props.empty && <p className="muted">{props.empty}</p>}
      <div className="checkbox-list">
        {shown.map((o) => (
          <Checkbox
            key={o.value}
            label={o.label}
            checked={props.value.includes(o.value)}
            onChange={(e) => props.onChange(e.target.checked ? [...props.value, o.value] : props.value.filter((v) => v !== o.value))}
          />
        ))}
      </div>
      {props.error && (
        <div className="field-error" id={`${id}-error`}>
          {props.error}
        </div>
      )}
    </fieldset>
  );
}
