import { describe, expect, it } from 'vitest';
import { countdown, formatDuration, usedPercent, type Clock } from './sla';

const clock = (over: Partial<Clock>): Clock => ({
  state: 'running',
  target_seconds: 3600,
  elapsed_seconds: 1800,
  remaining_seconds: 1800,
  due: null,
  stopped_at: null,
  breached: false,
  ...over,
});

describe('SLA wording', () => {
  it('formats durations in days, hours, minutes and seconds', () => {
    expect(formatDuration(40)).toBe('40 s');
    expect(formatDuration(12 * 60 + 59)).toBe('12 min');
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3 h 05 min');
    expect(formatDuration(2 * 3600)).toBe('2 h');
    expect(formatDuration(2 * 86400 + 3 * 3600 + 59)).toBe('2 d 3 h');
    expect(formatDuration(-5)).toBe('0 s');
  });
  it('counts down to the due time, and up once it has passed', () => {
    const now = Date.parse('2026-03-02T12:30:00Z');
    expect(countdown(clock({ due: '2026-03-02T13:00:00Z' }), now)).toEqual({ kind: 'dueIn', seconds: 1800 });
    expect(countdown(clock({ due: '2026-03-02T12:00:00Z', state: 'breached' }), now)).toEqual({ kind: 'overdue', seconds: 1800 });
    expect(countdown(clock({ state: 'paused' }), now)).toEqual({ kind: 'none' });
  });
  it('shows how much of the target is used, capped at the whole', () => {
    expect(usedPercent(clock({}))).toBe(50);
    expect(usedPercent(clock({ elapsed_seconds: 9000 }))).toBe(100);
    expect(usedPercent(clock({ target_seconds: 0, elapsed_seconds: 0 }))).toBe(0);
  });
});

describe('the queue SLA column', () => {
  it('shows the running clock due soonest, else a breach, else resolution', async () => {
    const { pressingClock } = await import('./sla');
    const fr = clock({ due: '2026-03-02T13:00:00Z' });
    const res = clock({ due: '2026-03-02T21:00:00Z', target_seconds: 28800 });
    expect(pressingClock({ first_response: fr, resolution: res })?.which).toBe('first_response');
    expect(pressingClock({ first_response: clock({ state: 'met' }), resolution: res })?.which).toBe('resolution');
    const breachedStopped = clock({ state: 'breached', breached: true, elapsed_seconds: 4000 });
    expect(pressingClock({ first_response: breachedStopped, resolution: clock({ state: 'paused' }) })?.which).toBe('first_response');
    expect(pressingClock({ first_response: clock({ state: 'met' }), resolution: clock({ state: 'met' }) })?.which).toBe('resolution');
    expect(pressingClock(null)).toBeNull();
  });
});

describe('the customer-update promise', () => {
  it('counts in the queue once its first cycle is open', async () => {
    const { pressingClock, updateStarted } = await import('./sla');
    const fr = clock({ state: 'met' });
    const res = clock({ due: '2026-03-02T21:00:00Z', target_seconds: 28800 });
    const update = { ...clock({ due: '2026-03-02T13:00:00Z' }), cycles: 2, breached_cycles: 1 };
    expect(updateStarted(update)).toBe(true);
    expect(pressingClock({ first_response: fr, resolution: res, update })?.which).toBe('update');
    // Before the first response there is no cycle: the update clock says "met" and must not count.
    const before = { ...clock({ state: 'met', due: null }), cycles: 0, breached_cycles: 0 };
    expect(updateStarted(before)).toBe(false);
    expect(pressingClock({ first_response: fr, resolution: res, update: before })?.which).toBe('resolution');
    expect(pressingClock({ first_response: fr, resolution: res, update: null })?.which).toBe('resolution');
  });
});
