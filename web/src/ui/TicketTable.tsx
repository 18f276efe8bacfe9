// The ticket list used by queues, search, organisation and contact pages and the portal: sortable
// columns (a button in each header, aria-sort on the column) and rows you can walk with the
// arrow keys and open with Enter. Extra columns (the SLA countdown, later) slot in by key.
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import common from '../app/common.i18n';
import { useFormat, useT } from '../app/i18n';
import m from './tickets.i18n';
import { Link, navigate } from '../app/router';
import type { Ticket } from '../model/types';
import { PriorityBadge, StatusBadge } from './badges';

export type SortKey =
  | 'number'
  | 'subject'
  | 'organisation'
  | 'type'
  | 'priority'
  | 'status'
  | 'assignee'
  | 'team'
  | 'updated'
  | 'created'
  | 'sla_due';

export interface Sort {
  key: SortKey;
  order: 'asc' | 'desc';
}

export type ColumnKey = 'number' | 'subject' | 'organisation' | 'type' | 'priority' | 'status' | 'assignee' | 'team' | 'updated';

export const ALL_COLUMNS: ColumnKey[] = ['number', 'subject', 'organisation', 'type', 'priority', 'status', 'assignee', 'team', 'updated'];

// The order a column sorts in when first chosen: newest first for dates, otherwise ascending.
export function defaultOrder(key: SortKey): 'asc' | 'desc' {
  return key === 'updated' || key === 'created' ? 'desc' : 'asc';
}

// Clicking a column: the same column flips its order, another column starts at its default.
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { key, order: defaultOrder(key) };
}

export interface ExtraColumn {
  key: string;
  header: string;
  cell: (t: Ticket) => ReactNode;
  sortKey?: SortKey;  // the column sorts the list by this key
}


export function TicketTable(props: {
  tickets: Ticket[];
  caption: ReactNode;
  columns?: ColumnKey[];
  sort?: Sort;
  onSort?: (s: Sort) => void;
  href?: (t: Ticket) => string;
  extra?: ExtraColumn[];
}) {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const columns = props.columns ?? ALL_COLUMNS;
  const href = props.href ?? ((x: Ticket) => `/tickets/${x.id}`);
  const body = useRef<HTMLTableSectionElement>(null);
  // One row at a time is in the Tab order (the last one focused); arrows move between rows.
  const [active, setActive] = useState(0);

  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, index: number, ticket: Ticket) => {
    const rows = body.current?.querySelectorAll<HTMLTableRowElement>('tr[data-row]');
    if (!rows) return;
    const go = (i: number) => {
      e.preventDefault();
      rows[Math.max(0, Math.min(rows.length - 1, i))]?.focus();
    };
    if (e.key === 'ArrowDown' || e.key === 'j') go(index + 1);
    else if (e.key === 'ArrowUp' || e.key === 'k') go(index - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(rows.length - 1);
    else if (e.key === 'Enter' && e.target === e.currentTarget) {
      e.preventDefault();
      // Ctrl/Cmd/Shift+Enter opens the ticket in a new tab, as a link would.
      if (e.ctrlKey || e.metaKey || e.shiftKey) window.open(href(ticket), '_blank', 'noopener');
      else navigate(href(ticket));
    }
  };

  const header = (key: string, label: string, sortKey?: SortKey) => {
    const sortable = !!props.onSort && !!props.sort && !!sortKey;
    const active = !!sortKey && props.sort?.key === sortKey;
    const ariaSort = active ? (props.sort!.order === 'asc' ? 'ascending' : 'descending') : sortable ? 'none' : undefined;
    return (
      <th key={key} scope="col" aria-sort={ariaSort} className={`col-${key}`}>
        {sortable ? (
          <button type="button" className="sort" onClick={() => props.onSort!(nextSort(props.sort!, sortKey!))}>
            {label}
            <span aria-hidden="true" className="sort-mark">
              {active ? (props.sort!.order === 'asc' ? '▲' : '▼') : '↕'}
            </span>
            <span className="visually-hidden">
              {active ? `, ${props.sort!.order === 'asc' ? t('sortedAsc') : t('sortedDesc')}` : `, ${t('sortBy', { column: label })}`}
            </span>
          </button>
        ) : (
          label
        )}
      </th>
    );
  };

  const cell = (key: ColumnKey, x: Ticket) => {
    switch (key) {
      case 'number':
        return <td key={key} className="col-number">{x.number}</td>;
      case 'subject':
        return (
          <td key={key} className="col-subject">
            <Link to={href(x)} tabIndex={-1}>
              {x.subject}
            </Link>
          </td>
        );
      case 'organisation':
        return <td key={key}>{x.organisation_name ?? ''}</td>;
      case 'type':
        return <td key={key}>{c(`type_${x.type}`)}</td>;
      case 'priority':
        return (
          <td key={key}>
            <PriorityBadge priority={x.priority} />
          </td>
        );
      case 'status':
        return (
          <td key={key}>
            <StatusBadge status={x.status} />
          </td>
        );
      case 'assignee':
        return <td key={key}>{x.assignee_name ?? <span className="muted">{t('unassigned')}</span>}</td>;
      case 'team':
        return <td key={key}>{x.team_name ?? ''}</td>;
      case 'updated':
        return (
          <td key={key}>
            <time dateTime={x.updated_at} title={f.full(x.updated_at)}>
              {f.dateTime(x.updated_at)}
            </time>
          </td>
        );
    }
  };

  if (props.tickets.length === 0) return <p className="empty">{t('empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="tickets">
        <caption>
          {props.caption}
          <span className="visually-hidden"> {t('keyboardHint')}</span>
        </caption>
        <thead>
          <tr>
            {columns.map((key) => header(key, t(`col_${key}`), key))}
            {props.extra?.map((x) => header(x.key, x.header, x.sortKey))}
          </tr>
        </thead>
        <tbody ref={body}>
          {props.tickets.map((x, i) => (
            <tr
              key={x.id}
              data-row
              data-id={x.id}
              tabIndex={i === Math.min(active, props.tickets.length - 1) ? 0 : -1}
              onFocus={() => setActive(i)}
              onKeyDown={(e) => onRowKey(e, i, x)}
              onClick={(e) => {
                if ((e.target as HTMLElement).closest('a,button')) return;
                navigate(href(x));
              }}
            >
              {columns.map((k) => cell(k, x))}
              {props.extra?.map((col) => <td key={col.key}>{col.cell(x)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
