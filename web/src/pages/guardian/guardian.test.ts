import { describe, expect, it } from 'vitest';
import { translate } from '../../app/i18n';
import {
  actionBody,
  alreadyRecorded,
  fromEmailHref,
  actionDraft,
  actionsByKind,
  actionsFromSearch,
  actionsHref,
  actionsQuery,
  canComplete,
  canGroupWith,
  daysSentence,
  eventLine,
  isOverdue,
  placeActionField,
  recurredIds,
  similarityPercent,
  suggestText,
  teamsMineFirst,
  zonedInstant,
  type EventContext,
  type ProblemAction,
  type ProblemEvent,
  ageInDays,
  allowedMoves,
  bandRanges,
  boardFromSearch,
  boardQuery,
  categoryLines,
  gradeChoices,
  gradesOf,
  isOpen,
  joinWords,
  knownLevel,
  moveBand,
  moveLabelKey,
  newBand,
  parseId,
  placeProblemField,
  placeSettingsField,
  problemBody,
  problemChanges,
  problemDraft,
  PROBLEM_STATUSES,
  scoreRange,
  settingsBody,
  settingsDraft,
  withId,
  type GuardianSettings,
  type Problem,
  type ProblemStatus,
} from './guardian';
import m from './guardian.i18n';

const record: Problem = {
  id: 7,
  title: 'Invoices sent to the wrong contact',
  description: 'Three invoices went to a former employee.',
  reported_at: '2026-03-02T12:00:00Z',
  status: 'analysing',
  organisation_ids: [3],
  organisations: [{ id: 3, name: 'Banco Horizonte', segment: 'enterprise' }],
  reporter: { kind: 'user', id: 5, name: 'Ana' },
  error_category: 'wrong information',
  root_cause: '',
  cause_category: '',
  team_id: 2,
  team_name: 'NOC',
  impact: 'Late payment',
  gravity: 2,
  urgency: 3,
  tendency: 3,
  solution_immediate: 'Resent them',
  solution_long_term: '',
  solution_preventive: '',
  gut: { score: 8, max: 9, level: 'high', required: ['immediate', 'long_term', 'preventive'], missing: ['long_term', 'preventive'] },
  ticket_ids: [12],
  tickets: [{ id: 12, subject: 'VPN down', status: 'resolved' }],
  problem_ids: [],
  problems: [],
  created_at: '2026-03-02T12:00:00Z',
  updated_at: '2026-03-02T12:00:00Z',
  closed_at: null,
  version: 4,
};

describe("a record's moves", () => {
  it('go forward one step and back one step while open', () => {
    expect(allowedMoves('new')).toEqual([{ to: 'analysing', kind: 'forward' }]);
    expect(allowedMoves('analysing')).toEqual([
      { to: 'action_plan', kind: 'forward' },
      { to: 'new', kind: 'back' },
    ]);
    expect(allowedMoves('action_plan')).toEqual([
      { to: 'monitoring', kind: 'forward' },
      { to: 'analysing', kind: 'back' },
    ]);
    expect(allowedMoves('monitoring')).toEqual([
      { to: 'closed', kind: 'forward' },
      { to: 'action_plan', kind: 'back' },
    ]);
  });

  it('reopen a closed record, and take a reopened one to analysis or the action plan', () => {
    expect(allowedMoves('closed')).toEqual([{ to: 'reopened', kind: 'reopen' }]);
    expect(allowedMoves('reopened').map((x) => x.to)).toEqual(['analysing', 'action_plan']);
  });

  it('never skip a step, never stay, and never leave closed for anything but reopened (as CanMove in src/domain/guardian.cc)', () => {
    // The server's rule, written out: one step along new … closed either way; closed → reopened;
    // reopened → analysing or action_plan.
    const path: ProblemStatus[] = ['new', 'analysing', 'action_plan', 'monitoring', 'closed'];
    const canMove = (from: ProblemStatus, to: ProblemStatus) => {
      if (from === to || to === 'reopened') return from === 'closed' && to === 'reopened';
      if (from === 'closed') return false;
      if (from === 'reopened') return to === 'analysing' || to === 'action_plan';
      return Math.abs(path.indexOf(from) - path.indexOf(to)) === 1;
    };
    for (const from of PROBLEM_STATUSES) {
      const allowed = allowedMoves(from).map((x) => x.to);
      expect(allowed.sort(), from).toEqual(PROBLEM_STATUSES.filter((to) => canMove(from, to)).sort());
    }
  });

  it('have words for every button in both languages', () => {
    for (const from of PROBLEM_STATUSES) {
      for (const mv of allowedMoves(from)) {
        const key = moveLabelKey(mv);
        expect(m.en, key).toHaveProperty(key);
        expect(m['pt-BR'], key).toHaveProperty(key);
      }
    }
    expect(moveLabelKey({ to: 'analysing', kind: 'forward' })).toBe('moveTo_analysing');
    expect(moveLabelKey({ to: 'new', kind: 'back' })).toBe('moveBack_new');
    expect(moveLabelKey({ to: 'reopened', kind: 'reopen' })).toBe('reopen');
    expect(m.en.moveTo_action_plan).toBe('Move to Action plan');
  });

  it('knows which statuses are open', () => {
    expect(PROBLEM_STATUSES.filter(isOpen)).toEqual(['new', 'analysing', 'action_plan', 'monitoring', 'reopened']);
  });
});

describe('the board', () => {
  it('counts whole days since the report, never below 0', () => {
    const reported = '2026-03-02T12:00:00Z';
    expect(ageInDays(reported, Date.parse('2026-03-02T12:00:00Z'))).toBe(0);
    expect(ageInDays(reported, Date.parse('2026-03-03T11:59:59Z'))).toBe(0);
    expect(ageInDays(reported, Date.parse('2026-03-03T12:00:00Z'))).toBe(1);
    expect(ageInDays(reported, Date.parse('2026-04-01T13:00:00Z'))).toBe(30);
    expect(ageInDays(reported, Date.parse('2026-03-01T00:00:00Z'))).toBe(0);
    expect(ageInDays('not a date', Date.now())).toBe(0);
  });

  it('asks for the open records by rank on the board, and pages the other views newest first', () => {
    expect(boardQuery('board', { team_id: '2' }, 50)).toEqual({
      status: 'open',
      order: 'rank',
      team_id: '2',
      error_category: undefined,
      cause_category: undefined,
      organisation_id: undefined,
      limit: 200,
    });
    expect(boardQuery('inbox', {}, 50)).toMatchObject({ status: 'new', order: 'newest', limit: 50, before_id: undefined });
    expect(boardQuery('closed', { cause_category: 'tool' }, 50, 31)).toMatchObject({ status: 'closed', order: 'newest', cause_category: 'tool', before_id: 31 });
    expect(boardQuery('all', { error_category: 'delivery delay', organisation_id: '3' }, 50)).toMatchObject({
      status: 'all',
      error_category: 'delivery delay',
      organisation_id: '3',
    });
    expect(boardQuery('board', { segment: 'enterprise', level: 'high' }, 50)).toMatchObject({ status: 'open', segment: 'enterprise', level: 'high' });
  });

  it('reads the view and filters from the address, ignoring what it does not know', () => {
    expect(boardFromSearch(new URLSearchParams(''))).toEqual({ view: 'board', filters: {} });
    expect(boardFromSearch(new URLSearchParams('show=inbox&team_id=2&colour=red'))).toEqual({ view: 'inbox', filters: { team_id: '2' } });
    expect(boardFromSearch(new URLSearchParams('show=everything')).view).toBe('board');
  });

  it("names a preset's levels and leaves a custom rule's as written", () => {
    expect(knownLevel('high')).toBe('high');
    expect(knownLevel('critical')).toBeNull();
  });
});

describe('the apology inbox', () => {
  it('leads an uploaded e-mail to its record, saying whether it was recorded now or before', () => {
    expect(fromEmailHref(12, 201)).toBe('/guardian/problems/12?created=1');
    expect(fromEmailHref(12, 200)).toBe('/guardian/problems/12?already=1');
    expect(alreadyRecorded(new URLSearchParams(fromEmailHref(12, 200).split('?')[1]))).toBe(true);
    expect(alreadyRecorded(new URLSearchParams(fromEmailHref(12, 201).split('?')[1]))).toBe(false);
    expect(alreadyRecorded(new URLSearchParams(''))).toBe(false);
  });
});

describe('the record form', () => {
  const now = new Date(2026, 2, 5, 9, 30);

  it('starts a new record reported now by the person recording it, with nothing else chosen', () => {
    expect(problemDraft(null, now, 5).reporter).toBe('user:5');
    const d = problemDraft(null, now);
    expect(d.reported_at).toBe('2026-03-05T09:30');
    expect(d.gravity).toBe('');
    expect(problemBody(d)).toEqual({
      reporter_user_id: null,
      reporter_contact_id: null,
      title: '',
      description: '',
      error_category: '',
      root_cause: '',
      cause_category: '',
      impact: '',
      solution_immediate: '',
      solution_long_term: '',
      solution_preventive: '',
      reported_at: new Date(2026, 2, 5, 9, 30).toISOString(),
      organisation_ids: [],
      ticket_ids: [],
      problem_ids: [],
    });
  });

  it('sends a new record with its choices as numbers and its reporter by kind', () => {
    const d = { ...problemDraft(null, now), title: 'Late delivery', organisation_ids: ['3', '9'], reporter: 'contact:11', team_id: '2', gravity: '2', urgency: '3', tendency: '3', ticket_ids: [12], problem_ids: [4] };
    const body = problemBody(d);
    expect(body).toMatchObject({ title: 'Late delivery', organisation_ids: [3, 9], reporter_contact_id: 11, team_id: 2, gravity: 2, urgency: 3, tendency: 3, ticket_ids: [12], problem_ids: [4] });
    expect(body).not.toHaveProperty('reporter_user_id');
    expect(problemBody({ ...d, reporter: 'user:5' })).toMatchObject({ reporter_user_id: 5 });
    expect(problemBody({ ...d, reporter: 'user:5' })).not.toHaveProperty('reporter_contact_id');
  });

  it('opens a record as it is', () => {
    const d = problemDraft(record, now);
    expect(d).toMatchObject({ title: record.title, organisation_ids: ['3'], reporter: 'user:5', team_id: '2', gravity: '2', urgency: '3', tendency: '3', ticket_ids: [12] });
    expect(gradesOf(d)).toEqual({ gravity: 2, urgency: 3, tendency: 3 });
    expect(gradesOf({ ...d, tendency: '' })).toBeNull();
  });

  it('sends only what changed; a choice taken away as null; a list in another order is no change', () => {
    const before = problemDraft(record, now);
    expect(problemChanges(before, before)).toEqual({});
    expect(problemChanges(before, { ...before, root_cause: 'An old address book', cause_category: 'process' })).toEqual({ root_cause: 'An old address book', cause_category: 'process' });
    expect(problemChanges(before, { ...before, team_id: '', gravity: '' })).toEqual({ team_id: null, gravity: null });
    expect(problemChanges(before, { ...before, reporter: 'contact:9' })).toEqual({ reporter_user_id: null, reporter_contact_id: 9 });
    expect(problemChanges(before, { ...before, reporter: '' })).toEqual({ reporter_user_id: null, reporter_contact_id: null });
    expect(problemChanges({ ...before, organisation_ids: ['3', '9'] }, { ...before, organisation_ids: ['9', '3'] })).toEqual({});
    expect(problemChanges(before, { ...before, ticket_ids: [12, 15] })).toEqual({ ticket_ids: [12, 15] });
    expect(problemChanges(before, { ...before, urgency: '1' })).toEqual({ urgency: 1 });
  });

  it('puts each server message under its control', () => {
    expect(placeProblemField('solution_preventive')).toBe('solution_preventive');
    expect(placeProblemField('root_cause')).toBe('root_cause');
    expect(placeProblemField('status')).toBe('status');
    expect(placeProblemField('organisation_ids[1]')).toBe('organisation_ids');
    expect(placeProblemField('ticket_ids[0]')).toBe('ticket_ids');
    expect(placeProblemField('reporter_contact_id')).toBe('reporter');
    expect(placeProblemField('reporter_user_id')).toBe('reporter');
    expect(placeProblemField('gravity')).toBe('gravity');
    expect(placeProblemField('version')).toBeNull();
    expect(placeProblemField('something_else')).toBeNull();
  });

  it('reads a typed number and links it once', () => {
    expect(parseId('12')).toBe(12);
    expect(parseId(' #1042 ')).toBe(1042);
    expect(parseId('0')).toBeNull();
    expect(parseId('twelve')).toBeNull();
    expect(parseId('12a')).toBeNull();
    expect(withId([12], 15)).toEqual([12, 15]);
    expect(withId([12], 12)).toEqual([12]);
  });

  it('offers the grades of the rule', () => {
    expect(gradeChoices(3)).toEqual([1, 2, 3]);
    expect(gradeChoices(5)).toEqual([1, 2, 3, 4, 5]);
  });

  it('joins the required kinds the reader’s way', () => {
    expect(joinWords(['immediate', 'long-term', 'preventive'], 'en')).toBe('immediate, long-term and preventive');
    expect(joinWords(['imediata', 'de longo prazo'], 'pt-BR')).toBe('imediata e de longo prazo');
    expect(joinWords(['immediate'], 'en')).toBe('immediate');
    // The live score of the seed's example, as the form writes it.
    const words = ['immediate', 'long_term', 'preventive'].map((k) => m.en[`kind_${k}` as 'kind_immediate']);
    const required = m.en.requiredMany.replace('{kinds}', joinWords(words, 'en'));
    expect(m.en.scoreLine.replace('{score}', '8').replace('{max}', '9').replace('{level}', m.en.level_high).replace('{required}', required)).toBe(
      'Score 8 of 9 — high: immediate, long-term and preventive solutions required',
    );
  });
});

describe('the GUT settings', () => {
  const seed: GuardianSettings = {
    gut: {
      preset: 'seed',
      scale_max: 3,
      combine: 'sum',
      min_score: 3,
      max_score: 9,
      bands: [
        { min: 3, level: 'low', required: ['immediate'] },
        { min: 5, level: 'medium', required: ['immediate', 'long_term'] },
        { min: 7, level: 'high', required: ['immediate', 'long_term', 'preventive'] },
      ],
    },
    error_categories: ['delivery delay', 'wrong information'],
    alert_channel_ids: [4],
  };

  it('works out the scores of a rule, as the presets have them', () => {
    expect(scoreRange(3, 'sum')).toEqual({ min: 3, max: 9 });
    expect(scoreRange(5, 'product')).toEqual({ min: 1, max: 125 });
    expect(scoreRange(10, 'sum')).toEqual({ min: 3, max: 30 });
  });

  it("gives each band its scores: the seed's 3–4, 5–6, 7–9", () => {
    expect(bandRanges(seed.gut.bands, 9).map((b) => [b.min, b.to, b.level])).toEqual([
      [3, 4, 'low'],
      [5, 6, 'medium'],
      [7, 9, 'high'],
    ]);
  });

  it('sends a preset by its name alone, with the categories one a line', () => {
    const d = settingsDraft(seed);
    expect(d.error_categories).toBe('delivery delay\nwrong information');
    expect(settingsBody({ ...d, preset: 'classic', error_categories: ' delivery delay \n\nplatform failure\ndelivery delay\n' })).toEqual({
      gut: { preset: 'classic' },
      error_categories: ['delivery delay', 'platform failure'],
      alert_channel_ids: [4],
    });
    expect(categoryLines('')).toEqual([]);
  });

  it('sends a custom rule whole, the required kinds in their order (as docs/GUARDIAN.md)', () => {
    const d = settingsDraft(seed);
    const custom = {
      ...d,
      preset: 'custom' as const,
      scale_max: '4',
      bands: [
        { ...d.bands[0], level: ' routine ', required: ['immediate' as const] },
        { ...d.bands[2], min: '9', level: 'critical', required: ['preventive' as const, 'immediate' as const, 'long_term' as const] },
      ],
    };
    expect(settingsBody(custom)).toEqual({
      gut: {
        preset: 'custom',
        scale_max: 4,
        combine: 'sum',
        bands: [
          { min: 3, level: 'routine', required: ['immediate'] },
          { min: 9, level: 'critical', required: ['immediate', 'long_term', 'preventive'] },
        ],
      },
      error_categories: ['delivery delay', 'wrong information'],
      alert_channel_ids: [4],
    });
    // Something typed that is not a number goes as typed, for the server to name.
    expect((settingsBody({ ...custom, scale_max: 'x' }).gut as { scale_max: unknown }).scale_max).toBe('x');
  });

  it('adds, moves and removes bands, each keeping its key', () => {
    const a = newBand('3');
    const b = newBand('5');
    expect(a.key).not.toBe(b.key);
    expect(moveBand([a, b], 1, -1)).toEqual([b, a]);
    expect(moveBand([a, b], 0, -1)).toEqual([a, b]);
  });

  it('keeps the alert channels told of an overdue action, none when the settings name none', () => {
    const d = settingsDraft(seed);
    expect(d.alert_channel_ids).toEqual(['4']);
    expect(settingsBody({ ...d, alert_channel_ids: ['4', '9'] }).alert_channel_ids).toEqual([4, 9]);
    const { alert_channel_ids: _, ...without } = seed;
    expect(settingsDraft(without).alert_channel_ids).toEqual([]);
    expect(settingsBody(settingsDraft(without)).alert_channel_ids).toEqual([]);
  });

  it('puts each server message under its control, by the bands as sent', () => {
    const keys = [41, 42, 43];
    expect(placeSettingsField('gut.bands[1].level', keys)).toBe('bands.42.level');
    expect(placeSettingsField('gut.bands[2].required[0]', keys)).toBe('bands.43.required');
    expect(placeSettingsField('bands[0].min', keys)).toBe('bands.41.min');
    expect(placeSettingsField('gut.bands[0]', keys)).toBe('bands.41');
    expect(placeSettingsField('gut.bands[5]', keys)).toBe('rule');
    expect(placeSettingsField('gut', keys)).toBe('rule');
    expect(placeSettingsField('gut.bands', keys)).toBe('rule');
    expect(placeSettingsField('gut.scale_max', keys)).toBe('scale_max');
    expect(placeSettingsField('gut.preset', keys)).toBe('preset');
    expect(placeSettingsField('error_categories[3]', keys)).toBe('error_categories');
    expect(placeSettingsField('alert_channel_ids[1]', keys)).toBe('alert_channel_ids');
    expect(placeSettingsField('alert_channel_ids', keys)).toBe('alert_channel_ids');
    expect(placeSettingsField('something', keys)).toBeNull();
  });
});

const en = translate(m, 'en');
const pt = translate(m, 'pt-BR');

const action = (patch: Partial<ProblemAction>): ProblemAction => ({
  id: 7,
  problem_id: 3,
  problem_title: 'Invoice sent twice',
  kind: 'preventive',
  title: 'Lock the billing run',
  owner: { id: 4, name: 'Paula' },
  team_id: 2,
  team_name: 'Product',
  due_at: '2026-03-10T12:00:00Z',
  status: 'open',
  evidence: '',
  done_at: null,
  done_by: null,
  overdue: false,
  overdue_alerted_at: null,
  created_at: '2026-03-02T12:00:00Z',
  updated_at: '2026-03-02T12:00:00Z',
  version: 1,
  ...patch,
});

describe('the action plan', () => {
  const before = Date.parse('2026-03-10T11:59:00Z');
  const after = Date.parse('2026-03-10T12:01:00Z');

  it('shows an open action as overdue once its due time has passed, as the server says or as the clock moves on', () => {
    expect(isOverdue(action({}), before)).toBe(false);
    expect(isOverdue(action({}), after)).toBe(true);
    expect(isOverdue(action({ overdue: true }), before)).toBe(true);
    expect(isOverdue(action({ due_at: null }), after)).toBe(false);
  });

  it('never shows a done or cancelled action as overdue', () => {
    expect(isOverdue(action({ status: 'done', overdue: true }), after)).toBe(false);
    expect(isOverdue(action({ status: 'cancelled' }), after)).toBe(false);
  });

  it('lists the actions under the three kinds in the order they are worked, soonest due first', () => {
    const list = [
      action({ id: 1, kind: 'preventive', due_at: '2026-04-01T00:00:00Z' }),
      action({ id: 2, kind: 'immediate', due_at: null }),
      action({ id: 3, kind: 'immediate', due_at: '2026-03-03T00:00:00Z' }),
      action({ id: 4, kind: 'preventive', due_at: '2026-03-20T00:00:00Z' }),
    ];
    expect(actionsByKind(list).map((g) => [g.kind, g.actions.map((a) => a.id)])).toEqual([
      ['immediate', [3, 2]],
      ['long_term', []],
      ['preventive', [4, 1]],
    ]);
  });

  it('lets the owner and problem.write mark an open action done, nobody a closed one', () => {
    expect(canComplete(action({}), 4, false)).toBe(true);
    expect(canComplete(action({}), 5, false)).toBe(false);
    expect(canComplete(action({}), 5, true)).toBe(true);
    expect(canComplete(action({ status: 'done' }), 4, true)).toBe(false);
    expect(canComplete(action({ owner: null }), undefined, false)).toBe(false);
  });

  it('says how long fixing and preventing took, in both languages', () => {
    expect(daysSentence('fix', 3.5, en, 'en')).toBe('Fixed in 3.5 days');
    expect(daysSentence('fix', 3.5, pt, 'pt-BR')).toBe('Corrigido em 3,5 dias');
    expect(daysSentence('prevention', null, en, 'en')).toBe('Prevented in —');
    expect(daysSentence('prevention', null, pt, 'pt-BR')).toBe('Prevenido em —');
    expect(daysSentence('fix', 1, en, 'en')).toBe('Fixed in 1 day');
    expect(daysSentence('prevention', 40, en, 'en')).toBe('Prevented in 40 days');
    expect(daysSentence('fix', 0.04, en, 'en')).toBe('Fixed in 0 days');
  });

  it('starts a new action of the first kind the level requires and has none of, by the record’s team', () => {
    const gut = { score: 8, max: 9, level: 'high', required: ['immediate', 'long_term', 'preventive'] as const };
    expect(actionDraft({ team_id: 2, gut: { ...gut, required: [...gut.required] }, actions: [action({ kind: 'immediate' })] })).toEqual({
      kind: 'long_term',
      title: '',
      owner_user_id: '',
      team_id: '2',
      due_at: '',
    });
    expect(actionDraft({ team_id: null, gut: null, actions: [] })).toMatchObject({ kind: 'immediate', team_id: '' });
  });

  it('reads the due time in the person’s own time zone', () => {
    expect(zonedInstant('2026-03-10T09:00', 'America/Sao_Paulo')).toBe('2026-03-10T12:00:00.000Z');
    expect(zonedInstant('2026-03-10T09:00', 'UTC')).toBe('2026-03-10T09:00:00.000Z');
    // Either side of a change of the clocks (Lisbon: 29 March 2026, 01:00 UTC).
    expect(zonedInstant('2026-03-28T12:00', 'Europe/Lisbon')).toBe('2026-03-28T12:00:00.000Z');
    expect(zonedInstant('2026-03-30T12:00', 'Europe/Lisbon')).toBe('2026-03-30T11:00:00.000Z');
    expect(zonedInstant('2026-03-10T09:00', 'Not/AZone')).toBe('2026-03-10T09:00:00.000Z');
    expect(zonedInstant('tomorrow', 'UTC')).toBe('tomorrow');
  });

  it('sends a new action with its choices as numbers', () => {
    const d = { kind: 'preventive' as const, title: ' Lock the billing run ', owner_user_id: '4', team_id: '2', due_at: '2026-03-10T09:00' };
    expect(actionBody(d, 'America/Sao_Paulo')).toEqual({
      kind: 'preventive',
      title: 'Lock the billing run',
      owner_user_id: 4,
      team_id: 2,
      due_at: '2026-03-10T12:00:00.000Z',
    });
    expect(actionBody({ ...d, owner_user_id: '', team_id: '', due_at: '' }, 'UTC')).toEqual({ kind: 'preventive', title: 'Lock the billing run', owner_user_id: null, team_id: null });
    expect(placeActionField('owner_id')).toBe('owner_user_id');
    expect(placeActionField('evidence')).toBe('evidence');
    expect(placeActionField('version')).toBeNull();
  });
});

describe('the work list', () => {
  it('keeps its filters in the address, open actions by default', () => {
    expect(actionsFromSearch(new URLSearchParams(''))).toEqual({ team_id: '', mine: false, status: 'open', overdue: false });
    const f = actionsFromSearch(new URLSearchParams('team_id=2&mine=1&status=done&overdue=1'));
    expect(f).toEqual({ team_id: '2', mine: true, status: 'done', overdue: true });
    expect(actionsHref(f)).toBe('/guardian/actions?team_id=2&mine=1&status=done&overdue=1');
    expect(actionsHref({ ...f, team_id: '', mine: false, status: 'open', overdue: false })).toBe('/guardian/actions');
    expect(actionsFromSearch(new URLSearchParams('status=lost&team_id=x')).status).toBe('open');
  });

  it('asks for "mine" as the person’s own id, and overdue only as overdue=true', () => {
    expect(actionsQuery({ team_id: '', mine: true, status: 'open', overdue: false }, 5)).toEqual({ team_id: undefined, owner_id: 5, status: 'open', overdue: undefined });
    expect(actionsQuery({ team_id: '2', mine: false, status: 'all', overdue: true }, 5)).toEqual({ team_id: '2', owner_id: undefined, status: 'all', overdue: 'true' });
  });

  it('offers the person’s own teams first', () => {
    const teams = [
      { id: 1, name: 'Billing' },
      { id: 2, name: 'Network' },
      { id: 3, name: 'Accounts' },
    ];
    expect(teamsMineFirst(teams, [2]).map((x) => [x.name, x.mine])).toEqual([
      ['Network', true],
      ['Accounts', false],
      ['Billing', false],
    ]);
  });
});

describe('the timeline', () => {
  const ctx = (t: typeof en): EventContext => ({
    t,
    actions: [action({})],
    files: [{ id: 9, filename: 'billing.log', size: 120, content_type: 'text/plain', uploaded_by: { id: 5, name: 'Gina' }, created_at: '2026-03-02T12:00:00Z' }],
    group: [{ id: 3, title: 'Invoice sent twice', status: 'monitoring', reported_at: '2026-02-01T12:00:00Z' }],
    dateTime: (iso) => iso.slice(0, 10),
    teamName: (id) => (id === '2' ? 'Product' : undefined),
  });
  const ev = (patch: Partial<ProblemEvent>): ProblemEvent => ({ id: 1, type: 'created', at: '2026-03-02T12:00:00Z', author: { id: 5, name: 'Gina' }, ...patch });
  const text = (e: Partial<ProblemEvent>, t = en) => eventLine(ev(e), ctx(t)).text;

  it('says what happened, by whom, in English', () => {
    expect(text({ type: 'created' })).toBe('Gina recorded the problem.');
    expect(text({ type: 'status_changed', from: 'analysing', to: 'action_plan' })).toBe('Gina moved the record from Analysing to Action plan.');
    expect(text({ type: 'field_changed', field: 'root_cause', from: '', to: 'An old address book' })).toBe('Gina changed Root cause from — to “An old address book”.');
    expect(text({ type: 'field_changed', field: 'team_id', from: '1', to: '2' })).toBe('Gina changed Team where it happened from #1 to Product.');
    expect(text({ type: 'field_changed', field: 'cause_category', from: 'human', to: 'process' })).toBe('Gina changed Cause category from Human to Process.');
    expect(text({ type: 'action_added', ref: 7 })).toBe('Gina added the preventive action “Lock the billing run”.');
    expect(text({ type: 'action_changed', ref: 7, from: 'open', to: 'done', author: { id: 4, name: 'Alice Agent' } })).toBe('Alice Agent marked the action “Lock the billing run” done.');
    expect(text({ type: 'action_changed', ref: 7, from: 'done', to: 'open' })).toBe('Gina reopened the action “Lock the billing run”.');
    expect(text({ type: 'action_changed', ref: 7, from: 'open', to: 'cancelled' })).toBe('Gina cancelled the action “Lock the billing run”.');
    expect(text({ type: 'action_changed', ref: 7, from: 'open', to: 'open' })).toBe('Gina changed the action “Lock the billing run”.');
    expect(text({ type: 'action_overdue', ref: 7, author: null })).toBe('The action “Lock the billing run” passed its due date: its owner and the guardians were alerted.');
    expect(text({ type: 'grouped', ref: 0 })).toBe('Gina took this record out of its group.');
    expect(text({ type: 'something_new' })).toBe('Gina changed the record.');
    expect(text({ type: 'created', author: null })).toBe('farol recorded the problem.');
  });

  it('says the same in Portuguese', () => {
    expect(text({ type: 'created' }, pt)).toBe('Gina registrou o problema.');
    expect(text({ type: 'status_changed', from: 'analysing', to: 'action_plan' }, pt)).toBe('Gina moveu o registro de Em análise para Plano de ação.');
    expect(text({ type: 'action_added', ref: 7 }, pt)).toBe('Gina adicionou a ação preventiva “Lock the billing run”.');
    expect(text({ type: 'action_changed', ref: 7, from: 'open', to: 'done', author: { id: 4, name: 'Alice Agent' } }, pt)).toBe('Alice Agent concluiu a ação “Lock the billing run”.');
  });

  it('keeps a comment’s text, links the file and the group, and says what came back', () => {
    expect(eventLine(ev({ type: 'comment', body: 'Checked in production.' }), ctx(en))).toEqual({ text: 'Gina commented', body: 'Checked in production.' });
    expect(eventLine(ev({ type: 'attachment_added', ref: 9 }), ctx(en))).toEqual({
      text: 'Gina attached a file:',
      link: { href: '/api/v1/problem-files/9', label: 'billing.log', download: 'billing.log', app: false },
    });
    expect(eventLine(ev({ type: 'grouped', ref: 3 }), ctx(en))).toEqual({
      text: 'Gina grouped this record with the records of the same root cause:',
      link: { href: '/guardian/problems/3', label: '#3 Invoice sent twice', app: true },
    });
    expect(eventLine(ev({ type: 'recurred', author: null, body: '#8 came in after “Lock the billing run” was done.' }), ctx(en))).toEqual({
      text: 'The cause came back after its preventive action was done:',
      body: '#8 came in after “Lock the billing run” was done.',
    });
    // An action or file the record no longer lists: named by what the event says.
    expect(text({ type: 'action_added', ref: 99, body: 'Call the customer' })).toBe('Gina added the action “Call the customer”.');
    expect(text({ type: 'action_added', ref: 99, body: 'Call the customer', field: 'immediate' })).toBe('Gina added the immediate action “Call the customer”.');
    expect(text({ type: 'ungrouped', ref: 3 })).toBe('Gina took this record out of its group.');
    expect(eventLine(ev({ type: 'grouped', ref: 7, author: null }), { ...ctx(en), self: 7 }).text).toBe(
      'Another record joined this one: it now leads a group of records with the same root cause.',
    );
  });

  it('says why a record of the group was reopened, and which record brought the cause back', () => {
    const e = ev({ type: 'recurred', field: 'status', from: 'closed', to: 'reopened', ref: 12, body: 'The cause came back: record #12 …' });
    expect(eventLine(e, ctx(en))).toEqual({
      text: 'The cause came back after a preventive action was done: this record moved from Closed to Reopened, because of',
      link: { href: '/guardian/problems/12', label: 'problem #12', app: true },
    });
    expect(eventLine(e, ctx(pt)).text).toBe('A causa voltou depois que uma ação preventiva foi concluída: este registro passou de Encerrado para Reaberto, por causa do');
    expect(eventLine(e, ctx(pt)).link?.label).toBe('problema #12');
  });
});

describe('recurrence', () => {
  it('shows similarity as a percentage, the reader’s way', () => {
    expect(similarityPercent(0.62, 'en')).toBe('62%');
    expect(similarityPercent(0.62, 'pt-BR')).toMatch(/^62\s?%$/);
    expect(similarityPercent(1.2, 'en')).toBe('100%');
  });

  it('asks for suggestions once a word of three letters is typed', () => {
    expect(suggestText('  ', '')).toBe('');
    expect(suggestText('TV', 'ok')).toBe('');
    expect(suggestText('Invoice sent twice', '')).toBe('Invoice sent twice');
    expect(suggestText('Fatura', 'duplicada no mês')).toBe('Fatura\nduplicada no mês');
  });

  it('reads the reopened records whether named by id or as records', () => {
    expect(recurredIds([3, { id: 5, title: 'Late invoice' }])).toEqual([3, 5]);
    expect(recurredIds(undefined)).toEqual([]);
  });

  it('offers to group with a record not already in the same group', () => {
    const s = (id: number, group_id: number | null) => ({
      problem: { id, title: 'x', status: 'closed' as const, error_category: '', root_cause: '', group_id, reported_at: '' },
      similarity: 0.5,
      same_category: false,
    });
    expect(canGroupWith(s(3, null), { id: 7, group_id: null })).toBe(true);
    expect(canGroupWith(s(7, null), { id: 7, group_id: null })).toBe(false);
    expect(canGroupWith(s(4, 3), { id: 7, group_id: 3 })).toBe(false);
    expect(canGroupWith(s(3, 3), { id: 7, group_id: 3 })).toBe(false);
    expect(canGroupWith(s(4, 9), { id: 7, group_id: 3 })).toBe(true);
  });
});
