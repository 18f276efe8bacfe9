// The ticket rules the screens need to offer only possible actions. They mirror the server's
// (src/domain/ticket.cc: IsAllowedTransition, PlanEscalation); the server still decides.
import type { Ticket, TicketStatus, Tier } from '../../model/types';
import { ACTIVE_STATUSES } from '../../model/types';

export function isActive(s: TicketStatus): boolean {
  return ACTIVE_STATUSES.includes(s);
}

// Whether a person may move a ticket from `from` to `to` directly.
export function isAllowedTransition(from: TicketStatus, to: TicketStatus): boolean {
  if (from === to) return false;
  if (isActive(from)) return to !== 'new' && to !== 'closed';
  if (from === 'resolved') return to === 'open' || to === 'closed';
  return false;
}

// The statuses a ticket in `from` can be set to, including where it is now (first).
export function statusChoices(from: TicketStatus): TicketStatus[] {
  const all: TicketStatus[] = ['new', 'open', 'pending_customer', 'pending_vendor', 'resolved', 'closed', 'cancelled'];
  return [from, ...all.filter((s) => isAllowedTransition(from, s))];
}

export function nextTier(t: Tier): Tier | null {
  return t === 'N1' ? 'N2' : t === 'N2' ? 'N3' : null;
}

export function canEscalate(t: Pick<Ticket, 'status' | 'tier' | 'merged_into'>): boolean {
  return isActive(t.status) && !t.merged_into && nextTier(t.tier) !== null;
}

// The status a public reply leaves the ticket in when the agent picks none: a new ticket opens.
export function statusAfterReply(current: TicketStatus): TicketStatus {
  return current === 'new' ? 'open' : current;
}
