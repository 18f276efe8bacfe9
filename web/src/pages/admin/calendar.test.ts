import { describe, expect, it } from 'vitest';
import { calendarFromForm, calendarToForm, newCalendarForm, parseWindows, placeCalendarField, weekGroups, windowsToText, type CalendarSpec } from './calendar';

const office: CalendarSpec & { name: string } = {
  name: 'São Paulo office',
  timezone: 'America/Sao_Paulo',
  always_open: false,
  week: { mon: [['08:00', '12:00'], ['13:00', '18:00']], tue: [['08:00', '18:00']], sat: [] },
  holidays: ['12-25', '2026-11-20'],
};

describe('calendar form', () => {
  it('reads working windows typed as text', () => {
    expect(parseWindows('08:00-12:00, 13:00 - 18:00')).toEqual([['08:00', '12:00'], ['13:00', '18:00']]);
    expect(parseWindows('  ')).toEqual([]);
    expect(parseWindows('22:00-24:00')).toEqual([['22:00', '24:00']]);
    expect(parseWindows('8-12')).toBeNull();
    expect(windowsToText([['08:00', '12:00'], ['13:00', '18:00']])).toBe('08:00-12:00, 13:00-18:00');
  });
  it('gives back the calendar it was made from', () => {
    const back = calendarFromForm(calendarToForm(office));
    expect(back).toEqual({
      calendar: { ...office, week: { mon: office.week.mon, tue: office.week.tue, wed: [], thu: [], fri: [], sat: [], sun: [] } },
    });
  });
  it('names the days that cannot be read, under the server field names', () => {
    const f = calendarToForm(office);
    f.week.tue = '8 to 6';
    f.week.sun = '10:00-';
    expect(calendarFromForm(f)).toEqual({ problems: { 'week.tue': 'window', 'week.sun': 'window' } });
  });
  it('starts a new calendar with office hours on weekdays', () => {
    const f = newCalendarForm('Europe/Lisbon');
    expect(f.timezone).toBe('Europe/Lisbon');
    expect(f.week.mon).toBe('08:00-12:00, 13:00-18:00');
    expect(f.week.sat).toBe('');
  });
  it('puts server messages under their control', () => {
    expect(placeCalendarField('week.mon')).toBe('week.mon');
    expect(placeCalendarField('week.mon[1]')).toBe('week.mon');
    expect(placeCalendarField('holidays[3]')).toBe('holidays');
    expect(placeCalendarField('timezone')).toBe('timezone');
    expect(placeCalendarField('colour')).toBeNull();
  });
  it('groups the days with the same hours for a summary', () => {
    const week: CalendarSpec['week'] = {
      mon: [['08:00', '18:00']],
      tue: [['08:00', '18:00']],
      wed: [['08:00', '18:00']],
      thu: [['08:00', '18:00']],
      fri: [['08:00', '17:00']],
      sat: [['09:00', '12:00']],
      sun: [['08:00', '17:00']],
    };
    expect(weekGroups(week)).toEqual([
      { days: ['mon', 'tue', 'wed', 'thu'], hours: '08:00-18:00' },
      { days: ['fri'], hours: '08:00-17:00' },
      { days: ['sat'], hours: '09:00-12:00' },
      { days: ['sun'], hours: '08:00-17:00' },
    ]);
    expect(weekGroups({})).toEqual([]);
  });
});
