// The escalation matrix at work, as the API gives it (docs/ESCALATION.md): levels fired on a
// ticket, the escalation log, the signed acknowledgement link. Pure functions, tested in
// escalation.test.ts; the words are in escalation.i18n.ts.
import { api, query } from '../app/api';
import { untilDue, type Countdown } from './duration';

export type EscalationState = 'open' | 'missed' | 'acknowledged';

export interface PersonRef {
  id: number;
  name: string;
}

// One level fired on a ticket (a row of the escalation log). A contact sees only the level, its
// name, when it fired and, for a customer's request, who asked: the rest comes empty.
export interface Escalation {
  id: number;
  ticket_id: number;
  subject: string;
  level: number;
  name: string;
  cause: string;  // "created", "percent:75:resolution", "unacknowledged", "customer_request" ("" for contacts)
  fired_at: string;
  deadline_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: PersonRef | null;
  late: boolean;
  via: 'app' | 'link' | null;
  requested_by: PersonRef | null;
  recipients?: string[];  // "Name <address>"
  channels?: string[];
  state: EscalationState;
}

export interface TicketEscalations {
  ticket_id: number;
  levels: number;  // how many levels the ticket's matrix has (0: not escalated)
  items: Escalation[];
  next: { level: number; name: string; due: string } | null;
  can_request: boolean;
  request_allowed_at: string | null;
}

// What the signed link in the e-mail shows: the level, and the person it was sent to.
export interface AckLinkView extends Omit<Escalation, 'recipients' | 'channels'> {
  recipient: string;
}

export const ESCALATION_FILTERS = ['open', 'acknowledged', 'all'] as const;
export type EscalationFilter = (typeof ESCALATION_FILTERS)[number];

export function loadTicketEscalations(ticketId: number): Promise<TicketEscalations> {
  return api.get<TicketEscalations>(`/api/v1/tickets/${ticketId}/escalations`);
}

export function loadEscalationLog(state: EscalationFilter, before?: number, limit = 50) {
  return api.get<{ items: Escalation[]; next_before: number | null }>('/api/v1/escalations' + query({ state, limit, before }));
}

export function acknowledge(ticketId: number, level: number): Promise<Escalation> {
  return api.post<Escalation>(`/api/v1/tickets/${ticketId}/escalations/${level}/acknowledge`);
}

export function ackLinkAddress(token: string): string {
  return `/api/v1/escalations/ack/${encodeURIComponent(token)}`;
}

// The state at `now` (ms): the server's word may be a minute old, and "missed" comes with time alone.
export function stateAt(e: Pick<Escalation, 'acknowledged_at' | 'deadline_at'>, now: number): EscalationState {
  if (e.acknowledged_at) return 'acknowledged';
  if (e.deadline_at && Date.parse(e.deadline_at) <= now) return 'missed';  // as the server counts it
  return 'open';
}

// The deadline of a level still waiting: a countdown, or how long ago it was missed. Nothing to
// count once acknowledged, or for a level without a deadline.
export function deadlineCountdown(e: Pick<Escalation, 'acknowledged_at' | 'deadline_at'>, now: number): Countdown {
  if (e.acknowledged_at) return { kind: 'none' };
  return untilDue(e.deadline_at, now);
}

// Why a level fired, parsed from the API's cause.
export type Cause =
  | { kind: 'created' }
  | { kind: 'percent'; percent: number; clock: string }
  | { kind: 'unacknowledged' }
  | { kind: 'customer_request' }
  | { kind: 'none' }
  | { kind: 'other'; text: string };

export function parseCause(cause: string | null | undefined): Cause {
  if (!cause) return { kind: 'none' };
  if (cause === 'created' || cause === 'unacknowledged' || cause === 'customer_request') return { kind: cause };
  const m = /^percent:(\d+)(?::(\w+))?$/.exec(cause);
  if (m) return { kind: 'percent', percent: Number(m[1]), clock: m[2] ?? 'resolution' };
  return { kind: 'other', text: cause };
}

// "Ana Souza <ana@x.com>" -> "Ana Souza" (the address stays available as a tooltip).
export function recipientName(recipient: string): string {
  const m = /^(.*?)\s*<[^>]*>$/.exec(recipient.trim());
  return m && m[1] ? m[1] : recipient.trim();
}

// Who was told of a level, as the escalation_fired event records it: names, and whether e-mail
// was switched off (the server appends "(e-mail is not set up)").
const NO_MAIL = '(e-mail is not set up)';
export function toldOf(body: string | undefined): { names: string; noMail: boolean } {
  const text = (body ?? '').trim();
  if (!text.endsWith(NO_MAIL)) return { names: text, noMail: false };
  return { names: text.slice(0, -NO_MAIL.length).trim(), noMail: true };
}

// The level a contact's ticket stands at (the highest fired), or null.
export function highestLevel(items: Escalation[]): Escalation | null {
  return items.reduce<Escalation | null>((top, e) => (!top || e.level > top.level ? e : top), null);
}

// Why a contact cannot ask to escalate now, or null when they can (or the ticket has no levels).
export type RequestBlock = { kind: 'cooldown'; until: string } | { kind: 'highest' } | null;

export function requestBlock(e: TicketEscalations): RequestBlock {
  if (e.can_request || e.levels === 0) return null;
  if (e.request_allowed_at) return { kind: 'cooldown', until: e.request_allowed_at };
  const top = highestLevel(e.items);
  if (top && top.level >= e.levels) return { kind: 'highest' };
  return null;
}

// The instant a 429 answer names ("…you can ask again after 2026-12-04T19:32:18Z."), if any.
export function retryAfterFrom(message: string): string | null {
  const m = /after (\d{4}-\d\d-\d\dT[\d:]+(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))\.?$/.exec(message);
  return m ? m[1] : null;
}

// For the queues' marker: per ticket, its highest level still waiting for acknowledgement.
export function waitingByTicket(rows: Escalation[]): Map<number, Escalation> {
  const out = new Map<number, Escalation>();
  for (const e of rows) {
    if (e.acknowledged_at) continue;
    const seen = out.get(e.ticket_id);
    if (!seen || e.level > seen.level) out.set(e.ticket_id, e);
  }
  return out;
}
