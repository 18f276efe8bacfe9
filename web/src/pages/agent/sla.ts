// A ticket's SLA clocks as the API gives them (GET /api/v1/tickets/{id}/sla), and how the ticket
// page words them. Pure functions, tested in sla.test.ts.
import { api } from '../../app/api';

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

export interface TicketClocks {
  ticket_id: number;
  at: string;
  sla: { first_response: Clock; resolution: Clock } | null;
}

export function loadClocks(id: number): Promise<TicketClocks> {
  return api.get<TicketClocks>(`/api/v1/tickets/${id}/sla`);
}

// "2 d 3 h", "3 h 05 min", "12 min", "40 s" — business or wall time, never negative.
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m ? `${h} h ${String(m).padStart(2, '0')} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

// What the countdown says for a clock at `now` (ms): how long until it is due, or how long ago it
// was due (a breached running clock), or nothing to count (paused, stopped).
export type Countdown = { kind: 'dueIn' | 'overdue'; seconds: number } | { kind: 'none' };

export function countdown(clock: Clock, now: number): Countdown {
  if (!clock.due) return { kind: 'none' };
  const seconds = Math.round((new Date(clock.due).getTime() - now) / 1000);
  return seconds >= 0 ? { kind: 'dueIn', seconds } : { kind: 'overdue', seconds: -seconds };
}

// Share of the target used, 0–100 (more than 100 is shown as 100).
export function usedPercent(clock: Clock): number {
  if (clock.target_seconds <= 0) return clock.elapsed_seconds > 0 ? 100 : 0;
  return Math.min(100, Math.round((clock.elapsed_seconds / clock.target_seconds) * 100));
}

// The clock a queue row shows: the running one due soonest; else a breached one; else the
// resolution clock (paused or met). null when the ticket has no SLA.
export function pressingClock(sla: TicketClocks['sla']): { which: 'first_response' | 'resolution'; clock: Clock } | null {
  if (!sla) return null;
  const both = [
    { which: 'first_response' as const, clock: sla.first_response },
    { which: 'resolution' as const, clock: sla.resolution },
  ];
  const running = both.filter((x) => x.clock.due).sort((a, b) => Date.parse(a.clock.due!) - Date.parse(b.clock.due!));
  if (running.length) return running[0];
  return both.find((x) => x.clock.breached) ?? both[1];
}
