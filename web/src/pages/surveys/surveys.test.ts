import { describe, expect, it } from 'vitest';
import { chartGeometry, classify, headline, nextStates, shareMargin, type Summary } from './surveys';

const none: Summary = { n: 0, positive: 0, neutral: 0, negative: 0, mean: null, positive_percent: null, negative_percent: null, net: null, margin: null };

describe('the headline figure', () => {
  it('is the net score with the server margin for NPS', () => {
    // 10, 10, 9, 9, 9, 8, 8, 7, 6, 0: 50% − 20% = 30 ± 48.4 (docs/SURVEYS.md).
    const s = { ...none, n: 10, positive: 5, neutral: 3, negative: 2, positive_percent: 50, negative_percent: 20, net: 30, margin: 48.4 };
    expect(headline('nps', s)).toEqual({ value: 30, margin: 48.4 });
  });

  it('is the share of satisfied answers for CSAT, with the margin of a share', () => {
    // 5, 4, 3, 1: 2 of 4 satisfied, 50% ± 1.96 × 100 × √(0.5 × 0.5 / 4) = 49.
    const s = { ...none, n: 4, positive: 2, neutral: 1, negative: 1, positive_percent: 50, negative_percent: 25, net: 25, margin: 60 };
    const h = headline('csat', s)!;
    expect(h.value).toBe(50);
    expect(h.margin).toBeCloseTo(49, 10);
  });

  it('is nothing with no answers, never a 0', () => {
    expect(headline('nps', none)).toBeNull();
    expect(headline('csat', none)).toBeNull();
  });

  it('margin of a share: hand-worked and at the ends', () => {
    expect(shareMargin(50, 100)).toBeCloseTo(9.8, 10);
    expect(shareMargin(80, 400)).toBeCloseTo(1.96 * 100 * 0.02, 10);
    expect(shareMargin(100, 10)).toBe(0);
    expect(shareMargin(0, 10)).toBe(0);
    expect(shareMargin(50, 0)).toBe(0);
  });
});

describe('the chart over the months', () => {
  const box = { left: 0, top: 0, width: 200, height: 200 };

  it('draws the line and the band, breaks at a month with no answers and cuts the band to the range', () => {
    const g = chartGeometry('nps', [
      { ...none, month: '2026-09', n: 5, net: 0, margin: 20 },
      { ...none, month: '2026-10' },
      { ...none, month: '2026-11', n: 9, net: 100, margin: 10 },
    ], box);
    // −100…100 over 200 px: 0 is at y 100, 100 at y 0; the months at x 0, 100, 200.
    expect(g.points.map((p) => [p.month, p.x, p.y])).toEqual([['2026-09', 0, 100], ['2026-11', 200, 0]]);
    expect(g.line).toBe('M0 100 M200 0');
    // Lone months get a bar 6 px wide; 100 + 10 is cut to 100.
    expect(g.band).toBe('M-3 80 L3 80 L3 120 L-3 120 Z M197 0 L203 0 L203 10 L197 10 Z');
    expect(g.ticks.map((t) => [t.value, t.y])).toEqual([[-100, 200], [-50, 150], [0, 100], [50, 50], [100, 0]]);
    expect(g.xs.map((x) => x.x)).toEqual([0, 100, 200]);
  });

  it('plots CSAT as a share from 0 to 100', () => {
    const g = chartGeometry('csat', [
      { ...none, month: '2026-10', n: 4, positive_percent: 50 },
      { ...none, month: '2026-11', n: 100, positive_percent: 50 },
    ], box);
    expect(g.low).toBe(0);
    expect(g.line).toBe('M0 100 L200 100');
    // 50% ± 49 over 4 answers, ± 9.8 over 100: y = 200 − 2 × value.
    expect(g.band).toBe('M0 2 L200 80.4 L200 119.6 L0 198 Z');
  });
});

describe('follow-up outcomes', () => {
  it('move forward only, and closed ones stay closed', () => {
    expect(nextStates('open')).toEqual(['contacted', 'resolved', 'no_answer']);
    expect(nextStates('contacted')).toEqual(['resolved', 'no_answer']);
    expect(nextStates('resolved')).toEqual([]);
    expect(nextStates('no_answer')).toEqual([]);
  });
});

describe('classification', () => {
  const scale = (kind: 'nps' | 'csat' | 'ces' | 'stars' | 'likert', min: number, max: number, high_is_easy = true) => ({ kind, min, max, high_is_easy });
  const all = (s: ReturnType<typeof scale>) => Array.from({ length: s.max - s.min + 1 }, (_, i) => classify(s, s.min + i));
  it('follows the table of kinds and scales', () => {
    expect(all(scale('nps', 0, 10))).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2]);
    expect(all(scale('csat', 1, 5))).toEqual([0, 0, 1, 2, 2]);
    expect(all(scale('stars', 1, 5))).toEqual([0, 0, 1, 2, 2]);
    expect(all(scale('ces', 1, 7))).toEqual([0, 0, 0, 1, 2, 2, 2]);
    expect(all(scale('ces', 1, 7, false))).toEqual([2, 2, 2, 1, 0, 0, 0]);
    expect(all(scale('likert', 1, 5))).toEqual([0, 0, 1, 2, 2]);
    expect(all(scale('likert', 1, 7))).toEqual([0, 0, 0, 1, 2, 2, 2]);
  });
});
