// The agent's queues (mine, my team, unassigned, all open, saved ones) and search results: one
// sortable, keyboard-navigable list whose filters and sort live in the address bar, so a view
// can be bookmarked, shared and saved as a queue.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, query } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useDirectory } from '../../app/directory';
import { useFormat, useT } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import type { ListOf, SavedFilter, TicketPage } from '../../model/types';
import { PRIORITIES, STATUSES, TICKET_TYPES } from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { ErrorBanner, Loading, Notice, useFieldErrors } from '../../ui/feedback';
import { TextField } from '../../ui/forms';
import { FormButtons, useSubmit } from '../../ui/kit';
import { TicketTable, type Sort } from '../../ui/TicketTable';
import m from './queue.i18n';
import { useSlaColumn } from './SlaColumn';
import { BUILTIN_QUEUES, builtinFilter, builtinSort, refine, savedFilter, savedQuery, searchFor, sortFrom, type BuiltinQueue } from './queues';

const PAGE = 50;

interface Counts {
  by_status: Record<string, number>;
  total: number;
}

function useSavedFilters() {
  return useAsync(() => api.get<ListOf<SavedFilter>>('/api/v1/saved-filters').then((l) => l.items), []);
}

function QueueNav(props: { current: string; saved: SavedFilter[] }) {
  const t = useT(m);
  return (
    <nav className="queue-nav" aria-label={t('queues')}>
      <ul>
        {BUILTIN_QUEUES.map((q) => (
          <li key={q}>
            <Link to={`/queues/${q}`} aria-current={props.current === q ? 'page' : undefined}>
              {t(`queue_${q}`)}
            </Link>
          </li>
        ))}
      </ul>
      {props.saved.length > 0 && (
        <>
          <h2 className="nav-heading">{t('savedQueues')}</h2>
          <ul>
            {props.saved.map((f) => (
              <li key={f.id}>
                <Link to={`/queues/saved-${f.id}`} aria-current={props.current === `saved-${f.id}` ? 'page' : undefined}>
                  {f.name}
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </nav>
  );
}

// The filter bar over a list: each choice goes to the address bar.
function Refinements() {
  const t = useT(m);
  const c = useT(common);
  const { search } = useLocation();
  const { me } = useSession();
  const dir = useDirectory(true);
  const set = (k: string, v: string) => navigate(window.location.pathname + searchFor(search, { [k]: v, cursor: null }));
  const value = (k: string) => search.get(k) ?? '';
  const select = (k: string, label: string, options: Array<[string, string]>) => (
    <label className="refine">
      <span>{label}</span>
      <select value={value(k)} onChange={(e) => set(k, e.target.value)}>
        <option value="">{t('queueDefault')}</option>
        <option value="any">{t('any')}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="toolbar refinements" role="group" aria-label={t('refine')}>
      {select('status', t('status'), [
        ['new,open,pending_customer,pending_vendor', t('openWork')],
        ...STATUSES.map((s) => [s, c(`status_${s}`)] as [string, string]),
      ])}
      {select(
        'priority',
        t('priority'),
        PRIORITIES.map((p) => [p, p]),
      )}
      {select(
        'type',
        t('type'),
        TICKET_TYPES.map((x) => [x, c(`type_${x}`)]),
      )}
      {select(
        'team_id',
        t('team'),
        (dir?.teams ?? []).map((x) => [String(x.id), x.name]),
      )}
      {select('assignee_id', t('assignee'), [
        ['me', t('me', { name: me?.name ?? '' })],
        ['none', t('nobody')],
        ...(dir?.users ?? []).filter((u) => u.active && u.id !== me?.id).map((u) => [String(u.id), u.name] as [string, string]),
      ])}
    </div>
  );
}

function StatusCounts(props: { filters: Record<string, string> }) {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const [counts, setCounts] = useState<Counts | null>(null);
  const key = JSON.stringify(props.filters);
  useEffect(() => {
    let live = true;
    setCounts(null);
    // The counts are a convenience: they never hold up the rows, and a failure just hides them.
    api
      .get<Counts>('/api/v1/tickets/counts' + query(props.filters))
      .then((x) => live && setCounts(x))
      .catch(() => {});
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  if (!counts) return null;
  const shown = STATUSES.filter((s) => counts.by_status[s] > 0);
  return (
    <p className="counts" aria-live="polite">
      <strong>{t('matching', { count: f.number(counts.total) })}</strong>
      {shown.map((s) => (
        <span key={s} className="count">
          {c(`status_${s}`)}: {f.number(counts.by_status[s])}
        </span>
      ))}
    </p>
  );
}

function SaveQueueDialog(props: { open: boolean; filters: Record<string, string>; onClose: () => void; onSaved: (f: SavedFilter) => void }) {
  const t = useT(m);
  const c = useT(common);
  const [name, setName] = useState('');
  const { busy, error, run } = useSubmit();
  const fieldError = useFieldErrors(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const f = await api.post<SavedFilter>('/api/v1/saved-filters', { name, query: savedQuery(props.filters) });
      setName('');
      props.onSaved(f);
    });
  };
  return (
    <Dialog open={props.open} title={t('saveQueue')} onClose={props.onClose}>
      <form className="stack" onSubmit={submit}>
        <ErrorBanner error={error} shown={['name']} />
        <p className="muted">{t('saveQueueHint')}</p>
        <TextField label={t('queueName')} value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} error={fieldError('name')} autoFocus />
        <FormButtons busy={busy} label={c('save')} onCancel={props.onClose} disabled={!name.trim()} />
      </form>
    </Dialog>
  );
}

// A list of tickets for `filters`, sorted as the address bar says, 50 at a time.
function TicketList(props: { filters: Record<string, string>; caption: string; defaultSort?: Sort }) {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const { search } = useLocation();
  const sort = sortFrom(search, props.defaultSort);
  const key = JSON.stringify([props.filters, sort]);
  const first = useAsync(
    () => api.get<TicketPage>('/api/v1/tickets' + query({ ...props.filters, sort: sort.key, order: sort.order, limit: PAGE })),
    [key],
  );
  const [more, setMore] = useState<TicketPage[]>([]);
  const [moreError, setMoreError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // Pages fetched for an earlier filter or sort must not land under the current one.
  const generation = useRef(key);
  generation.current = key;
  useEffect(() => {
    setMore([]);
    setMoreError(null);
  }, [key]);

  const onSort = (s: Sort) => navigate(window.location.pathname + searchFor(search, { sort: s.key, order: s.order }));
  const last = more.length ? more[more.length - 1] : first.data;
  const loadMore = async () => {
    if (!last?.next_cursor) return;
    const asked = key;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.get<TicketPage>(
        '/api/v1/tickets' + query({ ...props.filters, sort: sort.key, order: sort.order, limit: PAGE, cursor: last.next_cursor }),
      );
      if (generation.current === asked) setMore((p) => [...p, page]);
    } catch (e) {
      if (generation.current === asked) setMoreError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  const tickets = useMemo(() => (first.data ? [first.data, ...more].flatMap((p) => p.items) : []), [first.data, more]);
  const slaColumn = useSlaColumn(tickets);
  if (first.error) return <ErrorBanner error={first.error} onRetry={first.reload} />;
  if (!first.data) return <Loading />;
  return (
    <>
      <TicketTable tickets={tickets} caption={props.caption} sort={sort} onSort={onSort} extra={[slaColumn]} />
      <ErrorBanner error={moreError} />
      <p className="list-foot">
        <span className="muted" role="status">
          {t('showing', { count: f.number(tickets.length) })}
        </span>
        {last?.next_cursor && (
          <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? c('loading') : c('loadMore')}
          </button>
        )}
        {first.loading && <span className="muted">{c('loading')}</span>}
      </p>
    </>
  );
}

export function QueuePage(props: { queue: string }) {
  const t = useT(m);
  const { me } = useSession();
  const { search } = useLocation();
  const saved = useSavedFilters();
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState('');
  const [deleteError, setDeleteError] = useState<unknown>(null);

  let title = '';
  let base: Record<string, string> | null = null;
  let savedOne: SavedFilter | undefined;
  if ((BUILTIN_QUEUES as string[]).includes(props.queue)) {
    title = t(`queue_${props.queue as BuiltinQueue}`);
    base = me ? builtinFilter(props.queue as BuiltinQueue, me) : null;
  } else if (props.queue.startsWith('saved-')) {
    savedOne = saved.data?.find((f) => `saved-${f.id}` === props.queue);
    if (savedOne) {
      title = savedOne.name;
      base = savedFilter(savedOne);
    }
  }
  const filters = base ? refine(base, search) : null;

  const remove = async () => {
    if (!savedOne || !window.confirm(t('deleteQueueConfirm', { name: savedOne.name }))) return;
    setDeleteError(null);
    try {
      await api.delete(`/api/v1/saved-filters/${savedOne.id}`);
      saved.reload();
      navigate('/queues/mine');
    } catch (e) {
      setDeleteError(e);
    }
  };

  let content;
  if (props.queue.startsWith('saved-') && !saved.data && !saved.error) content = <Loading />;
  else if (props.queue.startsWith('saved-') && !savedOne) content = <p>{t('noSuchQueue')}</p>;
  else if (!(BUILTIN_QUEUES as string[]).includes(props.queue) && !savedOne) content = <p>{t('noSuchQueue')}</p>;
  else if (!filters) content = <p>{t('noTeam')}</p>;
  else content = <TicketList filters={filters} caption={title} defaultSort={builtinSort(props.queue as BuiltinQueue)} />;

  return (
    <div className="with-sidebar">
      <QueueNav current={props.queue} saved={saved.data ?? []} />
      <section className="queue">
        <div className="page-head">
          <h1>{title || t('queues')}</h1>
          <div className="row">
            {filters && (
              <button type="button" onClick={() => setSaving(true)}>
                {t('saveQueue')}
              </button>
            )}
            {savedOne && (
              <button type="button" className="danger" onClick={() => void remove()}>
                {t('deleteQueue')}
              </button>
            )}
          </div>
        </div>
        {notice && <Notice kind="success">{notice}</Notice>}
        <ErrorBanner error={deleteError} />
        {filters && <Refinements />}
        {filters && <StatusCounts filters={filters} />}
        {content}
        {filters && (
          <SaveQueueDialog
            open={saving}
            filters={filters}
            onClose={() => setSaving(false)}
            onSaved={(f) => {
              setSaving(false);
              setNotice(t('queueSaved', { name: f.name }));
              saved.reload();
              navigate(`/queues/saved-${f.id}`);
            }}
          />
        )}
        {!filters && saved.error ? <ErrorBanner error={saved.error} onRetry={saved.reload} /> : null}
      </section>
    </div>
  );
}

export function SearchPage() {
  const t = useT(m);
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const filters = refine({ q }, search);
  return (
    <section className="search-page">
      <h1>{q ? t('resultsFor', { q }) : t('search')}</h1>
      {q ? (
        <>
          <Refinements />
          <StatusCounts filters={filters} />
          <TicketList filters={filters} caption={t('resultsFor', { q })} />
        </>
      ) : (
        <p className="muted">{t('searchHint')}</p>
      )}
    </section>
  );
}
