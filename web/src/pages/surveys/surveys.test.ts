import { describe, expect, it } from 'vitest';
import {
  answerInWords,
  campaignBody,
  campaignChanges,
  campaignDraft,
  chartGeometry,
  classify,
  headline,
  inLanguage,
  localInput,
  moveItem,
  newQuestion,
  nextStates,
  optionProblems,
  optionShares,
  placeQuestionField,
  questionForms,
  questionsBody,
  scaleOf,
  scoreRange,
  scoresOf,
  shareMargin,
  type Campaign,
  type QuestionResult,
  type SurveyQuestion,
  type Summary,
} from './surveys';

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

describe('follow-up questions in the designer', () => {
  it('asks after the scores of the classification chosen, on each kind and scale', () => {
    const nps = { kind: 'nps' as const, ...scaleOf('nps', 0), high_is_easy: true };
    expect(scoresOf(nps, 'negative')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(scoresOf(nps, 'neutral')).toEqual([7, 8]);
    expect(scoresOf(nps, 'positive')).toEqual([9, 10]);
    expect(scoresOf(nps, 'always')).toHaveLength(11);
    const cesLowEasy = { kind: 'ces' as const, ...scaleOf('ces', 0), high_is_easy: false };
    expect(scoresOf(cesLowEasy, 'negative')).toEqual([5, 6, 7]);
    expect(scoresOf(cesLowEasy, 'positive')).toEqual([1, 2, 3]);
    const likert7 = { kind: 'likert' as const, ...scaleOf('likert', 7), high_is_easy: true };
    expect(likert7.max).toBe(7);
    expect(scoresOf(likert7, 'neutral')).toEqual([4]);
    expect(scaleOf('likert', 5)).toEqual({ min: 1, max: 5 });
    expect(scaleOf('stars', 5)).toEqual({ min: 1, max: 5 });
    expect(scaleOf('csat', 5)).toEqual({ min: 1, max: 5 });
  });

  it('writes scores as short runs', () => {
    expect(scoreRange([0, 1, 2, 3, 4, 5, 6])).toBe('0–6');
    expect(scoreRange([4])).toBe('4');
    expect(scoreRange([1, 2, 5])).toBe('1–2, 5');
    expect(scoreRange([])).toBe('');
  });

  it('edits the options one a line and sends them as lists; a text question sends none', () => {
    const saved: SurveyQuestion[] = [
      { kind: 'choice', text_en: 'Main reason?', text_pt: 'Motivo principal?', options_en: ['Speed', 'Price'], options_pt: ['Rapidez', 'Preço'], ask: 'negative' },
      { kind: 'text', text_en: 'Anything else?', text_pt: 'Algo mais?', options_en: [], options_pt: [], ask: 'always' },
    ];
    const forms = questionForms(saved);
    expect(forms[0].options_en).toBe('Speed\nPrice');
    expect(new Set(forms.map((f) => f.key)).size).toBe(2);
    expect(questionsBody(forms)).toEqual(saved);
    // Blank lines and spaces around an option go; a choice turned into text keeps nothing typed.
    const edited = [{ ...forms[0], options_en: ' Speed \n\n Price\n', options_pt: 'Rapidez\nPreço' }, { ...forms[1], kind: 'text' as const, options_en: 'left over' }];
    expect(questionsBody(edited)[0].options_en).toEqual(['Speed', 'Price']);
    expect(questionsBody(edited)[1]).toEqual(saved[1]);
    expect(questionsBody([{ ...forms[0], kind: 'text' }])[0]).toMatchObject({ kind: 'text', options_en: [], options_pt: [] });
    // A new question is a free-text one asked after every answer, with a key of its own.
    const q = newQuestion();
    expect(q).toMatchObject({ kind: 'text', ask: 'always', text_en: '', options_en: '' });
    expect(forms.map((f) => f.key)).not.toContain(q.key);
    expect(questionForms(undefined)).toEqual([]);
  });

  it('sends back an id only when the server gave one', () => {
    const q: SurveyQuestion = { kind: 'text', text_en: 'a', text_pt: 'b', options_en: [], options_pt: [], ask: 'always' };
    expect('id' in questionsBody(questionForms([q]))[0]).toBe(false);
    expect(questionsBody(questionForms([{ ...q, id: 7 }]))[0].id).toBe(7);
  });

  it('moves a question up and down, never past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    const list = ['a', 'b'];
    expect(moveItem(list, 0, -1)).toBe(list);
    expect(moveItem(list, 1, 1)).toBe(list);
  });

  it('puts each server message under the control of the question as it was sent', () => {
    // Sent as [key 11, key 12]; the designer may have moved them since.
    const sent = [11, 12];
    expect(placeQuestionField('questions[1].options_pt', sent)).toBe('questions.12.options_pt');
    expect(placeQuestionField('questions[1].options_pt[3]', sent)).toBe('questions.12.options_pt');
    expect(placeQuestionField('questions[0].ask', sent)).toBe('questions.11.ask');
    expect(placeQuestionField('questions[0].kind', sent)).toBe('questions.11.kind');
    expect(placeQuestionField('questions[0].text_en', sent)).toBe('questions.11.text_en');
    expect(placeQuestionField('questions[0]', sent)).toBe('questions.11');
    expect(placeQuestionField('questions[0].something_new', sent)).toBe('questions.11');
    expect(placeQuestionField('questions', sent)).toBe('questions');
    expect(placeQuestionField('questions[5]', sent)).toBe('questions');
    expect(placeQuestionField('name', sent)).toBeNull();
    expect(placeQuestionField('questionnaire', sent)).toBeNull();
  });

  it('says which option a message about one option is about', () => {
    const fields = {
      'questions[1].options_pt[2]': 'write it in 1 to 100 characters',
      'questions[1].options_pt[4]': 'write it in 1 to 100 characters',
      'questions[0].options_en[0]': 'write it in 1 to 100 characters',
      'questions[0].options_pt': 'must have as many options as options_en',
      'questions[3].options_en[1]': 'write it in 1 to 100 characters',
    };
    expect(optionProblems(fields, [11, 12])).toEqual({
      'questions.12.options_pt': { option: 3, message: 'write it in 1 to 100 characters' },
      'questions.11.options_en': { option: 1, message: 'write it in 1 to 100 characters' },
    });
  });
});

describe('follow-up questions in the results', () => {
  const q: QuestionResult = {
    id: 2,
    kind: 'choice',
    text_en: 'Main reason?',
    text_pt: 'Motivo principal?',
    options_en: ['Speed', 'Price', 'People'],
    options_pt: ['Rapidez', 'Preço', ''],
    answered: 8,
    counts: [4, 3, 1],
  };

  it('gives each option its share of those who answered', () => {
    expect(optionShares([4, 3, 1], 8)).toEqual([50, 37.5, 12.5]);
    expect(optionShares([0, 0], 0)).toEqual([null, null]);
  });

  it("shows the reader's language, else the other one", () => {
    expect(inLanguage('Speed', 'Rapidez', 'pt-BR')).toBe('Rapidez');
    expect(inLanguage('Speed', 'Rapidez', 'en')).toBe('Speed');
    expect(inLanguage('People', '', 'pt-BR')).toBe('People');
    expect(inLanguage('', 'Pessoas', 'en')).toBe('Pessoas');
  });

  it('puts an answer in words by the question id, not its place in the list', () => {
    expect(answerInWords([q], { question: 2, choice: 1, text: '' }, 'en')).toEqual({ question: 'Main reason?', answer: 'Price' });
    expect(answerInWords([q], { question: 2, choice: 1, text: '' }, 'pt-BR')).toEqual({ question: 'Motivo principal?', answer: 'Preço' });
    expect(answerInWords([q], { question: 2, choice: 2, text: '' }, 'pt-BR').answer).toBe('People');
    expect(answerInWords([q], { question: 2, choice: 7, text: '' }, 'en').answer).toBe('#8');
    const text = { ...q, id: 5, kind: 'text' as const, text_en: 'Anything else?', options_en: [], options_pt: [], counts: [] };
    expect(answerInWords([q, text], { question: 5, choice: null, text: 'Faster, please.' }, 'en')).toEqual({ question: 'Anything else?', answer: 'Faster, please.' });
    expect(answerInWords([q], { question: 9, choice: null, text: 'Old answer' }, 'en')).toEqual({ question: null, answer: 'Old answer' });
  });
});

describe('the campaign form', () => {
  const campaign: Campaign = {
    id: 4,
    survey_id: 3,
    name: 'Globex, twice a year',
    organisation_ids: [7, 2],
    segments: ['enterprise'],
    every_months: 6,
    next_run_at: '2027-01-04T12:00:30Z',
    window_start: '09:00',
    window_end: '17:00',
    weekdays_only: true,
    active: true,
    created_at: '2026-11-01T10:00:00Z',
    version: 5,
    round: { started_at: null, pending: 0, sent: 0, skipped: 0, skipped_by_reason: {} },
  };

  it('starts a new campaign at the next whole hour, in the browser zone', () => {
    const d = campaignDraft(null, new Date(2026, 10, 20, 14, 37, 12));
    expect(d.next).toBe('2026-11-20T15:00');
    expect(d).toMatchObject({ name: '', every_months: '6', window_start: '09:00', window_end: '17:00', weekdays_only: true, active: true });
    expect(localInput(new Date(2026, 0, 5, 9, 5))).toBe('2026-01-05T09:05');
  });

  it('makes a campaign with every field, the next round as an instant', () => {
    const d = { ...campaignDraft(null, new Date(2026, 10, 20, 14, 0)), name: 'N', organisation_ids: ['7'], segments: ['smb'] };
    const body = campaignBody(d);
    expect(body).toEqual({
      name: 'N',
      organisation_ids: [7],
      segments: ['smb'],
      every_months: 6,
      next_run_at: new Date(2026, 10, 20, 15, 0).toISOString(),
      window_start: '09:00',
      window_end: '17:00',
      weekdays_only: true,
    });
    expect(campaignBody({ ...d, next: 'soon' }).next_run_at).toBe('soon');
  });

  it('opens a campaign as it is, and sends only what changed', () => {
    const before = campaignDraft(campaign, new Date());
    expect(before).toMatchObject({ name: 'Globex, twice a year', organisation_ids: ['7', '2'], every_months: '6', active: true });
    expect(new Date(before.next).getTime()).toBe(new Date('2027-01-04T12:00:00Z').getTime());
    // Untouched, nothing is sent — not even the next round, whose seconds the form cannot show.
    expect(campaignChanges(before, { ...before })).toEqual({});
    // The same organisations ticked in another order are no change.
    expect(campaignChanges(before, { ...before, organisation_ids: ['2', '7'] })).toEqual({});
    const after = { ...before, name: 'Globex', organisation_ids: ['2'], segments: [], every_months: '3', window_end: '18:00', weekdays_only: false, active: false, next: '2027-02-01T09:00' };
    expect(campaignChanges(before, after)).toEqual({
      name: 'Globex',
      organisation_ids: [2],
      segments: [],
      every_months: 3,
      next_run_at: new Date(2027, 1, 1, 9, 0).toISOString(),
      window_end: '18:00',
      weekdays_only: false,
      active: false,
    });
  });
});
