// Surveys as the staff screens see them (docs/SURVEYS.md): the designs, their results, the
// follow-ups unhappy answers open and who hears about answers — and the pure arithmetic the
// screens add to the server's figures (the headline of each kind and the chart's geometry).

export type SurveyKind = 'nps' | 'csat' | 'ces' | 'stars' | 'likert';
export const SURVEY_KINDS: SurveyKind[] = ['nps', 'csat', 'ces', 'stars', 'likert'];

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
  created_at: string;
  version: number;
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
