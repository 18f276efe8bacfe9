import { describe, expect, it } from 'vitest';
import { builtinFilter, builtinSort, refine, savedFilter, savedQuery, searchFor, sortFrom } from './queues';
import { isAllowedTransition, statusChoices, canEscalate, nextTier } from './ticketRules';
import { nextSort } from '../../ui/TicketTable';
import type { TicketStatus } from '../../model/types';

const OPEN = 'new,open,pending_customer,pending_vendor';

describe('built-in queues', () => {
  it('are the open work of the right people', () => {
    expect(builtinFilter('mine', { team_ids: [] })).toEqual({ status: OPEN, assignee_id: 'me' });
    expect(builtinFilter('unassigned', { team_ids: [] })).toEqual({ status: OPEN, assignee_id: 'none' });
    expect(builtinFilter('open', { team_ids: [] })).toEqual({ status: OPEN });
    expect(builtinFilter('team', { team_ids: [3, 7] })).toEqual({ status: OPEN, team_id: '3,7' });
  });
  it('has no team queue for someone in no team', () => {
    expect(builtinFilter('team', { team_ids: [] })).toBeNull();
  });
  it('show open tickets at risk or breached, soonest due first unless another sort is picked', () => {
    expect(builtinFilter('at_risk', { team_ids: [] })).toEqual({ status: OPEN, sla: 'at_risk' });
    expect(builtinFilter('breached', { team_ids: [] })).toEqual({ status: OPEN, sla: 'breached' });
    expect(builtinSort('at_risk')).toEqual({ key: 'sla_due', order: 'asc' });
    expect(builtinSort('mine')).toBeUndefined();
    expect(sortFrom(new URLSearchParams(''), builtinSort('breached'))).toEqual({ key: 'sla_due', order: 'asc' });
    expect(sortFrom(new URLSearchParams('sort=priority'), builtinSort('breached'))).toEqual({ key: 'priority', order: 'asc' });
    expect(sortFrom(new URLSearchParams('sort=sla_due&order=desc'))).toEqual({ key: 'sla_due', order: 'desc' });
  });
});

describe('saved queues', () => {
  it('round-trip their filters, dropping paging and sorting', () => {
    const q = savedQuery({ status: 'open,new', priority: 'P1', q: 'vpn down', team_id: '' });
    expect(q).toBe('priority=P1&q=vpn%20down&status=open,new');
    expect(savedFilter({ id: 1, name: 'x', query: q + '&sort=status&cursor=abc&limit=5', created_at: '' })).toEqual({
      priority: 'P1',
      q: 'vpn down',
      status: 'open,new',
    });
  });
  it('joins a repeated parameter', () => {
    expect(savedFilter({ id: 1, name: 'x', query: '?status=open&status=new', created_at: '' })).toEqual({ status: 'open,new' });
  });
});

describe('refinements and sort in the address bar', () => {
  it('override the queue, and "any" removes a filter', () => {
    const base = { status: OPEN, assignee_id: 'me' };
    expect(refine(base, new URLSearchParams('priority=P1'))).toEqual({ ...base, priority: 'P1' });
    expect(refine(base, new URLSearchParams('status=any'))).toEqual({ assignee_id: 'me' });
    expect(refine(base, new URLSearchParams('status=resolved&sort=number'))).toEqual({ status: 'resolved', assignee_id: 'me' });
  });
  it('reads the sort, defaulting to newest change first', () => {
    expect(sortFrom(new URLSearchParams(''))).toEqual({ key: 'updated', order: 'desc' });
    expect(sortFrom(new URLSearchParams('sort=priority'))).toEqual({ key: 'priority', order: 'asc' });
    expect(sortFrom(new URLSearchParams('sort=created'))).toEqual({ key: 'created', order: 'desc' });
    expect(sortFrom(new URLSearchParams('sort=subject&order=desc'))).toEqual({ key: 'subject', order: 'desc' });
    expect(sortFrom(new URLSearchParams('sort=bogus&order=asc'))).toEqual({ key: 'updated', order: 'desc' });
  });
  it('writes changes without the defaults', () => {
    const cur = new URLSearchParams('priority=P1&sort=status&order=asc');
    expect(searchFor(cur, { sort: 'updated', order: 'desc' })).toBe('?priority=P1');
    expect(searchFor(cur, { priority: null })).toBe('?sort=status&order=asc');
    expect(searchFor(new URLSearchParams(''), { q: '' })).toBe('');
  });
  it('flips a column and starts a new one at its natural order', () => {
    expect(nextSort({ key: 'updated', order: 'desc' }, 'updated')).toEqual({ key: 'updated', order: 'asc' });
    expect(nextSort({ key: 'updated', order: 'desc' }, 'priority')).toEqual({ key: 'priority', order: 'asc' });
    expect(nextSort({ key: 'priority', order: 'asc' }, 'created')).toEqual({ key: 'created', order: 'desc' });
  });
});

describe('ticket rules (as the server has them)', () => {
  const all: TicketStatus[] = ['new', 'open', 'pending_customer', 'pending_vendor', 'resolved', 'closed', 'cancelled'];
  // The table from src/domain/ticket.cc IsAllowedTransition, written out by hand.
  const allowed: Record<TicketStatus, TicketStatus[]> = {
    new: ['open', 'pending_customer', 'pending_vendor', 'resolved', 'cancelled'],
    open: ['pending_customer', 'pending_vendor', 'resolved', 'cancelled'],
    pending_customer: ['open', 'pending_vendor', 'resolved', 'cancelled'],
    pending_vendor: ['open', 'pending_customer', 'resolved', 'cancelled'],
    resolved: ['open', 'closed'],
    closed: [],
    cancelled: [],
  };
  it('allows exactly the documented moves', () => {
    for (const from of all) for (const to of all) expect(isAllowedTransition(from, to), `${from}→${to}`).toBe(allowed[from].includes(to));
  });
  it('offers the current status first, then the possible ones', () => {
    expect(statusChoices('resolved')).toEqual(['resolved', 'open', 'closed']);
    expect(statusChoices('closed')).toEqual(['closed']);
  });
  it('escalates only working tickets below N3', () => {
    expect(nextTier('N1')).toBe('N2');
    expect(nextTier('N3')).toBeNull();
    expect(canEscalate({ status: 'open', tier: 'N2', merged_into: null })).toBe(true);
    expect(canEscalate({ status: 'open', tier: 'N3', merged_into: null })).toBe(false);
    expect(canEscalate({ status: 'resolved', tier: 'N1', merged_into: null })).toBe(false);
    expect(canEscalate({ status: 'open', tier: 'N1', merged_into: 9 })).toBe(false);
  });
});
