// Surveys as the staff screens see them (docs/SURVEYS.md): the designs, their results, the
// follow-ups unhappy answers open and who hears about answers — and the pure arithmetic the
// screens add to the server's figures (the headline of each kind and the chart's geometry).

export type SurveyKind = 'nps' | 'csat' | 'ces' | 'stars' | 'likert';
export const SURVEY_KINDS: SurveyKind[] = ['nps', 'csat', 'ces', 'stars', 'likert'];

// The words of each kind's three classifications, worst first.
export const SENTIMENTS: Record<SurveyKind, [string, string, string]> = {
  nps: ['detractor', 'passive', 'promoter'],
  csat: ['unsatisfied', 'neutral', 'satisfied'],
  stars: ['unsatisfied', 'neutral', 'satisfied'],
  ces: ['difficult', 'neutral', 'easy'],
  likert: ['disagree', 'neutral', 'agree'],
};

export interface Survey {
  id: number;
  name: string;
  kind: SurveyKind;
  points: number;
  min: number;
  max: number;
  high_is_easy: boolean;
  question_en: string;
  question_pt: string;
  comment_en: string;
  comment_pt: string;
  send_on: string;  // resolved, closed or never
  ticket_types: string[];
  channels: string[];
  link_days: number;
  active: boolean;
  questions: SurveyQuestion[];
  created_at: string;
  version: number;
}

// The follow-up questions asked after the score (at most 5): free text, or one choice among 2 to
// 10 options (as many in each language); `ask` says after which answers — every one, or only
// those of one classification (negative: detractor, unsatisfied, difficult, disagree; neutral;
// positive: promoter, satisfied, easy, agree).
export type QuestionKind = 'text' | 'choice';
export type AskWhen = 'always' | 'negative' | 'neutral' | 'positive';
export const QUESTION_KINDS: QuestionKind[] = ['text', 'choice'];
export const ASK_WHEN: AskWhen[] = ['always', 'negative', 'neutral', 'positive'];
export const MAX_QUESTIONS = 5;
export const MAX_OPTIONS = 10;

export interface SurveyQuestion {
  id?: number;  // given by the server; sent back to keep the question (and its answers), absent for a new one
  kind: QuestionKind;
  text_en: string;
  text_pt: string;
  options_en: string[];
  options_pt: string[];
  ask: AskWhen;
}

// One question's figures in the results: answers per option (a choice question) and how many
// answered it. Answers name it by its `id`.
export interface QuestionResult {
  id: number;
  kind: QuestionKind;
  text_en: string;
  text_pt: string;
  options_en: string[];
  options_pt: string[];
  answered: number;
  counts: number[];
}

// One answer to a follow-up question: the option's index (from 0) of a choice, the text of a text.
export interface QuestionAnswer {
  question: number;  // the question's id
  choice: number | null;
  text: string;
}

export interface Summary {
  n: number;
  positive: number;
  neutral: number;
  negative: number;
  mean: number | null;
  positive_percent: number | null;
  negative_percent: number | null;
  net: number | null;
  margin: number | null;
}

export interface Figures extends Summary {
  counts: number[];  // answers per score, from the scale's min
}

export interface FollowUpCounts {
  total: number;
  open: number;
  contacted: number;
  resolved: number;
  no_answer: number;
  within_sla: number;
  within_sla_percent: number | null;
  contacted_total: number;
  overdue: number;
}

export interface Results {
  survey: Survey;
  from: string;
  to: string;
  all: Figures;
  transactional: Figures;
  relational: Figures;
  months: Array<Summary & { month: string }>;
  invitations: number;
  skipped: Record<string, number>;
  followups: FollowUpCounts;
  questions?: QuestionResult[];
}

export interface SurveyResponse {
  id: number;
  survey_id: number;
  score: number;
  sentiment: string;
  comment: string;
  answered_at: string;
  transactional: boolean;
  contact_id: number;
  contact_name: string;
  organisation_id: number | null;
  organisation_name: string;
  ticket_id: number | null;
  ticket_type: string;
  channel: string;
  agent_id: number | null;
  agent_name: string;
  team_id: number | null;
  team_name: string;
  answers?: QuestionAnswer[];
}

export type FollowUpState = 'open' | 'contacted' | 'resolved' | 'no_answer';

export interface FollowUp {
  id: number;
  survey_id: number;
  survey_name: string;
  kind: SurveyKind;
  response_id: number;
  score: number;
  sentiment: string;
  comment: string;
  contact_id: number;
  contact_name: string;
  contact_email: string;
  organisation_id: number | null;
  organisation_name: string;
  ticket_id: number | null;
  ticket_subject: string;
  team_id: number | null;
  team_name: string;
  owner_id: number | null;
  owner_name: string;
  state: FollowUpState;
  note: string;
  created_at: string;
  due_at: string | null;
  overdue: boolean;
  contacted_at: string | null;
  within_sla: boolean | null;
  closed_at: string | null;
  escalated_at: string | null;
  version: number;
}

export interface AlertRoute {
  team_id: number | null;
  channel_id: number;
  on_negative: boolean;
  on_neutral: boolean;
  on_positive: boolean;
  on_overdue: boolean;
}

// An alert channel as a route names it (where it points stays with the administrators).
export interface RouteChannel {
  id: number;
  name: string;
  kind: string;
  active: boolean;
}

export interface Campaign {
  id: number;
  survey_id: number;
  name: string;
  organisation_ids: number[];
  segments: string[];
  every_months: number;
  next_run_at: string;
  window_start: string;
  window_end: string;
  weekdays_only: boolean;
  active: boolean;
  created_at: string;
  version: number;
  round: { started_at: string | null; pending: number; sent: number; skipped: number; skipped_by_reason: Record<string, number> };
}

// The states an outcome may move to from `state`: open → contacted, resolved or no answer;
// contacted → resolved or no answer; closed ones move no more (the server says the same).
export function nextStates(state: FollowUpState): FollowUpState[] {
  if (state === 'open') return ['contacted', 'resolved', 'no_answer'];
  if (state === 'contacted') return ['resolved', 'no_answer'];
  return [];
}

// A score's classification: 0 negative, 1 neutral, 2 positive (docs/SURVEYS.md, "Kinds and
// scales"; the server stores the same with each answer).
export function classify(s: Pick<Survey, 'kind' | 'min' | 'max' | 'high_is_easy'>, score: number): 0 | 1 | 2 {
  if (s.kind === 'nps') return score >= 9 ? 2 : score >= 7 ? 1 : 0;
  if (s.kind === 'ces') {
    if (score === 4) return 1;
    return (s.high_is_easy ? score >= 5 : score <= 3) ? 2 : 0;
  }
  // CSAT, stars and Likert: above the middle of the scale is positive, the middle neutral.
  const mid = (s.min + s.max) / 2;
  return score > mid ? 2 : score === mid ? 1 : 0;
}

// NPS and CES are read as a net score (% positive − % negative, −100 to 100); CSAT, stars and
// Likert as the share of positive answers (0 to 100).
export function isNet(kind: SurveyKind): boolean {
  return kind === 'nps' || kind === 'ces';
}

// The 95% margin of error of a share `percent` (0–100) of `n` answers, in points:
// 1.96 × 100 × √(p(1 − p) / n). (The net score's margin comes from the server.)
export function shareMargin(percent: number, n: number): number {
  if (n <= 0) return 0;
  const p = percent / 100;
  return 1.96 * 100 * Math.sqrt((p * (1 - p)) / n);
}

// The figure a survey is judged by, with its 95% margin of error; null with no answers.
export function headline(kind: SurveyKind, s: Summary): { value: number; margin: number } | null {
  if (s.n === 0) return null;
  if (isNet(kind)) return s.net === null ? null : { value: s.net, margin: s.margin ?? 0 };
  return s.positive_percent === null ? null : { value: s.positive_percent, margin: shareMargin(s.positive_percent, s.n) };
}

// One decimal, the way every figure is shown.
export const round1 = (x: number) => Math.round(x * 10) / 10;

export interface ChartPoint {
  month: string;
  x: number;
  y: number;
  value: number;
  margin: number;
  n: number;
}

export interface ChartGeometry {
  points: ChartPoint[];  // the months with answers
  line: string;  // SVG path through them (a month with no answers breaks it)
  band: string;  // SVG path of the margin band, one closed shape per unbroken run
  low: number;  // the y axis' range
  high: number;
  ticks: Array<{ value: number; y: number }>;
  xs: Array<{ month: string; x: number }>;  // every month's place, answered or not
}

// The chart of the headline over the months: x spreads the months over [left, left + width],
// y maps the kind's range (−100…100 or 0…100) onto [top + height, top]; the band is the figure ±
// its margin, cut to the range.
export function chartGeometry(
  kind: SurveyKind,
  months: Array<Summary & { month: string }>,
  box: { left: number; top: number; width: number; height: number },
): ChartGeometry {
  const low = isNet(kind) ? -100 : 0;
  const high = 100;
  const clamp = (v: number) => Math.min(high, Math.max(low, v));
  const yOf = (v: number) => box.top + ((high - clamp(v)) / (high - low)) * box.height;
  const step = months.length > 1 ? box.width / (months.length - 1) : 0;
  const xOf = (i: number) => box.left + (months.length > 1 ? i * step : box.width / 2);
  const f = (v: number) => String(round1(v));
  const points: ChartPoint[] = [];
  const runs: ChartPoint[][] = [];
  let run: ChartPoint[] = [];
  months.forEach((m, i) => {
    const h = headline(kind, m);
    if (!h) {
      if (run.length) runs.push(run);
      run = [];
      return;
    }
    const p = { month: m.month, x: xOf(i), y: yOf(h.value), value: h.value, margin: h.margin, n: m.n };
    points.push(p);
    run.push(p);
  });
  if (run.length) runs.push(run);
  const line = runs.map((r) => r.map((p, i) => `${i ? 'L' : 'M'}${f(p.x)} ${f(p.y)}`).join(' ')).join(' ');
  const band = runs
    .map((r) => {
      // A lone month gets a short vertical bar, so its margin still shows.
      const pts = r.length === 1 ? [{ ...r[0], x: r[0].x - 3 }, { ...r[0], x: r[0].x + 3 }] : r;
      const top = pts.map((p, i) => `${i ? 'L' : 'M'}${f(p.x)} ${f(yOf(p.value + p.margin))}`);
      const bottom = [...pts].reverse().map((p) => `L${f(p.x)} ${f(yOf(p.value - p.margin))}`);
      return [...top, ...bottom, 'Z'].join(' ');
    })
    .join(' ');
  const ticks = (isNet(kind) ? [-100, -50, 0, 50, 100] : [0, 25, 50, 75, 100]).map((v) => ({ value: v, y: yOf(v) }));
  return { points, line, band, low, high, ticks, xs: months.map((m, i) => ({ month: m.month, x: xOf(i) })) };
}

// "2026-11" → the first day of that month (for formatting as a month name).
export function monthDate(month: string): Date {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, (m || 1) - 1, 15));
}

// ---- follow-up questions: the designer's form, where the server's messages go, the results

// "Always", or the classification a score must have for the question to be asked.
const CLASSES: AskWhen[] = ['negative', 'neutral', 'positive'];

// A survey's scale from its kind (and a Likert item's points), as the server makes it.
export function scaleOf(kind: SurveyKind, points: number): { min: number; max: number } {
  if (kind === 'nps') return { min: 0, max: 10 };
  if (kind === 'ces') return { min: 1, max: 7 };
  if (kind === 'likert') return { min: 1, max: points === 7 ? 7 : 5 };
  return { min: 1, max: 5 };
}

// The scores after which a question with `ask` is asked, in order.
export function scoresOf(s: Pick<Survey, 'kind' | 'min' | 'max' | 'high_is_easy'>, ask: AskWhen): number[] {
  const out: number[] = [];
  for (let score = s.min; score <= s.max; score++) {
    if (ask === 'always' || CLASSES[classify(s, score)] === ask) out.push(score);
  }
  return out;
}

// Scores as short runs: [0, 1, 2, 3] → "0–3", [4] → "4", [1, 2, 5] → "1–2, 5".
export function scoreRange(scores: number[]): string {
  const runs: string[] = [];
  let i = 0;
  while (i < scores.length) {
    let j = i;
    while (j + 1 < scores.length && scores[j + 1] === scores[j] + 1) j++;
    runs.push(i === j ? String(scores[i]) : `${scores[i]}–${scores[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

// A question as the designer edits it: the options one a line, as typed.
export interface QuestionForm {
  key: number;  // keeps React's rows (and their focus) with the question when questions move
  id?: number;
  kind: QuestionKind;
  text_en: string;
  text_pt: string;
  options_en: string;
  options_pt: string;
  ask: AskWhen;
}

let lastKey = 0;

export function newQuestion(): QuestionForm {
  return { key: ++lastKey, kind: 'text', text_en: '', text_pt: '', options_en: '', options_pt: '', ask: 'always' };
}

export function questionForms(questions: SurveyQuestion[] | undefined): QuestionForm[] {
  return (questions ?? []).map((q) => ({
    key: ++lastKey,
    ...(q.id !== undefined ? { id: q.id } : {}),
    kind: q.kind,
    text_en: q.text_en,
    text_pt: q.text_pt,
    options_en: q.options_en.join('\n'),
    options_pt: q.options_pt.join('\n'),
    ask: q.ask,
  }));
}

// One option a line, blank lines dropped.
export function optionLines(text: string): string[] {
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

// The questions as the API takes them (the whole list; a text question has no options, whatever
// was typed for it while it was a choice).
export function questionsBody(forms: QuestionForm[]): SurveyQuestion[] {
  return forms.map((f) => ({
    ...(f.id !== undefined ? { id: f.id } : {}),
    kind: f.kind,
    text_en: f.text_en,
    text_pt: f.text_pt,
    options_en: f.kind === 'choice' ? optionLines(f.options_en) : [],
    options_pt: f.kind === 'choice' ? optionLines(f.options_pt) : [],
    ask: f.ask,
  }));
}

// `list` with the item at `from` moved `by` places (nothing moves past either end).
export function moveItem<T>(list: T[], from: number, by: number): T[] {
  const to = from + by;
  if (to < 0 || to >= list.length || from < 0 || from >= list.length) return list;
  const out = [...list];
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x);
  return out;
}

const QUESTION_FIELDS = ['kind', 'text_en', 'text_pt', 'options_en', 'options_pt', 'ask'];

// Which control of the designer shows a server message about the questions, given the keys of
// the questions as they were sent (the designer may have moved them since): "questions[1].
// options_pt[3]" → "questions.<key>.options_pt", "questions[2]" → "questions.<key>", "questions"
// (or a question that was not sent) → "questions". Null for any other field.
export function placeQuestionField(field: string, sentKeys: number[]): string | null {
  if (field === 'questions') return 'questions';
  const m = /^questions\[(\d+)\](?:\.(\w+)(?:\[\d+\])?)?$/.exec(field);
  if (!m) return /^questions[.[]/.test(field) ? 'questions' : null;
  const key = sentKeys[Number(m[1])];
  if (key === undefined) return 'questions';
  if (!m[2]) return `questions.${key}`;
  return QUESTION_FIELDS.includes(m[2]) ? `questions.${key}.${m[2]}` : `questions.${key}`;
}

// The server's messages about single options ("questions[1].options_pt[3]"), by the designer's
// control, with the option's number (from 1, among the options sent): the first of each control.
export function optionProblems(fields: Record<string, string>, sentKeys: number[]): Record<string, { option: number; message: string }> {
  const out: Record<string, { option: number; message: string }> = {};
  for (const [field, message] of Object.entries(fields)) {
    const m = /^questions\[(\d+)\]\.(options_en|options_pt)\[(\d+)\]$/.exec(field);
    const key = m ? sentKeys[Number(m[1])] : undefined;
    if (!m || key === undefined) continue;
    const control = `questions.${key}.${m[2]}`;
    if (!(control in out)) out[control] = { option: Number(m[3]) + 1, message };
  }
  return out;
}

// Text in the reader's language, else in the other one.
export function inLanguage(en: string, pt: string, locale: string): string {
  return locale === 'pt-BR' ? pt || en : en || pt;
}

// Each option's share of the answers to its question, in percent; null when nobody answered.
export function optionShares(counts: number[], answered: number): Array<number | null> {
  return counts.map((c) => (answered > 0 ? (c / answered) * 100 : null));
}

// An answer to a follow-up question in words, in the reader's language: the question's text (null
// when the survey no longer has it) and the option chosen or the text written ("#3" for an option
// the question no longer has).
export function answerInWords(questions: QuestionResult[], a: QuestionAnswer, locale: string): { question: string | null; answer: string } {
  const q = questions.find((x) => x.id === a.question);
  const question = q ? inLanguage(q.text_en, q.text_pt, locale) : null;
  if (a.choice === null || a.choice === undefined) return { question, answer: a.text };
  const option = q ? inLanguage(q.options_en[a.choice] ?? '', q.options_pt[a.choice] ?? '', locale) : '';
  return { question, answer: option || `#${a.choice + 1}` };
}

// ---- campaigns: one form makes and changes them

export const SEGMENTS = ['smb', 'mid_market', 'enterprise'] as const;

export interface CampaignDraft {
  name: string;
  organisation_ids: string[];
  segments: string[];
  every_months: string;
  next: string;  // datetime-local, in the browser's zone
  window_start: string;
  window_end: string;
  weekdays_only: boolean;
  active: boolean;
}

// A datetime-local value (YYYY-MM-DDTHH:MM) for `d` in the browser's zone.
export function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

// The form for `c`, or for a new campaign whose first round starts at the next whole hour.
export function campaignDraft(c: Campaign | null, now: Date): CampaignDraft {
  if (c) {
    const next = new Date(c.next_run_at);
    return {
      name: c.name,
      organisation_ids: c.organisation_ids.map(String),
      segments: [...c.segments],
      every_months: String(c.every_months),
      next: Number.isNaN(next.getTime()) ? c.next_run_at : localInput(next),
      window_start: c.window_start,
      window_end: c.window_end,
      weekdays_only: c.weekdays_only,
      active: c.active,
    };
  }
  const next = new Date(now.getTime() + 3600_000);
  next.setMinutes(0, 0, 0);
  return {
    name: '',
    organisation_ids: [],
    segments: [],
    every_months: '6',
    next: localInput(next),
    window_start: '09:00',
    window_end: '17:00',
    weekdays_only: true,
    active: true,
  };
}

// The typed instant as ISO 8601 (as typed when it is not a date, for the server to refuse).
function instant(local: string): string {
  const when = new Date(local);
  return Number.isNaN(when.getTime()) ? local : when.toISOString();
}

// A new campaign's fields, as POST /api/v1/survey-campaigns takes them (without survey_id).
export function campaignBody(d: CampaignDraft): Record<string, unknown> {
  return {
    name: d.name,
    organisation_ids: d.organisation_ids.map(Number),
    segments: d.segments,
    every_months: Number(d.every_months),
    next_run_at: instant(d.next),
    window_start: d.window_start,
    window_end: d.window_end,
    weekdays_only: d.weekdays_only,
  };
}

// What changed between the form as opened and as saved, as PATCH /api/v1/survey-campaigns/{id}
// takes it (the caller adds the version): fields left alone are not sent, so an untouched next
// round keeps its seconds and a list ticked in another order is no change.
export function campaignChanges(before: CampaignDraft, after: CampaignDraft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
  if (after.name !== before.name) out.name = after.name;
  if (!sameSet(after.organisation_ids, before.organisation_ids)) out.organisation_ids = after.organisation_ids.map(Number);
  if (!sameSet(after.segments, before.segments)) out.segments = after.segments;
  if (after.every_months !== before.every_months) out.every_months = Number(after.every_months);
  if (after.next !== before.next) out.next_run_at = instant(after.next);
  if (after.window_start !== before.window_start) out.window_start = after.window_start;
  if (after.window_end !== before.window_end) out.window_end = after.window_end;
  if (after.weekdays_only !== before.weekdays_only) out.weekdays_only = after.weekdays_only;
  if (after.active !== before.active) out.active = after.active;
  return out;
}
