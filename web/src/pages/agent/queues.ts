// What each queue shows, as the API's ticket-list filters. Pure functions, unit-tested.
import type { SavedFilter, Session } from '../../model/types';
import { ACTIVE_STATUSES } from '../../model/types';
import type { Sort, SortKey } from '../../ui/TicketTable';
import { defaultOrder } from '../../ui/TicketTable';

export type BuiltinQueue = 'mine' | 'team' | 'unassigned' | 'open' | 'at_risk' | 'breached';
export const BUILTIN_QUEUES: BuiltinQueue[] = ['mine', 'team', 'unassigned', 'open', 'at_risk', 'breached'];

const OPEN = ACTIVE_STATUSES.join(',');

// The filters a built-in queue stands for; null when the viewer has no such queue (no team).
export function builtinFilter(queue: BuiltinQueue, me: Pick<Session, 'team_ids'>): Record<string, string> | null {
  switch (queue) {
    case 'mine':
      return { status: OPEN, assignee_id: 'me' };
    case 'team':
      return me.team_ids && me.team_ids.length ? { status: OPEN, team_id: me.team_ids.join(',') } : null;
    case 'unassigned':
      return { status: OPEN, assignee_id: 'none' };
    case 'open':
      return { status: OPEN };
    // Open tickets whose running SLA clock has passed its first warning, or is breached.
    case 'at_risk':
      return { status: OPEN, sla: 'at_risk' };
    case 'breached':
      return { status: OPEN, sla: 'breached' };
  }
}

// How a built-in queue is sorted until the person picks a column: SLA queues by due time.
export function builtinSort(queue: BuiltinQueue): Sort | undefined {
  return queue === 'at_risk' || queue === 'breached' ? { key: 'sla_due', order: 'asc' } : undefined;
}

// The filters of a saved queue: its stored query string, minus paging and sorting.
export function savedFilter(f: SavedFilter): Record<string, string> {
  const out: Record<string, string> = {};
  const q = new URLSearchParams(f.query.startsWith('?') ? f.query.slice(1) : f.query);
  for (const [k, v] of q) {
    if (k === 'cursor' || k === 'limit' || k === 'sort' || k === 'order' || k === 'total') continue;
    out[k] = out[k] ? `${out[k]},${v}` : v;
  }
  return out;
}

// The filters a person can add on top of a queue (kept in the address bar).
export const REFINEMENTS = ['status', 'priority', 'type', 'team_id', 'assignee_id', 'q'] as const;
export type Refinement = (typeof REFINEMENTS)[number];

// Base filters overridden by the refinements in the address bar.
export function refine(base: Record<string, string>, search: URLSearchParams): Record<string, string> {
  const out = { ...base };
  for (const k of REFINEMENTS) {
    const v = search.get(k);
    if (v === 'any') delete out[k];
    else if (v) out[k] = v;
  }
  return out;
}

const SORT_KEYS: SortKey[] = ['number', 'subject', 'organisation', 'type', 'priority', 'status', 'assignee', 'team', 'updated', 'created', 'sla_due'];

// The sort in the address bar (?sort=priority&order=asc), or the queue's own (newest change first).
export function sortFrom(search: URLSearchParams, fallback: Sort = { key: 'updated', order: 'desc' }): Sort {
  const key = search.get('sort') as SortKey | null;
  if (!key || !SORT_KEYS.includes(key)) return fallback;
  const order = search.get('order');
  return { key, order: order === 'asc' || order === 'desc' ? order : defaultOrder(key) };
}

// The address-bar query for filters + sort (without defaults), e.g. "?priority=P1&sort=status".
export function searchFor(current: URLSearchParams, changes: Record<string, string | null>): string {
  const next = new URLSearchParams(current);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') next.delete(k);
    else next.set(k, v);
  }
  if (next.get('sort') === 'updated' && (next.get('order') ?? 'desc') === 'desc') {
    next.delete('sort');
    next.delete('order');
  }
  const s = next.toString();
  return s ? `?${s}` : '';
}

// The query string to store for a saved queue: the filters only, in a stable order.
export function savedQuery(filters: Record<string, string>): string {
  return Object.keys(filters)
    .sort()
    .filter((k) => filters[k])
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(filters[k]).replace(/%2C/g, ',')}`)
    .join('&');
}
