// A ticket's SLA clocks as the API gives them (GET /api/v1/tickets/{id}/sla), and how the ticket
// page words them. Pure functions, tested in sla.test.ts.
import { api } from '../../app/api';
import { untilDue, type Countdown } from '../../ui/duration';

export { formatDuration, untilDue, type Countdown } from '../../ui/duration';

export type ClockState = 'running' | 'paused' | 'met' | 'breached';

export interface Clock {
  state: ClockState;
  target_seconds: number;
  elapsed_seconds: number;
  remaining_seconds: number;
  due: string | null;
  stopped_at: string | null;
  breached: boolean;
  paused_seconds?: number;
  warn_at?: string | null;
  warnings?: Array<{ percent: number; at: string | null }>;
}

// The customer-update promise (docs/CONTRACTS.md): the open cycle (or the last one).
export interface UpdateClock extends Clock {
  cycles: number;
  breached_cycles: number;
}

// What the ticket is measured by, decided when it was opened.
export interface Terms {
  contract_id: number | null;
  contract: string | null;
  policy_id: number;
  policy: string;
  policy_version_id: number;
  calendar_id: number | null;
  calendar: string | null;
  calendar_version_id: number | null;
}

export interface TicketClocks {
  ticket_id: number;
  at: string;
  terms?: Terms;
  next_escalation?: { level: number; name: string; due: string } | null;
  sla: { first_response: Clock; resolution: Clock; update?: UpdateClock | null } | null;
}

export function loadClocks(id: number): Promise<TicketClocks> {
  return api.get<TicketClocks>(`/api/v1/tickets/${id}/sla`);
}

// What the countdown says for a clock at `now` (ms): how long until it is due, or how long ago it
// was due (a breached running clock), or nothing to count (paused, stopped).
export function countdown(clock: Clock, now: number): Countdown {
  return untilDue(clock.due, now);
}

// An update clock before the first response has no cycle yet: the first-response clock is the
// promise then, and the update clock's "met" would mislead.
export function updateStarted(clock: UpdateClock): boolean {
  return clock.cycles > 0;
}

// Share of the target used, 0–100 (more than 100 is shown as 100).
export function usedPercent(clock: Clock): number {
  if (clock.target_seconds <= 0) return clock.elapsed_seconds > 0 ? 100 : 0;
  return Math.min(100, Math.round((clock.elapsed_seconds / clock.target_seconds) * 100));
}

// The clock a queue row shows: the running one due soonest (the update promise counts once its
// first cycle is open); else a breached one; else the resolution clock (paused or met). null when
// the ticket has no SLA.
export function pressingClock(
  sla: TicketClocks['sla'],
): { which: 'first_response' | 'resolution' | 'update'; clock: Clock } | null {
  if (!sla) return null;
  const all: Array<{ which: 'first_response' | 'resolution' | 'update'; clock: Clock }> = [
    { which: 'first_response', clock: sla.first_response },
    { which: 'resolution', clock: sla.resolution },
  ];
  if (sla.update && updateStarted(sla.update)) all.push({ which: 'update', clock: sla.update });
  const running = all.filter((x) => x.clock.due).sort((a, b) => Date.parse(a.clock.due!) - Date.parse(b.clock.due!));
  if (running.length) return running[0];
  return all.find((x) => x.clock.breached) ?? all[1];
}
