// Business calendars (GET/POST/PUT /api/v1/calendars; docs/CONTRACTS.md) and the form that edits
// one: working windows and holidays as plain text people can type, converted both ways. Pure,
// tested in calendar.test.ts.

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface CalendarSpec {
  timezone: string;
  always_open: boolean;
  week: Partial<Record<Weekday, Array<[string, string]>>>;
  holidays: string[];
}

export interface Calendar extends CalendarSpec {
  id: number;
  name: string;
  default: boolean;
  version: number;
  version_id: number;
  created_at: string;
  updated_at: string;
}

// Who did something: a staff user, a contact, or farol itself.
export interface Author {
  kind: 'staff' | 'contact' | 'system';
  id: number | null;
  name: string;
}

export interface CalendarVersion {
  id: number;
  since: string;
  author: Author;
}

export interface CalendarForm {
  name: string;
  timezone: string;
  alwaysOpen: boolean;
  week: Record<Weekday, string>;  // "08:00-12:00, 13:00-18:00"
  holidays: string;               // one per line
}

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

export function calendarToForm(c: CalendarSpec & { name?: string }): CalendarForm {
  return {
    name: c.name ?? '',
    timezone: c.timezone,
    alwaysOpen: c.always_open,
    week: Object.fromEntries(WEEKDAYS.map((d) => [d, windowsToText(c.week[d])])) as Record<Weekday, string>,
    holidays: c.holidays.join('\n'),
  };
}

// A new calendar: office hours on weekdays in the viewer's time zone.
export function newCalendarForm(timezone: string): CalendarForm {
  const office = '08:00-12:00, 13:00-18:00';
  return {
    name: '',
    timezone,
    alwaysOpen: false,
    week: { mon: office, tue: office, wed: office, thu: office, fri: office, sat: '', sun: '' },
    holidays: '',
  };
}

export type CalendarBody = CalendarSpec & { name: string };

// The calendar to send, or the fields that cannot be read (keyed like the server's field names, so
// the same control shows either message).
export function calendarFromForm(f: CalendarForm): { calendar: CalendarBody } | { problems: Record<string, 'window'> } {
  const problems: Record<string, 'window'> = {};
  const week: CalendarSpec['week'] = {};
  for (const d of WEEKDAYS) {
    const w = parseWindows(f.week[d]);
    if (w === null) problems[`week.${d}`] = 'window';
    else week[d] = w;
  }
  if (Object.keys(problems).length) return { problems };
  return {
    calendar: {
      name: f.name,
      timezone: f.timezone,
      always_open: f.alwaysOpen,
      week,
      holidays: f.holidays.split(/\s+/).filter(Boolean),
    },
  };
}

// Which control shows a server field message: "week.mon[1]" → "week.mon", "holidays[3]" → "holidays".
export function placeCalendarField(field: string): string | null {
  const key = field.replace(/\[\d+\]$/, '');
  if (['name', 'timezone', 'always_open', 'holidays', 'week'].includes(key)) return key;
  if (/^week\.(mon|tue|wed|thu|fri|sat|sun)$/.test(key)) return key;
  return null;
}

// "Mon–Fri 08:00-12:00, 13:00-18:00" style summary pieces: the days grouped by equal hours.
export function weekGroups(week: CalendarSpec['week']): Array<{ days: Weekday[]; hours: string }> {
  const out: Array<{ days: Weekday[]; hours: string }> = [];
  for (const d of WEEKDAYS) {
    const hours = windowsToText(week[d]);
    if (!hours) continue;
    const last = out[out.length - 1];
    const previous = WEEKDAYS[WEEKDAYS.indexOf(d) - 1];
    if (last && last.hours === hours && last.days[last.days.length - 1] === previous) last.days.push(d);
    else out.push({ days: [d], hours });
  }
  return out;
}
