// Named SLA policies (GET/POST/PUT /api/v1/sla/policies; docs/CONTRACTS.md) and the form that
// edits one: targets per type × priority, pause statuses, warnings, what counts as a response per
// channel, OLAs per team and the escalation matrix, converted both ways; and where each server
// field message belongs on the form. Pure, tested in slaPolicy.test.ts.
import type { Channel, Priority, TicketStatus, TicketType } from '../../model/types';
import { PRIORITIES, TICKET_TYPES } from '../../model/types';
import { matrixFromForm, matrixToForm, placeEscalationField, type EscalationMatrix, type MatrixForm } from './escalation';

export type ResponseKind = 'public_reply' | 'phone_call' | 'chat_message';
export const RESPONSE_KINDS: ResponseKind[] = ['public_reply', 'phone_call', 'chat_message'];
export const CHANNELS: Channel[] = ['email', 'portal', 'chat', 'phone', 'in_person', 'api', 'monitoring'];
export type ResponseScope = 'default' | Channel;

export interface SlaTarget {
  type: TicketType;
  priority: Priority;
  first_response_minutes: number;
  resolution_minutes: number;
  update_minutes: number | null;
}

// What a policy's editor sends.
export interface PolicyBody {
  name: string;
  calendar_id: number;
  targets: SlaTarget[];
  pause_statuses: TicketStatus[];
  warn_percents: number[];
  responses: Partial<Record<ResponseScope, ResponseKind[]>>;
  olas: Array<{ team_id: number; minutes: number }>;
  escalation: EscalationMatrix;
}

// What the server answers.
export interface SlaPolicy extends PolicyBody {
  id: number;
  default: boolean;
  calls_count_as_response?: boolean;
  version: number;
  version_id: number;
  created_at: string;
  updated_at: string;
}

export interface TargetCell {
  fr: string;
  res: string;
  upd: string;
}

export interface PolicyForm {
  name: string;
  calendarId: string;
  targets: Record<string, TargetCell>;  // key `${type}/${priority}`; minutes as typed
  pause: TicketStatus[];
  warn: string;  // "50, 75, 90"
  responses: Record<ResponseScope, { own: boolean; kinds: ResponseKind[] }>;  // `own` false: follows the default
  olas: Record<string, string>;  // team id → OLA minutes as typed ("" = none)
  escalation: MatrixForm;
}

export const targetKey = (type: TicketType, priority: Priority) => `${type}/${priority}`;

// "50, 75 90" → [50, 75, 90]; null if anything is not a whole number.
export function parsePercents(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (!parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  return parts.map(Number);
}

export function toForm(p: PolicyBody): PolicyForm {
  const targets: PolicyForm['targets'] = {};
  for (const type of TICKET_TYPES) for (const pr of PRIORITIES) targets[targetKey(type, pr)] = { fr: '', res: '', upd: '' };
  for (const t of p.targets) {
    targets[targetKey(t.type, t.priority)] = {
      fr: String(t.first_response_minutes),
      res: String(t.resolution_minutes),
      upd: t.update_minutes ? String(t.update_minutes) : '',
    };
  }
  const fallback = p.responses.default ?? ['public_reply'];
  const responses = { default: { own: true, kinds: [...fallback] } } as PolicyForm['responses'];
  for (const ch of CHANNELS) {
    const own = p.responses[ch];
    responses[ch] = { own: !!own, kinds: [...(own ?? fallback)] };
  }
  return {
    name: p.name,
    calendarId: String(p.calendar_id),
    targets,
    pause: [...p.pause_statuses],
    warn: p.warn_percents.join(', '),
    responses,
    olas: Object.fromEntries(p.olas.map((o) => [String(o.team_id), String(o.minutes)])),
    escalation: matrixToForm(p.escalation),
  };
}

// Problems found before sending, by the control that shows them: `number` (not whole minutes),
// `pair` (first response without resolution or the other way round), `kinds` (a channel that
// counts nothing), and the escalation matrix's own.
export type Problems = Record<string, string>;

// What was sent, to place the server's messages: targets[i] and olas[i] name rows of the form.
export interface Sent {
  targetKeys: string[];
  olaTeams: string[];
}

export function fromForm(f: PolicyForm): { policy: PolicyBody; sent: Sent } | { problems: Problems } {
  const problems: Problems = {};
  const minutes = /^\d{1,8}$/;
  const targets: SlaTarget[] = [];
  for (const type of TICKET_TYPES) {
    for (const pr of PRIORITIES) {
      const key = targetKey(type, pr);
      const { fr, res, upd } = f.targets[key] ?? { fr: '', res: '', upd: '' };
      if (!fr.trim() && !res.trim() && !upd.trim()) continue;  // no SLA for this combination
      if (!fr.trim() || !res.trim()) {
        problems[`targets.${key}`] = 'pair';
        continue;
      }
      if (!minutes.test(fr.trim()) || !minutes.test(res.trim()) || (upd.trim() !== '' && !minutes.test(upd.trim()))) {
        problems[`targets.${key}`] = 'number';
        continue;
      }
      targets.push({
        type,
        priority: pr,
        first_response_minutes: Number(fr),
        resolution_minutes: Number(res),
        update_minutes: upd.trim() ? Number(upd) : null,
      });
    }
  }
  const warn = parsePercents(f.warn);
  if (warn === null) problems.warn_percents = 'number';
  const responses: PolicyBody['responses'] = {};
  for (const [scope, r] of Object.entries(f.responses) as Array<[ResponseScope, PolicyForm['responses'][ResponseScope]]>) {
    if (!r.own) continue;
    if (r.kinds.length === 0) problems[`responses.${scope}`] = 'kinds';
    responses[scope] = RESPONSE_KINDS.filter((k) => r.kinds.includes(k));
  }
  const olas: PolicyBody['olas'] = [];
  for (const [team, m] of Object.entries(f.olas)) {
    if (!m.trim()) continue;  // no OLA for this team
    if (!/^\d{1,6}$/.test(m.trim()) || Number(m) < 1) problems[`olas.${team}`] = 'number';
    else olas.push({ team_id: Number(team), minutes: Number(m) });
  }
  const escalation = matrixFromForm(f.escalation, problems);
  if (Object.keys(problems).length) return { problems };
  return {
    policy: {
      name: f.name,
      calendar_id: Number(f.calendarId),
      targets,
      pause_statuses: [...f.pause],
      warn_percents: warn ?? [],
      responses,
      olas,
      escalation,
    },
    sent: {
      targetKeys: targets.map((t) => targetKey(t.type, t.priority)),
      olaTeams: olas.map((o) => String(o.team_id)),
    },
  };
}

// Which control shows a server field message (null: none, it goes in the banner). The keys are
// the ones fromForm's problems use.
export function placePolicyField(field: string, sent: Sent): string | null {
  if (field === 'name' || field === 'targets' || field === 'olas' || field === 'responses') return field;
  if (field === 'calendar_id') return 'calendar_id';
  let m = /^targets\[(\d+)\]/.exec(field);
  if (m) return sent.targetKeys[Number(m[1])] ? `targets.${sent.targetKeys[Number(m[1])]}` : 'targets';
  m = /^olas\[(\d+)\]/.exec(field);
  if (m) return sent.olaTeams[Number(m[1])] ? `olas.${sent.olaTeams[Number(m[1])]}` : 'olas';
  if (/^pause_statuses(\[\d+\])?$/.test(field)) return 'pause_statuses';
  if (/^warn_percents(\[\d+\])?$/.test(field)) return 'warn_percents';
  m = /^(responses\.\w+)(\[\d+\])?$/.exec(field);
  if (m) return m[1];
  return placeEscalationField(field);
}
