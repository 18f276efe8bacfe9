// The customer guardian's problem log as the staff screens see it (docs/GUARDIAN.md): the records,
// their GUT score and the rule that makes it — and the pure logic the screens add: where a record
// may move from here, its age on the board, the record form to API JSON and back (and where each
// server message goes), the GUT settings form to API JSON; the action plans (grouped by kind, what
// is overdue, the days to fix and to prevention in words), the timeline's sentences, the
// suggestions' similarity and the work list's filters; where an uploaded apology e-mail leads.
import type { Translate } from '../../app/i18n';
import type { Locale } from '../../model/types';
import { moveItem } from '../surveys/surveys';
import type m from './guardian.i18n';

export type ProblemStatus = 'new' | 'analysing' | 'action_plan' | 'monitoring' | 'closed' | 'reopened';
export const PROBLEM_STATUSES: ProblemStatus[] = ['new', 'analysing', 'action_plan', 'monitoring', 'closed', 'reopened'];

// The kinds of solution a level may make mandatory, in the order they are worked.
export type SolutionKind = 'immediate' | 'long_term' | 'preventive';
export const SOLUTION_KINDS: SolutionKind[] = ['immediate', 'long_term', 'preventive'];

export type CauseCategory = 'human' | 'tool' | 'process';
export const CAUSE_CATEGORIES: CauseCategory[] = ['human', 'tool', 'process'];

// The levels of both presets, which the screens name in the reader's language; a custom rule's
// own level names are shown as written.
export const KNOWN_LEVELS = ['low', 'medium', 'high'] as const;
export type KnownLevel = (typeof KNOWN_LEVELS)[number];

export interface GutResult {
  score: number;
  max: number;
  level: string;
  required: SolutionKind[];
  missing?: SolutionKind[];  // on a record: required but not written yet
}

export interface Problem {
  id: number;
  title: string;
  description: string;
  reported_at: string;
  status: ProblemStatus;
  organisation_ids: number[];
  organisations: Array<{ id: number; name: string; segment: string }>;
  reporter: { kind: 'user' | 'contact'; id: number; name: string } | null;
  error_category: string;
  root_cause: string;
  cause_category: CauseCategory | '';
  team_id: number | null;
  team_name: string;
  impact: string;
  gravity: number | null;
  urgency: number | null;
  tendency: number | null;
  solution_immediate: string;
  solution_long_term: string;
  solution_preventive: string;
  gut: GutResult | null;
  ticket_ids: number[];
  tickets: Array<{ id: number; subject: string; status: string }>;
  problem_ids: number[];
  problems: Array<{ id: number; title: string; status: ProblemStatus }>;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  version: number;
  // GET /api/v1/problems/{id} (and a PATCH's answer): the action plan, the files, the group and
  // how long fixing and preventing took. Absent from the lists.
  actions?: ProblemAction[];
  files?: ProblemFile[];
  group_id?: number | null;
  group?: GroupMember[];
  fixed_at?: string | null;
  prevented_at?: string | null;
  time_to_fix_days?: number | null;
  time_to_prevention_days?: number | null;
  // A PATCH with `group_with`: the records of the group reopened because the cause came back.
  recurred?: Array<number | { id: number; title?: string; status?: ProblemStatus }>;
}

export type ActionStatus = 'open' | 'done' | 'cancelled';
export const ACTION_STATUSES: ActionStatus[] = ['open', 'done', 'cancelled'];

export interface PersonRef {
  id: number;
  name: string;
}

export interface ProblemAction {
  id: number;
  problem_id: number;
  problem_title: string;
  kind: SolutionKind;
  title: string;
  owner: PersonRef | null;
  team_id: number | null;
  team_name: string;
  due_at: string | null;
  status: ActionStatus;
  evidence: string;
  done_at: string | null;
  done_by: PersonRef | number | null;
  overdue: boolean;
  overdue_alerted_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ProblemFile {
  id: number;
  filename: string;
  size: number;
  content_type: string;
  uploaded_by: PersonRef | null;
  created_at: string;
}

export interface GroupMember {
  id: number;
  title: string;
  status: ProblemStatus;
  reported_at: string;
}

export type ProblemEventType =
  | 'created'
  | 'field_changed'
  | 'status_changed'
  | 'comment'
  | 'attachment_added'
  | 'action_added'
  | 'action_changed'
  | 'action_overdue'
  | 'grouped'
  | 'ungrouped'
  | 'recurred';

export interface ProblemEvent {
  id: number;
  type: ProblemEventType | string;
  at: string;
  author: PersonRef | null;
  body?: string | null;
  field?: string | null;
  from?: string | null;
  to?: string | null;
  ref?: number | null;
}

export interface Suggestion {
  problem: {
    id: number;
    title: string;
    status: ProblemStatus;
    error_category: string;
    root_cause: string;
    group_id: number | null;
    reported_at: string;
  };
  similarity: number;
  same_category: boolean;
}

export type GutPreset = 'seed' | 'classic' | 'custom';
export const GUT_PRESETS: GutPreset[] = ['seed', 'classic', 'custom'];
export type GutCombine = 'sum' | 'product';
export const GUT_COMBINES: GutCombine[] = ['sum', 'product'];

export interface GutBand {
  min: number;
  level: string;
  required: SolutionKind[];
}

export interface GutRule {
  preset: GutPreset;
  scale_max: number;
  combine: GutCombine;
  min_score: number;
  max_score: number;
  bands: GutBand[];
}

export interface GuardianSettings {
  gut: GutRule;
  error_categories: string[];
  alert_channel_ids?: number[];  // told when an action is overdue
  // Only for problem.write: the channels there are (names and kinds).
  alert_channel_choices?: Array<{ id: number; name: string; kind: string; active: boolean }>;
}

// ---- the record's life

export function isOpen(s: ProblemStatus): boolean {
  return s !== 'closed';
}

export interface Move {
  to: ProblemStatus;
  kind: 'forward' | 'back' | 'reopen';
}

// The one-step path of an open record: new → analysing → action_plan → monitoring → closed.
const PATH: ProblemStatus[] = ['new', 'analysing', 'action_plan', 'monitoring', 'closed'];

// Where a record may move from `from` (the server says the same): forward one step, back one step
// while open, closed → reopened, reopened → analysing or action_plan. Forward moves first.
export function allowedMoves(from: ProblemStatus): Move[] {
  if (from === 'closed') return [{ to: 'reopened', kind: 'reopen' }];
  if (from === 'reopened') return [{ to: 'analysing', kind: 'forward' }, { to: 'action_plan', kind: 'forward' }];
  const i = PATH.indexOf(from);
  const out: Move[] = [];
  if (i + 1 < PATH.length) out.push({ to: PATH[i + 1], kind: 'forward' });
  if (i > 0) out.push({ to: PATH[i - 1], kind: 'back' });
  return out;
}

// The words of a move's button, by their key in guardian.i18n: "moveTo_analysing",
// "moveBack_new", "reopen".
export function moveLabelKey(mv: Move): string {
  if (mv.kind === 'reopen') return 'reopen';
  return `${mv.kind === 'back' ? 'moveBack' : 'moveTo'}_${mv.to}`;
}

// Whole days since the record was reported (0 on its first day, never negative; 0 for a date the
// browser cannot read).
export function ageInDays(reportedAt: string, now: number): number {
  const at = new Date(reportedAt).getTime();
  if (Number.isNaN(at)) return 0;
  return Math.max(0, Math.floor((now - at) / 86_400_000));
}

// A preset's level as a key of the screens' words ("high" → "high"), or null for a custom name.
export function knownLevel(level: string): KnownLevel | null {
  return (KNOWN_LEVELS as readonly string[]).includes(level) ? (level as KnownLevel) : null;
}

// Words joined the reader's way: "a, b and c" / "a, b e c".
export function joinWords(words: string[], locale: string): string {
  const and = locale === 'pt-BR' ? ' e ' : ' and ';
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')}${and}${words[words.length - 1]}`;
}

// The grades 1..scale_max a select offers.
export function gradeChoices(scaleMax: number): number[] {
  const n = Math.max(1, Math.min(10, Math.floor(scaleMax) || 1));
  return Array.from({ length: n }, (_, i) => i + 1);
}

// ---- the board

export type BoardView = 'board' | 'inbox' | 'all' | 'closed';
export const BOARD_VIEWS: BoardView[] = ['board', 'inbox', 'all', 'closed'];

export interface BoardFilters {
  team_id?: string;
  error_category?: string;
  cause_category?: string;
  organisation_id?: string;
  segment?: string;  // smb, mid_market, enterprise: affecting an organisation of that segment
  level?: string;    // a level of the GUT rule
}

export const BOARD_FILTERS: Array<keyof BoardFilters> = ['team_id', 'error_category', 'cause_category', 'organisation_id', 'segment', 'level'];

// The list request of a view: the ranked board is the open records by rank (in one answer of up to
// 200); the inbox the new records, all and closed newest first, a page at a time.
export function boardQuery(view: BoardView, filters: BoardFilters, limit: number, beforeId?: number): Record<string, string | number | undefined> {
  const base = {
    team_id: filters.team_id || undefined,
    error_category: filters.error_category || undefined,
    cause_category: filters.cause_category || undefined,
    organisation_id: filters.organisation_id || undefined,
    segment: filters.segment || undefined,
    level: filters.level || undefined,
  };
  if (view === 'board') return { status: 'open', order: 'rank', ...base, limit: 200 };
  return { status: view === 'inbox' ? 'new' : view, order: 'newest', ...base, limit, before_id: beforeId };
}

// The view and filters kept in the address bar (?show=inbox&team_id=2); unknown values ignored.
export function boardFromSearch(search: URLSearchParams): { view: BoardView; filters: BoardFilters } {
  const view = BOARD_VIEWS.find((v) => v === search.get('show')) ?? 'board';
  const filters: BoardFilters = {};
  for (const k of BOARD_FILTERS) {
    const v = search.get(k);
    if (v) filters[k] = v;
  }
  return { view, filters };
}

// ---- the apology inbox

// Where an apology e-mail uploaded from the board leads (docs/GUARDIAN.md, "The apology inbox"):
// to its record, which then says it was recorded just now (201) or that the same message had been
// recorded before (200, ?already=1).
export function fromEmailHref(id: number, status: number): string {
  return `/guardian/problems/${id}?${status === 200 ? 'already' : 'created'}=1`;
}

// On the record page: the message for a record reached by uploading an e-mail recorded before.
export function alreadyRecorded(search: URLSearchParams): boolean {
  return search.get('already') === '1';
}

// ---- the record form

export interface ProblemDraft {
  title: string;
  description: string;
  reported_at: string;  // datetime-local, in the browser's zone
  organisation_ids: string[];
  reporter: string;  // '', 'user:<id>' or 'contact:<id>'
  error_category: string;
  root_cause: string;
  cause_category: string;
  team_id: string;
  impact: string;
  gravity: string;
  urgency: string;
  tendency: string;
  solution_immediate: string;
  solution_long_term: string;
  solution_preventive: string;
  ticket_ids: number[];
  problem_ids: number[];
}

// A datetime-local value (YYYY-MM-DDTHH:MM) for `d` in the browser's zone.
export function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

// The typed instant as ISO 8601 (as typed when it is not a date, for the server to refuse).
function instant(local: string): string {
  const when = new Date(local);
  return Number.isNaN(when.getTime()) ? local : when.toISOString();
}

const grade = (g: number | null) => (g === null || g === undefined ? '' : String(g));

// The form for `p`, or for a new record reported now — by `me` (the server's default reporter
// for a record made by a staff member) unless another is chosen.
export function problemDraft(p: Problem | null, now: Date, me?: number): ProblemDraft {
  if (!p) {
    return {
      title: '',
      description: '',
      reported_at: localInput(now),
      organisation_ids: [],
      reporter: me ? `user:${me}` : '',
      error_category: '',
      root_cause: '',
      cause_category: '',
      team_id: '',
      impact: '',
      gravity: '',
      urgency: '',
      tendency: '',
      solution_immediate: '',
      solution_long_term: '',
      solution_preventive: '',
      ticket_ids: [],
      problem_ids: [],
    };
  }
  const reported = new Date(p.reported_at);
  return {
    title: p.title,
    description: p.description,
    reported_at: Number.isNaN(reported.getTime()) ? p.reported_at : localInput(reported),
    organisation_ids: p.organisation_ids.map(String),
    reporter: p.reporter ? `${p.reporter.kind}:${p.reporter.id}` : '',
    error_category: p.error_category,
    root_cause: p.root_cause,
    cause_category: p.cause_category,
    team_id: p.team_id === null ? '' : String(p.team_id),
    impact: p.impact,
    gravity: grade(p.gravity),
    urgency: grade(p.urgency),
    tendency: grade(p.tendency),
    solution_immediate: p.solution_immediate,
    solution_long_term: p.solution_long_term,
    solution_preventive: p.solution_preventive,
    ticket_ids: [...p.ticket_ids],
    problem_ids: [...p.problem_ids],
  };
}

// The three grades as numbers, or null until all three are chosen.
export function gradesOf(d: Pick<ProblemDraft, 'gravity' | 'urgency' | 'tendency'>): { gravity: number; urgency: number; tendency: number } | null {
  const [g, u, t] = [d.gravity, d.urgency, d.tendency].map((x) => (/^\d+$/.test(x) ? Number(x) : NaN));
  if ([g, u, t].some((x) => Number.isNaN(x))) return null;
  return { gravity: g, urgency: u, tendency: t };
}

const TEXT_FIELDS = [
  'title',
  'description',
  'error_category',
  'root_cause',
  'cause_category',
  'impact',
  'solution_immediate',
  'solution_long_term',
  'solution_preventive',
] as const;

const idOrNull = (s: string) => (s === '' ? null : Number(s));

function reporterFields(reporter: string): { reporter_user_id: number | null; reporter_contact_id: number | null } {
  const m = /^(user|contact):(\d+)$/.exec(reporter);
  return {
    reporter_user_id: m && m[1] === 'user' ? Number(m[2]) : null,
    reporter_contact_id: m && m[1] === 'contact' ? Number(m[2]) : null,
  };
}

// A new record as POST /api/v1/problems takes it: what was filled in (an empty choice, an
// unchosen grade or an empty date is left for the server's default). The reporter is always
// sent: one of the two ids, or both null for "nobody" (left out, the server would name the
// person recording it).
export function problemBody(d: ProblemDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of TEXT_FIELDS) out[k] = d[k];
  if (d.reported_at.trim()) out.reported_at = instant(d.reported_at);
  out.organisation_ids = d.organisation_ids.map(Number);
  const r = reporterFields(d.reporter);
  if (r.reporter_contact_id !== null) out.reporter_contact_id = r.reporter_contact_id;
  else if (r.reporter_user_id !== null) out.reporter_user_id = r.reporter_user_id;
  else Object.assign(out, r);
  if (d.team_id) out.team_id = Number(d.team_id);
  for (const k of ['gravity', 'urgency', 'tendency'] as const) if (d[k]) out[k] = Number(d[k]);
  out.ticket_ids = [...d.ticket_ids];
  out.problem_ids = [...d.problem_ids];
  return out;
}

// What changed between the form as opened and as it is now, as PATCH /api/v1/problems/{id} takes
// it (the caller adds the version, and the status for a move): a choice taken away is sent as
// null, lists ticked or added in another order are no change.
export function problemChanges(before: ProblemDraft, after: ProblemDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sameSet = (a: Array<string | number>, b: Array<string | number>) =>
    a.length === b.length && [...a].map(String).sort().join(',') === [...b].map(String).sort().join(',');
  for (const k of TEXT_FIELDS) if (after[k] !== before[k]) out[k] = after[k];
  if (after.reported_at !== before.reported_at) out.reported_at = instant(after.reported_at);
  if (!sameSet(after.organisation_ids, before.organisation_ids)) out.organisation_ids = after.organisation_ids.map(Number);
  if (after.reporter !== before.reporter) Object.assign(out, reporterFields(after.reporter));
  if (after.team_id !== before.team_id) out.team_id = idOrNull(after.team_id);
  for (const k of ['gravity', 'urgency', 'tendency'] as const) if (after[k] !== before[k]) out[k] = idOrNull(after[k]);
  if (!sameSet(after.ticket_ids, before.ticket_ids)) out.ticket_ids = [...after.ticket_ids];
  if (!sameSet(after.problem_ids, before.problem_ids)) out.problem_ids = [...after.problem_ids];
  return out;
}

// The fields of the form, by the control that shows a server message about them.
export const PROBLEM_CONTROLS = [
  'title',
  'description',
  'reported_at',
  'organisation_ids',
  'reporter',
  'error_category',
  'root_cause',
  'cause_category',
  'team_id',
  'impact',
  'gravity',
  'urgency',
  'tendency',
  'gut',
  'solution_immediate',
  'solution_long_term',
  'solution_preventive',
  'ticket_ids',
  'problem_ids',
  'status',
] as const;

// Which control shows a server message about `field`: "organisation_ids[2]" → the organisations,
// "reporter_contact_id" → who reported it, "solution_preventive" → its box. Null for anything else
// (the version, an unknown field: the banner shows it).
export function placeProblemField(field: string): string | null {
  const m = /^(\w+)(?:\[\d+\])?(?:\.\w+)?$/.exec(field);
  if (!m) return null;
  const name = m[1];
  if (name === 'reporter_user_id' || name === 'reporter_contact_id' || name === 'reporter') return 'reporter';
  return (PROBLEM_CONTROLS as readonly string[]).includes(name) ? name : null;
}

// A typed ticket or problem number ("12", "#12", " 12 ") as an id, or null.
export function parseId(text: string): number | null {
  const m = /^\s*#?(\d{1,12})\s*$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

// The list with `id` added at its end (once).
export function withId(list: number[], id: number): number[] {
  return list.includes(id) ? list : [...list, id];
}

// ---- the GUT settings form

// The lowest and highest score of a rule: three grades from 1 to `scaleMax`, summed or multiplied.
export function scoreRange(scaleMax: number, combine: GutCombine): { min: number; max: number } {
  return combine === 'sum' ? { min: 3, max: 3 * scaleMax } : { min: 1, max: scaleMax ** 3 };
}

// Each band's scores: from its min to the next band's min − 1, the last one to the rule's maximum.
export function bandRanges(bands: GutBand[], maxScore: number): Array<GutBand & { to: number }> {
  return bands.map((b, i) => ({ ...b, to: i + 1 < bands.length ? bands[i + 1].min - 1 : maxScore }));
}

export interface BandForm {
  key: number;  // keeps React's rows (and their focus) with the band when bands move
  min: string;
  level: string;
  required: SolutionKind[];
}

export interface SettingsDraft {
  preset: GutPreset;
  scale_max: string;
  combine: GutCombine;
  bands: BandForm[];
  error_categories: string;  // one a line
  alert_channel_ids: string[];
}

let lastKey = 0;

export function newBand(min = ''): BandForm {
  return { key: ++lastKey, min, level: '', required: ['immediate'] };
}

export function settingsDraft(s: GuardianSettings): SettingsDraft {
  return {
    preset: s.gut.preset,
    scale_max: String(s.gut.scale_max),
    combine: s.gut.combine,
    bands: s.gut.bands.map((b) => ({ key: ++lastKey, min: String(b.min), level: b.level, required: [...b.required] })),
    error_categories: s.error_categories.join('\n'),
    alert_channel_ids: (s.alert_channel_ids ?? []).map(String),
  };
}

// One category a line, blank lines dropped, each once.
export function categoryLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const s = line.trim();
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

const num = (s: string) => (/^-?\d+$/.test(s.trim()) ? Number(s.trim()) : s);

// The settings as PUT /api/v1/guardian/settings takes them: a preset alone by its name, a custom
// rule whole (the lowest and highest scores are the server's to work out). Required kinds go in
// their usual order. Something typed that is not a number is sent as typed, for the server to
// name.
export function settingsBody(d: SettingsDraft): Record<string, unknown> {
  const gut: Record<string, unknown> =
    d.preset === 'custom'
      ? {
          preset: 'custom',
          scale_max: num(d.scale_max),
          combine: d.combine,
          bands: d.bands.map((b) => ({
            min: num(b.min),
            level: b.level.trim(),
            required: SOLUTION_KINDS.filter((k) => b.required.includes(k)),
          })),
        }
      : { preset: d.preset };
  return { gut, error_categories: categoryLines(d.error_categories), alert_channel_ids: d.alert_channel_ids.map(Number) };
}

// The bands with the one at `from` moved `by` places (nothing moves past either end).
export function moveBand(bands: BandForm[], from: number, by: number): BandForm[] {
  return moveItem(bands, from, by);
}

const BAND_FIELDS = ['min', 'level', 'required'];

// Which control of the settings shows a server message, given the keys of the bands as they were
// sent: "gut.bands[1].level" → "bands.<key>.level", "gut.bands[1]" → "bands.<key>", "gut" or
// "gut.bands" (a message about the rule as a whole) → "rule", "gut.scale_max" → "scale_max",
// "error_categories[3]" → "error_categories". The "gut." may be left out. Null for anything else.
export function placeSettingsField(field: string, sentKeys: number[]): string | null {
  if (field === 'gut' || field === 'gut.bands' || field === 'bands') return 'rule';
  if (/^error_categories(\[\d+\])?$/.test(field)) return 'error_categories';
  if (/^alert_channel_ids(\[\d+\])?$/.test(field)) return 'alert_channel_ids';
  const f = field.startsWith('gut.') ? field.slice(4) : field;
  if (f === 'preset' || f === 'scale_max' || f === 'combine') return f;
  const m = /^bands\[(\d+)\](?:\.(\w+)(?:\[\d+\])?)?$/.exec(f);
  if (!m) return field.startsWith('gut.') ? 'rule' : null;
  const key = sentKeys[Number(m[1])];
  if (key === undefined) return 'rule';
  if (!m[2]) return `bands.${key}`;
  return BAND_FIELDS.includes(m[2]) ? `bands.${key}.${m[2]}` : `bands.${key}`;
}

// ---- action plans (docs/GUARDIAN.md, "Action plans")

type K = keyof (typeof m)['en'];
type T = Translate<K>;

// Overdue as the screens show it: the server's flag, or — for a page left open — an open action
// whose due time has passed since it was read. Done and cancelled actions are never overdue.
export function isOverdue(a: Pick<ProblemAction, 'status' | 'due_at' | 'overdue'>, now: number): boolean {
  if (a.status !== 'open') return false;
  if (a.overdue) return true;
  if (!a.due_at) return false;
  const due = Date.parse(a.due_at);
  return !Number.isNaN(due) && due < now;
}

// Soonest due first (those without a due time last), then the older action.
export function byDue(a: ProblemAction, b: ProblemAction): number {
  const da = a.due_at ? Date.parse(a.due_at) : Infinity;
  const db = b.due_at ? Date.parse(b.due_at) : Infinity;
  if (da !== db) return da < db ? -1 : 1;
  return a.id - b.id;
}

// The record's actions under the three kinds, in the order they are worked (every kind, even
// without actions), each soonest due first.
export function actionsByKind(actions: ProblemAction[]): Array<{ kind: SolutionKind; actions: ProblemAction[] }> {
  return SOLUTION_KINDS.map((kind) => ({ kind, actions: actions.filter((a) => a.kind === kind).sort(byDue) }));
}

// Who may record an action's completion: problem.write, and its owner (docs/GUARDIAN.md).
export function canComplete(a: ProblemAction, me: number | undefined, writable: boolean): boolean {
  return a.status === 'open' && (writable || (me !== undefined && a.owner?.id === me));
}

// A person as the API names them: {id, name}, or (in some answers) just an id.
export function personName(p: PersonRef | number | null | undefined): string {
  if (p === null || p === undefined) return '';
  return typeof p === 'number' ? `#${p}` : p.name || `#${p.id}`;
}

// Days with at most one decimal, the reader's way: 3.5 / 3,5; 40 / 40.
export function formatDays(days: number, locale: Locale | string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(Math.round(days * 10) / 10);
}

// "Fixed in 3.5 days", "Prevented in 1 day", "Fixed in —" until it is (time_to_fix_days and
// time_to_prevention_days are null until then).
export function daysSentence(which: 'fix' | 'prevention', days: number | null | undefined, t: T, locale: Locale | string): string {
  const stem = which === 'fix' ? 'fixedIn' : 'preventedIn';
  if (days === null || days === undefined || !Number.isFinite(days)) return t(`${stem}_none`);
  const n = Math.round(days * 10) / 10;
  const plural = new Intl.PluralRules(locale).select(n) === 'one' ? 'one' : 'other';
  return t(`${stem}_${plural}`, { days: formatDays(n, locale) });
}

// ---- the action form

export interface ActionDraft {
  kind: SolutionKind;
  title: string;
  owner_user_id: string;
  team_id: string;
  due_at: string;  // datetime-local, in the person's own time zone
}

// A new action: of the first kind the record's level requires and has no action for yet, done by
// the record's team unless another is chosen.
export function actionDraft(p: Pick<Problem, 'team_id' | 'gut' | 'actions'> | null): ActionDraft {
  const required = p?.gut?.required ?? [];
  const planned = new Set((p?.actions ?? []).filter((a) => a.status !== 'cancelled').map((a) => a.kind));
  const kind = SOLUTION_KINDS.find((k) => required.includes(k) && !planned.has(k)) ?? 'immediate';
  return { kind, title: '', owner_user_id: '', team_id: p?.team_id ? String(p.team_id) : '', due_at: '' };
}

// Every part of `at` as the wall clock of `timeZone` shows it, as if that were UTC.
function wallClock(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((x) => x.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

function knownZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

// A typed datetime-local ("2026-03-10T09:00") read in `timeZone` (the person's profile zone, the
// one every time on the screens is shown in) as an ISO 8601 instant; as typed when it is not a
// date, for the server to name.
export function zonedInstant(local: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!m) return local;
  const zone = knownZone(timeZone);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  // The zone's offset at a first guess, then again at the instant found (a daylight-saving edge).
  const guess = wall - (wallClock(wall, zone) - wall);
  const at = wall - (wallClock(guess, zone) - guess);
  return new Date(at).toISOString();
}

// The new action as POST /api/v1/problems/{id}/actions takes it; a choice left empty is sent as
// null and an empty due date left out, for the server to name what it needs.
export function actionBody(d: ActionDraft, timeZone: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: d.kind,
    title: d.title.trim(),
    owner_user_id: d.owner_user_id ? Number(d.owner_user_id) : null,
    team_id: d.team_id ? Number(d.team_id) : null,
  };
  if (d.due_at.trim()) out.due_at = zonedInstant(d.due_at, timeZone);
  return out;
}

const ACTION_CONTROLS = ['kind', 'title', 'owner_user_id', 'team_id', 'due_at', 'evidence', 'status'];

// Which control of the action form (or the "mark done" dialog) shows a server message about
// `field`: "owner_id" and "owner" → the owner; null for anything else (the banner shows it).
export function placeActionField(field: string): string | null {
  if (field === 'owner' || field === 'owner_id') return 'owner_user_id';
  return ACTION_CONTROLS.includes(field) ? field : null;
}

// ---- the work list (/guardian/actions)

export type ActionStatusFilter = ActionStatus | 'all';
export const ACTION_STATUS_FILTERS: ActionStatusFilter[] = ['open', 'done', 'cancelled', 'all'];

export interface ActionFilters {
  team_id: string;
  mine: boolean;
  status: ActionStatusFilter;
  overdue: boolean;
}

// The filters kept in the address (?team_id=2&mine=1&status=done&overdue=1); open by default.
export function actionsFromSearch(search: URLSearchParams): ActionFilters {
  return {
    team_id: /^\d+$/.test(search.get('team_id') ?? '') ? search.get('team_id')! : '',
    mine: search.get('mine') === '1',
    status: ACTION_STATUS_FILTERS.find((s) => s === search.get('status')) ?? 'open',
    overdue: search.get('overdue') === '1',
  };
}

export function actionsHref(f: ActionFilters): string {
  const q = new URLSearchParams();
  if (f.team_id) q.set('team_id', f.team_id);
  if (f.mine) q.set('mine', '1');
  if (f.status !== 'open') q.set('status', f.status);
  if (f.overdue) q.set('overdue', '1');
  const s = q.toString();
  return '/guardian/actions' + (s ? `?${s}` : '');
}

// GET /api/v1/problem-actions's filters: "mine" is the person's own id as the owner.
export function actionsQuery(f: ActionFilters, me: number | undefined): Record<string, string | number | undefined> {
  return {
    team_id: f.team_id || undefined,
    owner_id: f.mine && me !== undefined ? me : undefined,
    status: f.status,
    overdue: f.overdue ? 'true' : undefined,
  };
}

// The teams to filter by: the person's own first, then the others, each part by name.
export function teamsMineFirst<X extends { id: number; name: string }>(teams: X[], mine: number[]): Array<X & { mine: boolean }> {
  const byName = (a: X, b: X) => a.name.localeCompare(b.name);
  return [
    ...teams.filter((x) => mine.includes(x.id)).sort(byName).map((x) => ({ ...x, mine: true })),
    ...teams.filter((x) => !mine.includes(x.id)).sort(byName).map((x) => ({ ...x, mine: false })),
  ];
}

// ---- the timeline (docs/GUARDIAN.md, "Discussion and files")

export interface EventContext {
  t: T;
  self?: number;  // the record whose timeline this is
  actions: ProblemAction[];
  files: ProblemFile[];
  group: GroupMember[];
  dateTime: (iso: string) => string;
  teamName?: (id: string) => string | undefined;
}

// One event in words: the sentence; a text that goes with it (a comment, what came back); a link
// (the file, the group's first record) shown after the sentence.
export interface EventLine {
  text: string;
  body?: string;
  link?: { href: string; label: string; download?: string; app: boolean };
}

const FIELD_LABELS: Record<string, K> = {
  title: 'title',
  description: 'description',
  reported_at: 'reportedAt',
  error_category: 'errorCategory',
  root_cause: 'rootCause',
  cause_category: 'causeCategory',
  team_id: 'teamWhere',
  impact: 'impact',
  gravity: 'gravity',
  urgency: 'urgency',
  tendency: 'tendency',
  solution_immediate: 'solution_immediate',
  solution_long_term: 'solution_long_term',
  solution_preventive: 'solution_preventive',
  organisation_ids: 'organisations',
  reporter: 'reporter',
  reporter_user_id: 'reporter',
  reporter_contact_id: 'reporter',
  ticket_ids: 'linkedTickets',
  problem_ids: 'linkedProblems',
  status: 'statusHeading',
  group_id: 'groupMembers',
};

const QUOTED = new Set(['title', 'description', 'error_category', 'root_cause', 'impact', 'solution_immediate', 'solution_long_term', 'solution_preventive']);

// A translated word by its key, or `fallback` where the strings have none (a custom value).
function word(t: T, key: string, fallback: string): string {
  const s = t(key as K);
  return s === key ? fallback : s;
}

function fieldValue(field: string, value: string | null | undefined, ctx: EventContext): string {
  if (value === null || value === undefined || value === '') return '—';
  const { t } = ctx;
  if (field === 'status') return word(t, `status_${value}`, value);
  if (field === 'cause_category') return word(t, `cause_${value}`, value);
  if (field === 'reported_at') return Number.isNaN(Date.parse(value)) ? value : ctx.dateTime(value);
  if (field === 'team_id') return ctx.teamName?.(value) ?? `#${value}`;
  if (QUOTED.has(field)) return `“${value.length > 80 ? value.slice(0, 80) + '…' : value}”`;
  return value;
}

function actionTitle(e: ProblemEvent, ctx: EventContext): { title: string; kind: string | null } {
  const a = ctx.actions.find((x) => x.id === e.ref);
  if (a) return { title: a.title, kind: word(ctx.t, `kind_${a.kind}`, a.kind) };
  // An action the record no longer lists: as the event names it (body: its title; an added
  // action's field: its kind).
  const kind = SOLUTION_KINDS.find((k) => k === e.field);
  return { title: e.body || (e.ref ? `#${e.ref}` : ''), kind: e.type === 'action_added' && kind ? word(ctx.t, `kind_${kind}`, kind) : null };
}

export function eventLine(e: ProblemEvent, ctx: EventContext): EventLine {
  const { t } = ctx;
  const author = e.author?.name || (e.author ? `#${e.author.id}` : t('evSystem'));
  switch (e.type) {
    case 'created':
      return { text: t('evCreated', { author }) };
    case 'field_changed': {
      const field = e.field ?? '';
      const label = FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : field;
      return { text: t('evFieldChanged', { author, field: label, from: fieldValue(field, e.from, ctx), to: fieldValue(field, e.to, ctx) }) };
    }
    case 'status_changed':
      return { text: t('evStatusChanged', { author, from: fieldValue('status', e.from, ctx), to: fieldValue('status', e.to, ctx) }) };
    case 'comment':
      return { text: t('evComment', { author }), body: e.body ?? '' };
    case 'attachment_added': {
      const f = ctx.files.find((x) => x.id === e.ref);
      const name = f?.filename || e.body || `#${e.ref ?? ''}`;
      return {
        text: t('evAttachment', { author }),
        link: e.ref ? { href: `/api/v1/problem-files/${e.ref}`, label: name, download: f?.filename || e.body || undefined, app: false } : undefined,
      };
    }
    case 'action_added': {
      const { title, kind } = actionTitle(e, ctx);
      return { text: kind ? t('evActionAdded', { author, kind, title }) : t('evActionAddedPlain', { author, title }) };
    }
    case 'action_changed': {
      const { title } = actionTitle(e, ctx);
      if (e.to && e.to !== e.from) {
        if (e.to === 'done') return { text: t('evActionDone', { author, title }) };
        if (e.to === 'cancelled') return { text: t('evActionCancelled', { author, title }) };
        if (e.to === 'open') return { text: t('evActionReopened', { author, title }) };
      }
      return { text: t('evActionChanged', { author, title }) };
    }
    case 'action_overdue':
      return { text: t('evActionOverdue', { title: actionTitle(e, ctx).title }) };
    case 'ungrouped':
      return { text: t('evUngrouped', { author }) };
    case 'grouped': {
      if (!e.ref) return { text: t('evUngrouped', { author }) };
      // Another record joined this one, which so started the group.
      if (e.ref === ctx.self) return { text: t('evGroupStarted') };
      const first = ctx.group.find((x) => x.id === e.ref);
      return {
        text: t('evGrouped', { author }),
        link: { href: `/guardian/problems/${e.ref}`, label: first ? t('problemLink', { id: e.ref, title: first.title }) : t('problemN', { id: e.ref }), app: true },
      };
    }
    case 'recurred':
      // On a record of the group that was monitoring or closed: moved to reopened because record
      // `ref` joined; on the record that joined: the server's account of what came back.
      if (e.field === 'status' && e.to) {
        return {
          text: t('evRecurredReopened', { from: fieldValue('status', e.from, ctx), to: fieldValue('status', e.to, ctx) }),
          link: e.ref ? { href: `/guardian/problems/${e.ref}`, label: t('problemN', { id: e.ref }), app: true } : undefined,
        };
      }
      return { text: t('evRecurred'), body: e.body ?? '' };
    default:
      return { text: t('evOther', { author }) };
  }
}

// ---- recurrence (docs/GUARDIAN.md, "Recurrence")

// 0.62 → "62%" (the reader's way of writing a percentage).
export function similarityPercent(similarity: number, locale: Locale | string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(Math.max(0, Math.min(1, similarity)));
}

// What a new record's form asks suggestions for: its title and description, once there is a word
// of three letters or more in them (the server ignores shorter ones); '' until then.
export function suggestText(title: string, description: string): string {
  const text = [title.trim(), description.trim()].filter(Boolean).join('\n');
  return /[\p{L}\p{N}]{3,}/u.test(text) ? text : '';
}

// The records a PATCH's `recurred` names, by id (the server may list ids or records).
export function recurredIds(recurred: Problem['recurred']): number[] {
  return (recurred ?? []).map((x) => (typeof x === 'number' ? x : x.id)).filter((x) => Number.isFinite(x));
}

// A suggestion worth a "group with" button: not the record itself and not already in its group.
export function canGroupWith(s: Suggestion, p: Pick<Problem, 'id' | 'group_id'>): boolean {
  if (s.problem.id === p.id) return false;
  if (p.group_id && (s.problem.group_id === p.group_id || s.problem.id === p.group_id)) return false;
  return true;
}
