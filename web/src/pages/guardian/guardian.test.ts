import { describe, expect, it } from 'vitest';
import {
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
    expect(placeSettingsField('something', keys)).toBeNull();
  });
});
