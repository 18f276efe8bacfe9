// The guardian's monthly report (docs/GUARDIAN.md, "Monthly reports") as the screen shows it: the
// report the API gives, and the pure logic the screen adds — which month is chosen (by default
// the last full one in the reader's time zone) and how it is kept in the address, a month in
// words, the counts' keys in the reader's words, the key figures, the breakdown tables, the
// actions' figures, the trend chart's sentence, and who the reports were e-mailed to.
import type common from '../../app/common.i18n';
import type { Translate } from '../../app/i18n';
import { translateServerText } from '../../app/server-text';
import type { Locale } from '../../model/types';
import { CAUSE_CATEGORIES, formatDays, knownLevel } from './guardian';
import type m from './guardian.i18n';

type T = Translate<keyof (typeof m)['en']>;
type C = Translate<keyof (typeof common)['en']>;

// One count of the month's records: `key` is the category, cause, team name, segment or level
// ("" while a record has none yet); `id` the team's id (null for the others).
export interface KeyCount {
  key: string;
  id: number | null;
  count: number;
}

export interface TrendMonth {
  month: string;  // "2026-03"
  recorded: number;
  closed: number;
}

export interface ReportActions {
  due: number;  // cancelled aside
  done_on_time: number;
  done_late: number;
  open_late: number;
  cancelled: number;
  on_time_percent: number;  // of due, one decimal
  average_days_late: number;  // over the late ones
}

export interface TopCause {
  group_id: number;
  root_cause: string;
  records: number;
  in_month: number;
  last_reported: string;
}

export interface MonthReport {
  month: string;
  time_zone: string;
  team: { id: number; name: string } | null;
  recorded: number;
  closed: number;
  open_at_end: number;
  by_error_category: KeyCount[];
  by_cause_category: KeyCount[];
  by_team: KeyCount[];
  by_segment: KeyCount[];
  by_level: KeyCount[];
  trend: TrendMonth[];
  actions: ReportActions;
  fixed: number;
  average_days_to_fix: number | null;
  prevented: number;
  average_days_to_prevention: number | null;
  top_causes: TopCause[];
}

// POST /api/v1/guardian/reports/monthly/send's answer (202).
export interface SendResult {
  sent: Array<{ team: string; to: string }>;
  skipped: Array<{ team: string; reason: string }>;
}

// ---- months

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

// "2026-03" is a month; "2026-3", "2026-13" and "March" are not.
export function isMonth(s: string): boolean {
  return MONTH.test(s);
}

function zoneOrUtc(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}

// The month it is at `now` on the wall clocks of `timeZone` ("2026-04").
export function monthIn(now: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zoneOrUtc(timeZone), year: 'numeric', month: '2-digit' }).formatToParts(new Date(now));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}`;
}

// "2026-03" moved by `by` months: +1 → "2026-04", -3 → "2025-12".
export function addMonths(month: string, by: number): string {
  const g = MONTH.exec(month);
  if (!g) return month;
  const n = Number(g[1]) * 12 + Number(g[2]) - 1 + by;
  return `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
}

// The report a guardian opens by default: the last full month in their time zone (the server's
// default too).
export function lastFullMonth(now: number, timeZone: string): string {
  return addMonths(monthIn(now, timeZone), -1);
}

function monthDate(month: string): Date {
  const g = MONTH.exec(month);
  return g ? new Date(Date.UTC(Number(g[1]), Number(g[2]) - 1, 1)) : new Date(NaN);
}

// "March 2026" / "março de 2026" (as written when it is not a month).
export function monthName(month: string, locale: Locale | string): string {
  const d = monthDate(month);
  if (Number.isNaN(d.getTime())) return month;
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

// "Mar" / "mar." — under a bar of the trend chart.
export function shortMonthName(month: string, locale: Locale | string): string {
  const d = monthDate(month);
  if (Number.isNaN(d.getTime())) return month;
  return new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(d);
}

// ---- the choice, kept in the address (?month=2026-03&team_id=2: the link an e-mail carries)

export interface ReportChoice {
  month: string;
  team_id: string;  // '' for the whole company
}

// The month and team of the address; a month that is not one gives way to `fallback` (the last
// full month), a team that is not an id to the whole company.
export function reportFromSearch(search: URLSearchParams, fallback: string): ReportChoice {
  const month = search.get('month') ?? '';
  const team = search.get('team_id') ?? '';
  return { month: isMonth(month) ? month : fallback, team_id: /^[1-9]\d*$/.test(team) ? team : '' };
}

function reportQuery(c: ReportChoice, format?: 'pdf'): string {
  const q = new URLSearchParams({ month: c.month });
  if (c.team_id) q.set('team_id', c.team_id);
  if (format) q.set('format', format);
  return q.toString();
}

export function reportHref(c: ReportChoice): string {
  return `/guardian/reports?${reportQuery(c)}`;
}

// The report's API address: its JSON, or (format "pdf") the same report as a PDF to download.
export function reportApiPath(c: ReportChoice, format?: 'pdf'): string {
  return `/api/v1/guardian/reports/monthly?${reportQuery(c, format)}`;
}

// ---- the report in words

export type Dimension = 'error_category' | 'cause_category' | 'team' | 'segment' | 'level';

const SEGMENTS = ['smb', 'mid_market', 'enterprise'] as const;

// A count's key as the reader says it: "" → "(none yet)"; a cause category, a segment and a
// preset's level in the reader's language; an error category, a team and a custom level as
// written.
export function reportKeyName(dimension: Dimension, key: string, t: T, c: C): string {
  if (key === '') return t('noneYet');
  if (dimension === 'cause_category' && (CAUSE_CATEGORIES as string[]).includes(key)) return t(`cause_${key as 'human'}`);
  if (dimension === 'segment' && (SEGMENTS as readonly string[]).includes(key)) return c(`segment_${key as 'smb'}`);
  if (dimension === 'level') {
    const k = knownLevel(key);
    if (k) return t(`level_${k}`);
  }
  return key;
}

// "1.8 days" / "1,8 dias", "1 day", and "—" for none. Only exactly one is singular ("0 days",
// "1,5 dias").
export function daysText(days: number | null | undefined, t: T, locale: Locale | string): string {
  if (days === null || days === undefined || !Number.isFinite(days)) return '—';
  const n = Math.round(days * 10) / 10;
  return t(n === 1 ? 'reportDays_one' : 'reportDays_other', { days: formatDays(n, locale) });
}

// 33.3 → "33.3%" / "33,3%".
export function percentText(percent: number, locale: Locale | string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(Math.round(percent * 10) / 1000);
}

// The actions late: done after their due date, or not done and past it now.
export function lateActions(a: ReportActions): number {
  return a.done_late + a.open_late;
}

export type FigureKey =
  | 'recorded'
  | 'closed'
  | 'open_at_end'
  | 'fixed'
  | 'average_days_to_fix'
  | 'average_days_to_prevention'
  | 'on_time_percent'
  | 'late_actions';

export interface Figure {
  key: FigureKey;
  label: string;
  value: string;
}

// The key figures at the top of the report, in words: the records recorded, closed and open at
// the month's end, how many were fixed, the average times to fix and to prevention ("—" when
// none was), the
// actions on time ("—" when none was due) and the late ones.
export function reportFigures(r: MonthReport, t: T, locale: Locale | string): Figure[] {
  const n = (x: number) => new Intl.NumberFormat(locale).format(x);
  const figure = (key: FigureKey, value: string): Figure => ({ key, label: t(`figure_${key}`), value });
  return [
    figure('recorded', n(r.recorded)),
    figure('closed', n(r.closed)),
    figure('open_at_end', n(r.open_at_end)),
    figure('fixed', n(r.fixed)),
    figure('average_days_to_fix', daysText(r.average_days_to_fix, t, locale)),
    figure('average_days_to_prevention', daysText(r.average_days_to_prevention, t, locale)),
    figure('on_time_percent', r.actions.due > 0 ? percentText(r.actions.on_time_percent, locale) : '—'),
    figure('late_actions', n(lateActions(r.actions))),
  ];
}

export interface Breakdown {
  dimension: Dimension;
  caption: string;
  column: string;
  rows: Array<{ key: string; label: string; count: number }>;
}

// The month's records counted five ways, each a table (most first, as the server orders them);
// by team only in the company's report (a team's report is all one team).
export function reportBreakdowns(r: MonthReport, t: T, c: C): Breakdown[] {
  const table = (dimension: Dimension, list: KeyCount[], caption: string, column: string): Breakdown => ({
    dimension,
    caption,
    column,
    rows: list.map((k) => ({ key: k.id !== null && k.id !== undefined ? `${k.key}#${k.id}` : k.key, label: reportKeyName(dimension, k.key, t, c), count: k.count })),
  });
  return [
    table('error_category', r.by_error_category, t('by_error_category'), t('errorCategory')),
    table('cause_category', r.by_cause_category, t('by_cause_category'), t('causeCategory')),
    ...(r.team ? [] : [table('team', r.by_team, t('by_team'), t('colTeam'))]),
    table('segment', r.by_segment, t('by_segment'), t('colSegment')),
    table('level', r.by_level, t('by_level'), t('colLevel')),
  ];
}

export type ActionFigureKey = 'due' | 'done_on_time' | 'done_late' | 'open_late' | 'cancelled' | 'on_time_percent' | 'average_days_late';

// The actions due in the month, one figure a row.
export function actionFigures(a: ReportActions, t: T, locale: Locale | string): Array<{ key: ActionFigureKey; label: string; value: string }> {
  const n = (x: number) => new Intl.NumberFormat(locale).format(x);
  const row = (key: ActionFigureKey, value: string) => ({ key, label: t(`action_${key}`), value });
  return [
    row('due', n(a.due)),
    row('done_on_time', n(a.done_on_time)),
    row('done_late', n(a.done_late)),
    row('open_late', n(a.open_late)),
    row('cancelled', n(a.cancelled)),
    row('on_time_percent', a.due > 0 ? percentText(a.on_time_percent, locale) : '—'),
    row('average_days_late', lateActions(a) > 0 ? daysText(a.average_days_late, t, locale) : '—'),
  ];
}

// The trend chart's title ("Recorded and closed, April 2025 to March 2026") and the sentence
// that names it for screen readers: the totals, and the month with the most records.
export function trendTitle(trend: TrendMonth[], t: T, locale: Locale | string): string {
  if (trend.length === 0) return t('trendHeading');
  return t('trendTitle', { from: monthName(trend[0].month, locale), to: monthName(trend[trend.length - 1].month, locale) });
}

export function trendSummary(trend: TrendMonth[], t: T, locale: Locale | string): string {
  const n = (x: number) => new Intl.NumberFormat(locale).format(x);
  const recorded = trend.reduce((s, x) => s + x.recorded, 0);
  const closed = trend.reduce((s, x) => s + x.closed, 0);
  const from = trend.length ? monthName(trend[0].month, locale) : '';
  const to = trend.length ? monthName(trend[trend.length - 1].month, locale) : '';
  const out = [t('trendSummary', { from, to, recorded: n(recorded), closed: n(closed) })];
  // The latest of the busiest months.
  const busiest = trend.reduce<TrendMonth | null>((best, x) => (x.recorded > 0 && (!best || x.recorded >= best.recorded) ? x : best), null);
  if (busiest) out.push(t('trendBusiest', { month: monthName(busiest.month, locale), count: n(busiest.recorded) }));
  return out.join(' ');
}

// What the "e-mail each team's manager" button did, in words: a headline, each manager it went
// to ("Field: ana@example.com"), and each team skipped with the server's reason in the reader's
// language.
export function sendSummary(result: SendResult, month: string, t: T, locale: Locale): { headline: string; sent: string[]; skipped: string[] } {
  const name = monthName(month, locale);
  const count = result.sent.length;
  const headline =
    count === 0 ? t('sentNone', { month: name }) : t(count === 1 ? 'sentOne' : 'sentMany', { month: name, count: new Intl.NumberFormat(locale).format(count) });
  return {
    headline,
    sent: result.sent.map((x) => t('sentLine', { team: x.team, to: x.to })),
    skipped: result.skipped.map((x) => t('skippedLine', { team: x.team, reason: translateServerText(x.reason, locale) ?? x.reason })),
  };
}
