import { describe, expect, it } from 'vitest';
import { callBody, newCallForm } from './CallFields';

describe("a call's fields in a request", () => {
  it('turns minutes into whole seconds and keeps the rest as chosen', () => {
    expect(callBody({ ...newCallForm('Carla'), minutes: '7', outcome: 'resolved', notes: 'VPN reset', internal: false })).toEqual({
      direction: 'inbound',
      caller: 'Carla',
      duration_seconds: 420,
      outcome: 'resolved',
      notes: 'VPN reset',
      internal: false,
    });
    expect(callBody({ ...newCallForm(), minutes: '2.5' }).duration_seconds).toBe(150);
    expect(callBody({ ...newCallForm(), minutes: ' ' }).duration_seconds).toBe(0);
  });
  it('leaves what is not a number for the server to name', () => {
    expect(callBody({ ...newCallForm(), minutes: 'ten' }).duration_seconds).toBe('ten');
    expect(callBody(newCallForm()).caller).toBe('');
  });
});
