// The customer portal: the contact's tickets (the organisation's, for its manager contact), one
// ticket with its history, reply and rating, and the form to open a new ticket. The list's filter
// and sort live in the address, so a reload or a shared link shows the same list.
import { useEffect, useRef, useState } from 'react';
import { api, query } from '../../app/api';
import { useAsync } from '../../app/data';
import { useFormat, useT } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { useSession } from '../../app/session';
import type { Ticket, TicketPage } from '../../model/types';
import { ErrorBanner, Loading } from '../../ui/feedback';
import { defaultOrder, TicketTable, type ColumnKey, type ExtraColumn, type Sort, type SortKey } from '../../ui/TicketTable';
import { refocus } from '../../ui/focus';
import m from './portal.i18n';

export { PortalTicketPage } from './PortalTicket';
export { PortalNewTicketPage } from './PortalNewTicket';

type Show = 'open' | 'resolved' | 'all';

const SHOW: Record<Show, string> = {
  open: 'new,open,pending_customer,pending_vendor',
  resolved: 'resolved,closed',
  all: '',
};
const SHOWS: Show[] = ['open', 'resolved', 'all'];
const COLUMNS: ColumnKey[] = ['number', 'subject', 'type', 'status', 'updated'];
const SORT_KEYS: SortKey[] = ['updated', 'created', 'number', 'priority', 'status', 'type', 'subject'];
const PAGE = 50;

// The list's state as written in the address: ?show=open&sort=updated&order=desc.
function readListState(search: URLSearchParams): { show: Show; sort: Sort } {
  const s = search.get('show');
  const show: Show = s === 'resolved' || s === 'all' ? s : 'open';
  const k = search.get('sort') as SortKey | null;
  const key: SortKey = k && SORT_KEYS.includes(k) ? k : 'updated';
  const o = search.get('order');
  const order = o === 'asc' || o === 'desc' ? o : defaultOrder(key);
  return { show, sort: { key, order } };
}

function listHref(show: Show, sort: Sort): string {
  const isDefaultSort = sort.key === 'updated' && sort.order === 'desc';
  return '/portal' + query({ show: show === 'open' ? undefined : show, sort: isDefaultSort ? undefined : sort.key, order: isDefaultSort ? undefined : sort.order });
}

export function PortalTicketsPage() {
  const t = useT(m);
  const f = useFormat();
  const { me } = useSession();
  const { search } = useLocation();
  const { show, sort } = readListState(search);
  const manager = !!me?.manager_contact;

  const listUrl = (cursor: string | null) =>
    '/api/v1/tickets' + query({ status: SHOW[show], sort: sort.key, order: sort.order, limit: PAGE, cursor });

  const first = useAsync(() => api.get<TicketPage>(listUrl(null)), [show, sort.key, sort.order]);

  // Pages fetched with "Show more", for the list as it is now; a new filter or sort starts over.
  const listKey = `${show}|${sort.key}|${sort.order}`;
  const [more, setMore] = useState<{ key: string; items: Ticket[]; cursor: string | null } | null>(null);
  const [moreBusy, setMoreBusy] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const currentKey = useRef(listKey);
  currentKey.current = listKey;
  useEffect(() => {
    setMore(null);
    setMoreError(null);
  }, [listKey]);

  const extra = more && more.key === listKey ? more : null;
  const items = first.data ? [...first.data.items, ...(extra?.items ?? [])] : [];
  const cursor = extra ? extra.cursor : first.data?.next_cursor ?? null;

  // After "Show more", the keyboard moves to the first ticket just loaded.
  const focusRow = useRef<number | null>(null);
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const index = focusRow.current;
    if (index === null) return;
    const rows = list.current?.querySelectorAll<HTMLElement>('tr[data-row]');
    if (rows && rows.length > index) {
      focusRow.current = null;
      rows[index].focus();
    }
  }, [items.length]);

  const loadMore = async () => {
    if (!cursor || moreBusy) return;
    const key = listKey;
    const before = items.length;
    setMoreBusy(true);
    setMoreError(null);
    try {
      const page = await api.get<TicketPage>(listUrl(cursor));
      if (currentKey.current !== key) return;  // the filter changed meanwhile
      if (page.items.length > 0) focusRow.current = before;
      setMore((prev) => ({
        key,
        items: [...(prev && prev.key === key ? prev.items : []), ...page.items],
        cursor: page.next_cursor,
      }));
    } catch (e) {
      if (currentKey.current === key) {
        setMoreError(e);
        refocus(list.current?.querySelector('button.show-more'));
      }
    } finally {
      setMoreBusy(false);
    }
  };

  const setShow = (s: Show) => navigate(listHref(s, sort), { replace: true });
  const setSort = (s: Sort) => navigate(listHref(show, s), { replace: true });

  const requesterColumn: ExtraColumn[] = manager
    ? [{ key: 'requester', header: t('colRequester'), cell: (x) => x.requester_name ?? <span className="muted">{t('noRequester')}</span> }]
    : [];

  const caption = t(show === 'open' ? 'captionOpen' : show === 'resolved' ? 'captionResolved' : 'captionAll');

  return (
    <section className="stack">
      <div className="row toolbar">
        <h1>{manager ? t('orgTicketsTitle') : t('myTicketsTitle')}</h1>
        <Link to="/portal/new" className="primary">
          {t('newTicket')}
        </Link>
      </div>
      {manager && <p className="muted">{t('managerIntro')}</p>}

      <fieldset className="row toolbar">
        <legend>{t('show')}</legend>
        {SHOWS.map((s) => (
          <label key={s}>
            <input type="radio" name="portal-show" value={s} checked={show === s} onChange={() => setShow(s)} /> {t(`show_${s}`)}
          </label>
        ))}
      </fieldset>

      {first.error ? <ErrorBanner error={first.error} onRetry={first.reload} /> : null}
      {first.loading && !first.data ? (
        <Loading />
      ) : first.data && items.length === 0 ? (
        <div className="empty">
          <p>{t(show === 'open' ? 'emptyOpen' : show === 'resolved' ? 'emptyResolved' : 'emptyAll')}</p>
          <p>
            <Link to="/portal/new" className="primary">
              {t('emptyAction')}
            </Link>
          </p>
        </div>
      ) : first.data ? (
        <div ref={list} className="stack" aria-busy={first.loading || moreBusy}>
          <TicketTable
            tickets={items}
            caption={caption}
            columns={COLUMNS}
            sort={sort}
            onSort={setSort}
            href={(x) => `/portal/tickets/${x.id}`}
            extra={requesterColumn}
          />
          <p className="muted" aria-live="polite">
            {cursor ? t('shownSome', { count: f.number(items.length) }) : t('shownAll', { count: f.number(items.length) })}
          </p>
          {moreError ? <ErrorBanner error={moreError} /> : null}
          {cursor && (
            <p>
              <button type="button" className="show-more" onClick={() => void loadMore()} disabled={moreBusy} aria-busy={moreBusy}>
                {moreBusy ? t('loadingMore') : t('showMore')}
              </button>
            </p>
          )}
        </div>
      ) : null}
    </section>
  );
}
