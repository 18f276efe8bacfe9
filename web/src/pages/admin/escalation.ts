// The escalation matrix of an SLA policy (docs/ESCALATION.md) and the form that edits it: ordered
// levels, each with its trigger, deadline, recipients and channels. Pure, tested in
// slaPolicy.test.ts with the rest of the policy.
import type { Priority, TicketType } from '../../model/types';

export type Trigger = 'created' | 'percent' | 'unacknowledged';
export type EscalationClock = 'first_response' | 'resolution';
export const TRIGGERS: Trigger[] = ['created', 'percent', 'unacknowledged'];
export const ESCALATION_CLOCKS: EscalationClock[] = ['first_response', 'resolution'];

// Recipients that need no id, in the order the form lists them.
export const FIXED_RECIPIENTS = ['assignee', 'team', 'team_manager', 'csm', 'manager_contacts'] as const;
export type FixedRecipient = (typeof FIXED_RECIPIENTS)[number];
export type RecipientKind = 'role' | 'team' | 'user';
export const RECIPIENT_KINDS: RecipientKind[] = ['role', 'team', 'user'];
export const MAX_LEVELS = 9;

export interface EscalationLevel {
  name: string;
  trigger: Trigger;
  clock: EscalationClock;
  percent: number;
  deadline_minutes: number;
  recipients: string[];  // "assignee", "role:director", "team:3", "user:7"
  email: boolean;
  channel_ids: number[];
}

export interface EscalationMatrix {
  types: TicketType[];  // empty: every type
  max_priority: Priority;
  request_cooldown_minutes: number;
  levels: EscalationLevel[];
}

export interface Named {
  kind: RecipientKind;
  id: string;  // a role's name, or a team's or user's id
}

export interface LevelForm {
  key: number;  // keeps React's rows (and their focus) with the level when levels move
  name: string;
  trigger: Trigger;
  clock: EscalationClock;
  percent: string;
  deadline: string;  // minutes as typed
  fixed: FixedRecipient[];
  named: Named[];
  email: boolean;
  channels: number[];
}

export interface MatrixForm {
  types: TicketType[];
  maxPriority: Priority;
  cooldown: string;
  levels: LevelForm[];
}

let nextKey = 1;

export function newLevel(): LevelForm {
  return {
    key: nextKey++,
    name: '',
    trigger: 'created',
    clock: 'resolution',
    percent: '100',
    deadline: '',
    fixed: [],
    named: [],
    email: true,
    channels: [],
  };
}

export function levelToForm(l: EscalationLevel): LevelForm {
  const fixed: FixedRecipient[] = [];
  const named: Named[] = [];
  for (const r of l.recipients) {
    const m = /^(role|team|user):(.+)$/.exec(r);
    if (m) named.push({ kind: m[1] as RecipientKind, id: m[2] });
    else if ((FIXED_RECIPIENTS as readonly string[]).includes(r)) fixed.push(r as FixedRecipient);
  }
  return {
    key: nextKey++,
    name: l.name,
    trigger: l.trigger,
    clock: l.clock === 'first_response' ? 'first_response' : 'resolution',
    percent: String(l.percent),
    deadline: l.deadline_minutes ? String(l.deadline_minutes) : '',
    fixed: FIXED_RECIPIENTS.filter((x) => fixed.includes(x)),
    named,
    email: l.email,
    channels: [...l.channel_ids],
  };
}

export function matrixToForm(m: EscalationMatrix): MatrixForm {
  return {
    types: [...m.types],
    maxPriority: m.max_priority,
    cooldown: String(m.request_cooldown_minutes),
    levels: m.levels.map(levelToForm),
  };
}

const whole = (s: string, min: number, max: number) => /^\d{1,7}$/.test(s.trim()) && Number(s) >= min && Number(s) <= max;

// The matrix to send, adding what cannot be read to `problems` (under the server's field names).
export function matrixFromForm(f: MatrixForm, problems: Record<string, string>): EscalationMatrix {
  if (!whole(f.cooldown, 1, 43200)) problems['escalation.request_cooldown_minutes'] = 'cooldown';
  const levels = f.levels.map((l, i): EscalationLevel => {
    const p = `escalation.levels[${i}]`;
    if (l.trigger === 'percent' && !whole(l.percent, 1, 100)) problems[`${p}.percent`] = 'percent';
    if (l.deadline.trim() && !whole(l.deadline, 0, 525600)) problems[`${p}.deadline_minutes`] = 'number';
    if (l.named.some((n) => !n.id)) problems[`${p}.recipients`] = 'choose';
    return {
      name: l.name.trim(),
      trigger: l.trigger,
      clock: l.clock,
      percent: l.trigger === 'percent' ? Number(l.percent) : 100,
      deadline_minutes: l.deadline.trim() ? Number(l.deadline) : 0,
      recipients: [...l.fixed, ...l.named.filter((n) => n.id).map((n) => `${n.kind}:${n.id}`)],
      email: l.email,
      channel_ids: [...l.channels],
    };
  });
  return {
    types: [...f.types],
    max_priority: f.maxPriority,
    request_cooldown_minutes: Number(f.cooldown),
    levels,
  };
}

// Levels reordered: `from` moved by `by` places (−1 up, +1 down), the rest keeping their order.
export function moveLevel<T>(levels: T[], from: number, by: number): T[] {
  const to = from + by;
  if (to < 0 || to >= levels.length) return levels;
  const out = [...levels];
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x);
  return out;
}

// Which control shows a server field message: "escalation.levels[2].recipients[1]" →
// "escalation.levels[2].recipients"; "escalation.types[0]" → "escalation.types".
export function placeEscalationField(field: string): string | null {
  const level = /^(escalation\.levels\[\d+\]\.(?:name|trigger|clock|percent|deadline_minutes|recipients|email|channel_ids))(?:\[\d+\])?$/.exec(field);
  if (level) return level[1];
  if (/^escalation\.levels\[\d+\]$/.test(field)) return field;
  const top = /^(escalation\.(?:types|max_priority|request_cooldown_minutes|levels))(?:\[\d+\])?$/.exec(field);
  if (top) return top[1];
  return field === 'escalation' ? 'escalation' : null;
}
