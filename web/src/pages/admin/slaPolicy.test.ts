import { describe, expect, it } from 'vitest';
import { fromForm, parsePercents, parseWindows, targetKey, toForm, windowsToText, type SlaPolicy } from './slaPolicy';

const office: SlaPolicy = {
  calendar: {
    timezone: 'America/Sao_Paulo',
    always_open: false,
    week: { mon: [['08:00', '12:00'], ['13:00', '18:00']], tue: [['08:00', '18:00']], sat: [] },
    holidays: ['12-25', '2026-11-20'],
  },
  targets: [{ type: 'incident', priority: 'P1', first_response_minutes: 15, resolution_minutes: 240 }],
  pause_statuses: ['pending_customer'],
  warn_percents: [50, 75, 90],
  calls_count_as_response: true,
  olas: [{ team_id: 3, minutes: 30 }],
};

describe('SLA policy form', () => {
  it('keeps OLAs per team, drops blank ones and names a bad one', () => {
    const form = toForm(office);
    expect(form.olas).toEqual({ '3': '30' });
    const back = fromForm({ ...form, olas: { '3': '45', '4': '', '5': 'soon' } });
    expect(back).toEqual({ problems: { 'olas.5': 'number' } });
    const ok = fromForm({ ...form, olas: { '3': '45', '4': ' ' } });
    expect('policy' in ok && ok.policy.olas).toEqual([{ team_id: 3, minutes: 45 }]);
  });
  it('reads working windows typed as text', () => {
    expect(parseWindows('08:00-12:00, 13:00 - 18:00')).toEqual([['08:00', '12:00'], ['13:00', '18:00']]);
    expect(parseWindows('  ')).toEqual([]);
    expect(parseWindows('22:00-24:00')).toEqual([['22:00', '24:00']]);
    expect(parseWindows('8-12')).toBeNull();
    expect(windowsToText([['08:00', '12:00'], ['13:00', '18:00']])).toBe('08:00-12:00, 13:00-18:00');
    expect(parsePercents('50, 75 90')).toEqual([50, 75, 90]);
    expect(parsePercents('50%')).toBeNull();
  });
  it('gives back the policy it was made from', () => {
    const back = fromForm(toForm(office));
    expect('policy' in back).toBe(true);
    if (!('policy' in back)) return;
    expect(back.policy.calendar.week.mon).toEqual(office.calendar.week.mon);
    expect(back.policy.calendar.week.wed).toEqual([]);
    expect(back.policy.calendar.holidays).toEqual(office.calendar.holidays);
    expect(back.policy.targets).toEqual(office.targets);
    expect(back.policy.warn_percents).toEqual([50, 75, 90]);
    expect(back.policy.calls_count_as_response).toBe(true);
  });
  it('names what cannot be read, under the API field names', () => {
    const f = toForm(office);
    f.week.tue = '8 to 6';
    f.targets[targetKey('change', 'P2')] = { fr: '30', res: '' };
    f.targets[targetKey('problem', 'P3')] = { fr: 'soon', res: '60' };
    f.warn = 'fifty';
    const r = fromForm(f);
    expect(r).toEqual({
      problems: { 'calendar.week.tue': 'window', 'targets.change/P2': 'pair', 'targets.problem/P3': 'number', warn_percents: 'number' },
    });
  });
});
