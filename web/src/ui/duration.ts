// Durations and countdowns in words every screen shares: "3 h 05 min", "due in …", "overdue by …".

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

// How long until `due` at `now` (ms), or how long ago it was: a clock's due time, an escalation
// level's deadline, the next level. Nothing to count without a due time.
export type Countdown = { kind: 'dueIn' | 'overdue'; seconds: number } | { kind: 'none' };

export function untilDue(due: string | null | undefined, now: number): Countdown {
  if (!due) return { kind: 'none' };
  const seconds = Math.round((new Date(due).getTime() - now) / 1000);
  return seconds >= 0 ? { kind: 'dueIn', seconds } : { kind: 'overdue', seconds: -seconds };
}
