// The SLA policy (GET/PUT /api/v1/settings/sla-policy) and the form that edits it: windows and
// lists as plain text people can type, converted both ways. Pure, tested in slaPolicy.test.ts.
import type { Priority, TicketStatus, TicketType } from '../../model/types';
import { PRIORITIES, TICKET_TYPES } from '../../model/types';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface SlaPolicy {
  calendar: {
    timezone: string;
    always_open: boolean;
    week: Partial<Record<Weekday, Array<[string, string]>>>;
    holidays: string[];
  };
  targets: Array<{ type: TicketType; priority: Priority; first_response_minutes: number; resolution_minutes: number }>;
  pause_statuses: TicketStatus[];
  warn_percents: number[];
  calls_count_as_response: boolean;
  olas?: Array<{ team_id: number; minutes: number }>;
}

export interface PolicyForm {
  timezone: string;
  alwaysOpen: boolean;
  week: Record<Weekday, string>;  // "08:00-12:00, 13:00-18:00"
  holidays: string;               // one per line
  targets: Record<string, { fr: string; res: string }>;  // key `${type}/${priority}`; minutes as typed
  pause: TicketStatus[];
  warn: string;                   // "50, 75, 90"
  calls: boolean;
  olas: Record<string, string>;    // team id → OLA minutes as typed ("" = none)
}

export const targetKey = (type: TicketType, priority: Priority) => `${type}/${priority}`;

const WINDOW = /^(\d\d:\d\d)\s*-\s*(\d\d:\d\d)$/;

export function windowsToText(windows: Array<[string, string]> | undefined): string {
  return (windows ?? []).map(([a, b]) => `${a}-${b}`).join(', ');
}

// "08:00-12:00, 13:00-18:00" → [["08:00","12:00"],["13:00","18:00"]]; "" → []; null if malformed.
export function parseWindows(text: string): Array<[string, string]> | null {
  const parts = text.split(/[,;]/).map((p) => p.trim()).filter(Boolean);
  const out: Array<[string, string]> = [];
  for (const p of parts) {
    const m = WINDOW.exec(p);
    if (!m) return null;
    out.push([m[1], m[2]]);
  }
  return out;
}

// "50, 75 90" → [50, 75, 90]; null if anything is not a whole number.
export function parsePercents(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (!parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  return parts.map(Number);
}

export function toForm(p: SlaPolicy): PolicyForm {
  const week = Object.fromEntries(WEEKDAYS.map((d) => [d, windowsToText(p.calendar.week[d])])) as Record<Weekday, string>;
  const targets: PolicyForm['targets'] = {};
  for (const type of TICKET_TYPES) for (const pr of PRIORITIES) targets[targetKey(type, pr)] = { fr: '', res: '' };
  for (const t of p.targets) targets[targetKey(t.type, t.priority)] = { fr: String(t.first_response_minutes), res: String(t.resolution_minutes) };
  return {
    timezone: p.calendar.timezone,
    alwaysOpen: p.calendar.always_open,
    week,
    holidays: p.calendar.holidays.join('\n'),
    targets,
    pause: [...p.pause_statuses],
    warn: p.warn_percents.join(', '),
    calls: p.calls_count_as_response,
    olas: Object.fromEntries((p.olas ?? []).map((o) => [String(o.team_id), String(o.minutes)])),
  };
}

// The policy to send, or the form fields that cannot be read (by their API names, so the same
// messages show under the same fields as the server's).
export function fromForm(f: PolicyForm): { policy: SlaPolicy } | { problems: Record<string, 'window' | 'number' | 'pair'> } {
  const problems: Record<string, 'window' | 'number' | 'pair'> = {};
  const week: SlaPolicy['calendar']['week'] = {};
  for (const d of WEEKDAYS) {
    const w = parseWindows(f.week[d]);
    if (w === null) problems[`calendar.week.${d}`] = 'window';
    else week[d] = w;
  }
  const targets: SlaPolicy['targets'] = [];
  for (const type of TICKET_TYPES) {
    for (const pr of PRIORITIES) {
      const key = targetKey(type, pr);
      const { fr, res } = f.targets[key] ?? { fr: '', res: '' };
      if (!fr.trim() && !res.trim()) continue;  // no SLA for this combination
      if (!fr.trim() || !res.trim()) {
        problems[`targets.${key}`] = 'pair';
        continue;
      }
      if (!/^\d{1,8}$/.test(fr.trim()) || !/^\d{1,8}$/.test(res.trim())) {
        problems[`targets.${key}`] = 'number';
        continue;
      }
      targets.push({ type, priority: pr, first_response_minutes: Number(fr), resolution_minutes: Number(res) });
    }
  }
  const warn = parsePercents(f.warn);
  if (warn === null) problems.warn_percents = 'number';
  const olas: NonNullable<SlaPolicy['olas']> = [];
  for (const [team, minutes] of Object.entries(f.olas)) {
    if (!minutes.trim()) continue;  // no OLA for this team
    if (!/^\d{1,6}$/.test(minutes.trim()) || Number(minutes) < 1) problems[`olas.${team}`] = 'number';
    else olas.push({ team_id: Number(team), minutes: Number(minutes) });
  }
  if (Object.keys(problems).length) return { problems };
  return {
    policy: {
      calendar: {
        timezone: f.timezone,
        always_open: f.alwaysOpen,
        week,
        holidays: f.holidays.split(/\s+/).filter(Boolean),
      },
      targets,
      pause_statuses: f.pause,
      warn_percents: warn ?? [],
      calls_count_as_response: f.calls,
      olas,
    },
  };
}
