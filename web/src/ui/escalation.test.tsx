import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LocaleProvider, translate } from '../app/i18n';
import type { Locale, TicketEvent } from '../model/types';
import {
  deadlineCountdown,
  highestLevel,
  parseCause,
  recipientName,
  requestBlock,
  retryAfterFrom,
  stateAt,
  toldOf,
  type Escalation,
  waitingByTicket,
  type TicketEscalations,
} from './escalation';
import m from './escalation.i18n';
import { causeText, levelLabel } from './EscalationParts';
import { Timeline } from './Timeline';

const row = (over: Partial<Escalation>): Escalation => ({
  id: 1,
  ticket_id: 1001,
  subject: 'Core router down',
  level: 1,
  name: 'NOC / N1 team',
  cause: 'created',
  fired_at: '2026-03-02T12:00:00Z',
  deadline_at: '2026-03-02T14:00:00Z',
  acknowledged_at: null,
  acknowledged_by: null,
  late: false,
  via: null,
  requested_by: null,
  recipients: ['Alice Agent <alice@x.test>'],
  channels: [],
  state: 'open',
  ...over,
});

const at = (iso: string) => Date.parse(iso);

describe('an escalation level in words', () => {
  it('is open until its deadline, then missed, and acknowledged once someone does', () => {
    expect(stateAt(row({}), at('2026-03-02T13:59:00Z'))).toBe('open');
    // The server said "open" a minute ago; time alone makes it missed.
    expect(stateAt(row({}), at('2026-03-02T14:00:00Z'))).toBe('missed');
    expect(stateAt(row({}), at('2026-03-02T14:00:01Z'))).toBe('missed');
    expect(stateAt(row({ acknowledged_at: '2026-03-02T14:30:00Z', late: true }), at('2026-03-02T15:00:00Z'))).toBe('acknowledged');
    // A level without a deadline is never missed.
    expect(stateAt(row({ deadline_at: null }), at('2030-01-01T00:00:00Z'))).toBe('open');
  });

  it('counts down to the deadline, counts up once missed, and stops once acknowledged', () => {
    expect(deadlineCountdown(row({}), at('2026-03-02T13:00:00Z'))).toEqual({ kind: 'dueIn', seconds: 3600 });
    expect(deadlineCountdown(row({}), at('2026-03-02T14:12:00Z'))).toEqual({ kind: 'overdue', seconds: 720 });
    expect(deadlineCountdown(row({ acknowledged_at: '2026-03-02T13:00:00Z' }), at('2026-03-02T15:00:00Z'))).toEqual({ kind: 'none' });
    expect(deadlineCountdown(row({ deadline_at: null }), at('2026-03-02T15:00:00Z'))).toEqual({ kind: 'none' });
  });

  it('reads the cause the server records', () => {
    expect(parseCause('created')).toEqual({ kind: 'created' });
    expect(parseCause('unacknowledged')).toEqual({ kind: 'unacknowledged' });
    expect(parseCause('customer_request')).toEqual({ kind: 'customer_request' });
    expect(parseCause('percent:75:resolution')).toEqual({ kind: 'percent', percent: 75, clock: 'resolution' });
    expect(parseCause('percent:100:first_response')).toEqual({ kind: 'percent', percent: 100, clock: 'first_response' });
    expect(parseCause('')).toEqual({ kind: 'none' });
    expect(parseCause('something_new')).toEqual({ kind: 'other', text: 'something_new' });
  });

  it('says why a level fired, in both languages', () => {
    const en = translate(m, 'en');
    const pt = translate(m, 'pt-BR');
    expect(causeText(en, row({ cause: 'created' }))).toBe('the ticket was opened');
    expect(causeText(en, row({ level: 2, cause: 'unacknowledged' }))).toBe('level 1 was not acknowledged in time');
    expect(causeText(pt, row({ level: 2, cause: 'unacknowledged' }))).toBe('o nível 1 não confirmou o recebimento no prazo');
    expect(causeText(en, row({ cause: 'percent:75:resolution' }))).toBe('75% of the resolution target was used');
    expect(causeText(pt, row({ cause: 'percent:75:resolution' }))).toBe('75% do prazo de resolução consumidos');
    expect(causeText(en, row({ cause: 'percent:100:first_response' }))).toBe('the first response target was missed');
    expect(causeText(en, row({ cause: 'customer_request', requested_by: { id: 3, name: 'Carla' } }))).toBe('Carla (customer) asked');
    expect(causeText(pt, row({ cause: 'customer_request' }))).toBe('o cliente pediu');
    expect(causeText(en, row({ cause: '' }))).toBe('');
  });

  it('names a level with or without its name', () => {
    const en = translate(m, 'en');
    expect(levelLabel(en, 2, 'NOC manager')).toBe('Level 2 — NOC manager');
    expect(levelLabel(en, 2, undefined, true)).toBe('level 2');
    expect(levelLabel(translate(m, 'pt-BR'), 3, 'CSM', true)).toBe('nível 3 — CSM');
  });

  it('names the people told, without their addresses, and notices when e-mail is off', () => {
    expect(recipientName('Alice Agent <alice@x.test>')).toBe('Alice Agent');
    expect(recipientName('ops@x.test')).toBe('ops@x.test');
    expect(toldOf('Alice Agent, Bob (e-mail is not set up)')).toEqual({ names: 'Alice Agent, Bob', noMail: true });
    expect(toldOf('Alice Agent, #noc')).toEqual({ names: 'Alice Agent, #noc', noMail: false });
    expect(toldOf(undefined)).toEqual({ names: '', noMail: false });
  });
});

describe("a customer's request to escalate", () => {
  const ticket = (over: Partial<TicketEscalations>): TicketEscalations => ({
    ticket_id: 1001,
    levels: 4,
    items: [row({})],
    next: null,
    can_request: true,
    request_allowed_at: null,
    ...over,
  });

  it('is possible, or says why not: asked recently, or already at the top', () => {
    expect(requestBlock(ticket({}))).toBeNull();
    expect(requestBlock(ticket({ can_request: false, request_allowed_at: '2026-03-02T16:00:00Z' }))).toEqual({
      kind: 'cooldown',
      until: '2026-03-02T16:00:00Z',
    });
    const all = [1, 2, 3, 4].map((level) => row({ id: level, level }));
    expect(requestBlock(ticket({ can_request: false, items: all }))).toEqual({ kind: 'highest' });
    // A ticket outside the matrix: nothing to explain (the portal shows no escalation at all).
    expect(requestBlock(ticket({ can_request: false, levels: 0, items: [] }))).toBeNull();
  });

  it('marks in the queues the highest level still waiting of each ticket', () => {
    const marks = waitingByTicket([
      row({ id: 3, ticket_id: 1001, level: 2 }),
      row({ id: 2, ticket_id: 1001, level: 1 }),
      row({ id: 1, ticket_id: 1002, level: 1, acknowledged_at: '2026-03-02T12:10:00Z' }),
    ]);
    expect([...marks.keys()]).toEqual([1001]);
    expect(marks.get(1001)?.level).toBe(2);
  });

  it('finds the level the ticket stands at', () => {
    expect(highestLevel([row({ level: 1 }), row({ id: 2, level: 2, name: 'NOC manager' })])?.name).toBe('NOC manager');
    expect(highestLevel([])).toBeNull();
  });

  it('reads when it may ask again from the server’s answer', () => {
    expect(retryAfterFrom('You asked to escalate this ticket at 2026-12-04T15:32:18Z; you can ask again after 2026-12-04T19:32:18Z.')).toBe(
      '2026-12-04T19:32:18Z',
    );
    expect(retryAfterFrom('Too many requests')).toBeNull();
  });
});

describe('the timeline', () => {
  const ev = (over: Partial<TicketEvent>): TicketEvent => ({
    id: 1,
    ticket_id: 1001,
    type: 'escalation_fired',
    at: '2026-03-02T12:00:00Z',
    author: { kind: 'system', id: 0 },
    internal: true,
    ...over,
  });
  const events: TicketEvent[] = [
    ev({ id: 1, field: '2', to: 'NOC manager', from: 'unacknowledged', body: 'Maria Manager (e-mail is not set up)' }),
    ev({ id: 2, type: 'escalation_acknowledged', author: { kind: 'staff', id: 7, name: 'Ana' }, field: '2', to: 'NOC manager', reason: 'link' }),
    ev({ id: 3, type: 'escalation_requested', internal: false, author: { kind: 'contact', id: 3, name: 'Carla' }, field: '3', to: 'CSM', body: 'Our site is down' }),
    ev({ id: 4, type: 'sla_terms_changed', author: { kind: 'staff', id: 1, name: 'Ada' }, field: 'calendar', from: '3', to: '5', reason: 'Carnival was missing' }),
    // As the server sends them today (without from/to): still a sentence.
    ev({ id: 5, field: '1', body: 'Alice Agent' }),
  ];
  const render = (locale: Locale) =>
    renderToStaticMarkup(
      <LocaleProvider value={{ locale, timeZone: 'UTC', setLocale: async () => {} }}>
        <Timeline events={events} attachments={[]} dir={null} staff />
      </LocaleProvider>,
    ).replace(/<[^>]+>/g, '');

  it('tells each escalation step in English', () => {
    const text = render('en');
    expect(text).toContain('Escalated to level 2 — NOC manager (level 1 was not acknowledged in time). Told: Maria Manager (e-mail is not set up).');
    expect(text).toContain('Level 2 — NOC manager acknowledged by Ana (from the e-mail link).');
    expect(text).toContain('Carla asked to escalate to level 3 — CSM: Our site is down');
    expect(text).toContain('Ada re-applied the SLA calendar (version 3 → 5): Carnival was missing');
    expect(text).toContain('Escalated to level 1. Told: Alice Agent.');
  });

  it('and in Portuguese', () => {
    const text = render('pt-BR');
    expect(text).toContain('Escalonado para o nível 2 — NOC manager (o nível 1 não confirmou o recebimento no prazo). Avisados: Maria Manager (o e-mail não está configurado).');
    expect(text).toContain('Nível 2 — NOC manager: recebimento confirmado por Ana (pelo link do e-mail).');
    expect(text).toContain('Carla pediu para escalar para o nível 3 — CSM: Our site is down');
    expect(text).toContain('Ada reaplicou o calendário de SLA (versão 3 → 5): Carnival was missing');
  });
});
