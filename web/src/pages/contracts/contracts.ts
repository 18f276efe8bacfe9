// Customers' contracts (GET/POST/PUT /api/v1/contracts; docs/CONTRACTS.md) and the SLA thermometer:
// money in minor units shown and typed by locale, a contract's state from its dates, the month a
// thermometer looks at, and the contract form converted both ways. Pure, tested in contracts.test.ts.
import type { Locale, TicketType } from '../../model/types';

export type ComplianceClock = 'resolution' | 'first_response';
export const COMPLIANCE_CLOCKS: ComplianceClock[] = ['resolution', 'first_response'];

export interface ComplianceTarget {
  type: TicketType;
  clock: ComplianceClock;
  percent: number;
}

export interface ContractBody {
  organisation_id: number;
  name: string;
  starts_on: string;
  ends_on: string | null;
  renewal_on: string | null;
  monthly_value_minor: number;
  currency: string;
  policy_id: number;
  calendar_id: number | null;
  compliance_targets: ComplianceTarget[];
  notes: string;
}

export interface Contract extends ContractBody {
  id: number;
  currency_decimals: number;
  starts_at: string;
  ends_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ComplianceRow {
  type: TicketType;
  clock: ComplianceClock;
  contracted_percent: number;
  delivered: { met: number; breached: number; pending: number; met_percent: number | null };
  state: 'met' | 'below' | 'no_data';
}

export interface ComplianceReport {
  contract_id: number;
  organisation_id: number;
  from: string;
  to: string;
  tickets: number;
  rows: ComplianceRow[];
}

// ---- money

// ISO 4217 minor-unit digits, as the server has them (domain/contract.cc): 2 unless listed.
const NO_DECIMALS = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF'];
const THREE_DECIMALS = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];

export function currencyDecimals(code: string): number {
  const c = code.trim().toUpperCase();
  if (NO_DECIMALS.includes(c)) return 0;
  if (THREE_DECIMALS.includes(c)) return 3;
  return 2;
}

// 1250000, 2 → "12500.00" (exact: no floating point on the way).
export function minorToDecimal(minor: number, decimals: number): string {
  const negative = minor < 0;
  const digits = String(Math.abs(Math.trunc(minor))).padStart(decimals + 1, '0');
  const whole = decimals ? digits.slice(0, -decimals) : digits;
  const frac = decimals ? digits.slice(-decimals) : '';
  return (negative ? '-' : '') + whole + (frac ? `.${frac}` : '');
}

function separators(locale: Locale): { decimal: string; group: string } {
  return locale === 'pt-BR' ? { decimal: ',', group: '.' } : { decimal: '.', group: ',' };
}

// 1250000 BRL → "R$ 12.500,00" in pt-BR, "R$12,500.00" in en.
export function formatMoney(minor: number, currency: string, decimals: number, locale: Locale): string {
  const decimal = minorToDecimal(minor, decimals);
  try {
    const nf = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    // A decimal string is formatted exactly (Intl.NumberFormat v3); older engines read it as a number.
    return nf.format(decimal as unknown as number);
  } catch {
    return `${currency} ${decimal}`;
  }
}

// The amount as a person edits it: "12500,00" in pt-BR, "12500.00" in en (no grouping).
export function moneyToInput(minor: number, decimals: number, locale: Locale): string {
  return minorToDecimal(minor, decimals).replace('.', separators(locale).decimal);
}

// What a person typed → minor units, or null if it is not an amount with at most `decimals`
// decimals. Grouping is accepted only where it belongs ("12.500,00" in pt-BR, "12,500.00" in en),
// so "12.500" is never read as twelve and a half in Portuguese.
export function parseMoney(text: string, decimals: number, locale: Locale): number | null {
  const { decimal, group } = separators(locale);
  const s = text.replace(/[\s\u00a0]/g, '').replace(/^[^\d]*(?=\d)/, '');  // a currency sign before the number
  if (!s) return null;
  const [intPart, fracPart, ...rest] = s.split(decimal);
  if (rest.length) return null;
  const esc = group === '.' ? '\\.' : group;
  if (!new RegExp(`^(\\d+|\\d{1,3}(${esc}\\d{3})+)$`).test(intPart)) return null;
  const frac = fracPart ?? '';
  if (fracPart !== undefined && !/^\d+$/.test(frac)) return null;
  if (frac.length > decimals) return null;
  const minor = Number(intPart.split(group).join('') + frac.padEnd(decimals, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

// "95", "95,5", "99.95" → the percentage; null unless above 0, at most 100, with up to 2 decimals.
export function parsePercent(text: string): number | null {
  const s = text.trim().replace(',', '.').replace(/%$/, '').trim();
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  const n = Number(s);
  return n > 0 && n <= 100 ? n : null;
}

// ---- dates

export type ContractState = 'in_force' | 'ended' | 'starts_later';

// From the instants the server worked out in the organisation's time zone (ends_at is exclusive).
export function contractState(c: { starts_at: string; ends_at: string | null }, now: number): ContractState {
  if (now < Date.parse(c.starts_at)) return 'starts_later';
  if (c.ends_at && now >= Date.parse(c.ends_at)) return 'ended';
  return 'in_force';
}

// A calendar date ("2026-11-01") in the reader's words, the same day whatever their time zone.
export function formatCivilDate(day: string | null | undefined, locale: Locale): string {
  if (!day) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

// Today's date in `timeZone`, as "2026-12-04".
export function today(now: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}

// The month before the one `now` falls in (in `timeZone`), as "2026-11".
export function previousMonth(now: number, timeZone: string): string {
  const [y, m] = today(now, timeZone).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

export const isMonth = (s: string | null | undefined): s is string => !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

// "2026-11" → the thermometer's period [2026-11-01, 2026-12-01).
export function monthPeriod(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01`, to: `${next}-01` };
}

// "2026-11" → "November 2026" / "novembro de 2026".
export function formatMonth(month: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

// ---- the form

export interface TargetRow {
  type: TicketType;
  clock: ComplianceClock;
  percent: string;  // as typed; empty: no target
}

export interface ContractForm {
  name: string;
  startsOn: string;
  endsOn: string;
  renewalOn: string;
  value: string;  // as typed, in the reader's locale
  currency: string;
  policyId: string;
  calendarId: string;  // "" = the policy's own
  targets: TargetRow[];
  notes: string;
}

export function newContractForm(startsOn: string): ContractForm {
  return {
    name: '',
    startsOn,
    endsOn: '',
    renewalOn: '',
    value: '',
    currency: 'BRL',
    policyId: '1',
    calendarId: '',
    targets: [{ type: 'incident', clock: 'resolution', percent: '' }],
    notes: '',
  };
}

export function contractToForm(c: Contract, locale: Locale): ContractForm {
  return {
    name: c.name,
    startsOn: c.starts_on,
    endsOn: c.ends_on ?? '',
    renewalOn: c.renewal_on ?? '',
    value: moneyToInput(c.monthly_value_minor, c.currency_decimals, locale),
    currency: c.currency,
    policyId: String(c.policy_id),
    calendarId: c.calendar_id ? String(c.calendar_id) : '',
    targets: c.compliance_targets.map((t) => ({
      type: t.type,
      clock: t.clock,
      percent: String(t.percent).replace('.', separators(locale).decimal),
    })),
    notes: c.notes,
  };
}

// The contract to send and, for placing the server's messages, which form row each
// compliance_targets[i] came from; or the problems found before sending, by control.
export function contractFromForm(
  f: ContractForm,
  organisationId: number,
  locale: Locale,
): { contract: ContractBody; rows: number[] } | { problems: Record<string, 'money' | 'percent'> } {
  const problems: Record<string, 'money' | 'percent'> = {};
  const currency = f.currency.trim().toUpperCase();
  const minor = f.value.trim() === '' ? 0 : parseMoney(f.value, currencyDecimals(currency), locale);
  if (minor === null) problems.value = 'money';
  const targets: ComplianceTarget[] = [];
  const rows: number[] = [];
  f.targets.forEach((r, i) => {
    if (!r.percent.trim()) return;  // no promise for this row
    const percent = parsePercent(r.percent);
    if (percent === null) problems[`targets.${i}`] = 'percent';
    else {
      targets.push({ type: r.type, clock: r.clock, percent });
      rows.push(i);
    }
  });
  if (Object.keys(problems).length) return { problems };
  return {
    contract: {
      organisation_id: organisationId,
      name: f.name,
      starts_on: f.startsOn,
      ends_on: f.endsOn || null,
      renewal_on: f.renewalOn || null,
      monthly_value_minor: minor ?? 0,
      currency,
      policy_id: Number(f.policyId),
      calendar_id: f.calendarId ? Number(f.calendarId) : null,
      compliance_targets: targets,
      notes: f.notes,
    },
    rows,
  };
}

// Which control shows a server field message (null: the banner).
export function placeContractField(field: string, rows: number[]): string | null {
  const direct: Record<string, string> = {
    name: 'name',
    starts_on: 'startsOn',
    ends_on: 'endsOn',
    renewal_on: 'renewalOn',
    monthly_value_minor: 'value',
    currency: 'currency',
    policy_id: 'policyId',
    calendar_id: 'calendarId',
    notes: 'notes',
    compliance_targets: 'targets',
  };
  if (field in direct) return direct[field];
  const m = /^compliance_targets\[(\d+)\]/.exec(field);
  if (m) return rows[Number(m[1])] !== undefined ? `targets.${rows[Number(m[1])]}` : 'targets';
  return null;
}
