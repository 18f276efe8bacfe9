import { describe, expect, it } from 'vitest';
import { scaleScores, scoreInLink, surveyLinkAddress } from './survey';

describe('the survey link', () => {
  it('reads the one-click score only when it is on the scale', () => {
    expect(scoreInLink('?score=3', 1, 5)).toBe(3);
    expect(scoreInLink('?score=0', 0, 10)).toBe(0);
    expect(scoreInLink('?score=10', 0, 10)).toBe(10);
    expect(scoreInLink('?score=0', 1, 5)).toBeNull();
    expect(scoreInLink('?score=6', 1, 5)).toBeNull();
    expect(scoreInLink('?score=3.5', 1, 5)).toBeNull();
    expect(scoreInLink('?score=-1', 1, 5)).toBeNull();
    expect(scoreInLink('?score=', 1, 5)).toBeNull();
    expect(scoreInLink('', 1, 5)).toBeNull();
    expect(scoreInLink('?score=1e1', 0, 10)).toBeNull();
  });

  it('lists every score of the scale', () => {
    expect(scaleScores(0, 10)).toHaveLength(11);
    expect(scaleScores(1, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it('puts the token into the address safely', () => {
    expect(surveyLinkAddress('abc/../x')).toBe('/api/v1/survey-links/abc%2F..%2Fx');
  });
});
