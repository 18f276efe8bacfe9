import { describe, expect, it } from 'vitest';
import { errorFromResponse, query } from './api';

describe('errorFromResponse', () => {
  it('reads a problem with field errors', () => {
    const e = errorFromResponse(400, {
      title: 'The request is not valid',
      detail: 'The ticket is not valid.',
      code: 'invalid_argument',
      errors: [
        { field: 'subject', message: 'must not be empty' },
        { field: 'subject', message: 'second message is ignored' },
        { field: 'custom_fields.serial', message: 'is required for this ticket type' },
      ],
    });
    expect(e.status).toBe(400);
    expect(e.code).toBe('invalid_argument');
    expect(e.message).toBe('The ticket is not valid.');
    expect(e.field('subject')).toBe('must not be empty');
    expect(e.field('custom_fields')).toBe('is required for this ticket type');
    expect(e.field('description')).toBeUndefined();
  });
  it('recognises a conflict and an ended session', () => {
    expect(errorFromResponse(412, { detail: 'changed' }).isConflict).toBe(true);
    expect(errorFromResponse(401, { detail: 'sign in' }).isUnauthenticated).toBe(true);
  });
  it('explains a failure without a problem body in plain words', () => {
    expect(errorFromResponse(502, null).message).toMatch(/server/);
    expect(errorFromResponse(0, null).message).toMatch(/could not be reached/);
    expect(errorFromResponse(400, 'not json').message).toMatch(/HTTP 400/);
  });
  it('ignores malformed field entries', () => {
    const e = errorFromResponse(400, { detail: 'x', errors: [null, 3, { field: 'a' }, { field: 'b', message: 'm' }] });
    expect(Object.keys(e.fields)).toEqual(['b']);
  });
});

describe('query', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(query({ a: 'x y', b: '', c: undefined, d: null, e: 0, f: false })).toBe('?a=x+y&e=0&f=false');
    expect(query({})).toBe('');
  });
});
