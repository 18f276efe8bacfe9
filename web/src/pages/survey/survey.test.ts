import { describe, expect, it } from 'vitest';
import {
  answerBody,
  answersPayload,
  placeAnswerField,
  questionsFor,
  recordedAnswer,
  scaleScores,
  scoreInLink,
  surveyLinkAddress,
  type LinkQuestion,
} from './survey';

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

describe('the follow-up questions', () => {
  // An NPS survey: a reason asked after detractors' scores, a text after every score, and one more
  // choice after promoters' (indexes as the server gives them, not places in the list).
  const questions: LinkQuestion[] = [
    { index: 0, kind: 'choice', text: 'Main reason?', options: ['Speed', 'Price', 'People'], scores: [0, 1, 2, 3, 4, 5, 6] },
    { index: 1, kind: 'text', text: 'Anything else?', options: [], scores: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
    { index: 3, kind: 'choice', text: 'Would you tell a colleague?', options: ['Yes', 'No'], scores: [9, 10] },
  ];

  it('shows only the questions asked after the score, in order', () => {
    expect(questionsFor(questions, 3).map((q) => q.index)).toEqual([0, 1]);
    expect(questionsFor(questions, 8).map((q) => q.index)).toEqual([1]);
    expect(questionsFor(questions, 10).map((q) => q.index)).toEqual([1, 3]);
    expect(questionsFor(undefined, 3)).toEqual([]);
  });

  it('sends the answers given to the questions of the score, and nothing else', () => {
    const given = { 0: '1', 1: '  Two days without a link.  ', 3: '0' };
    expect(answersPayload(questions, 3, given)).toEqual([
      { question: 0, choice: 1 },
      { question: 1, text: 'Two days without a link.' },
    ]);
    // Question 3 is not asked after a 3, whatever the form still holds; after a 10 it is.
    expect(answersPayload(questions, 10, given)).toEqual([
      { question: 1, text: 'Two days without a link.' },
      { question: 3, choice: 0 },
    ]);
    // Unanswered, blank, or an option the question does not have: left out.
    expect(answersPayload(questions, 3, {})).toEqual([]);
    expect(answersPayload(questions, 3, { 0: '', 1: '   ' })).toEqual([]);
    expect(answersPayload(questions, 3, { 0: '3' })).toEqual([]);
    expect(answersPayload(questions, 3, { 0: '-1' })).toEqual([]);
    expect(answersPayload(undefined, 3, { 0: '1' })).toEqual([]);
  });

  it('builds the body with the comment and the answers, leaving out what is blank', () => {
    const answers = [{ question: 0, choice: 2 }];
    expect(answerBody(3, 'Slow.', answers)).toEqual({ score: 3, comment: 'Slow.', answers });
    expect(answerBody(3, '  ', answers)).toEqual({ score: 3, answers });
    expect(answerBody(3, 'Slow.', [])).toEqual({ score: 3, comment: 'Slow.' });
  });

  it("puts the server's messages under the question the answer sent was about", () => {
    const sent = [{ question: 1, text: 'x' }, { question: 3, choice: 4 }];
    expect(placeAnswerField('answers[1].choice', sent)).toBe('question.3');
    expect(placeAnswerField('answers[0].text', sent)).toBe('question.1');
    expect(placeAnswerField('answers[0]', sent)).toBe('question.1');
    expect(placeAnswerField('answers[5].question', sent)).toBe('answers');
    expect(placeAnswerField('answers', sent)).toBe('answers');
    expect(placeAnswerField('comment', sent)).toBe('comment');
    expect(placeAnswerField('score', sent)).toBeNull();
  });

  it('says a recorded answer in words', () => {
    expect(recordedAnswer(questions, { question: 0, choice: 2, text: '' })).toEqual({ question: 'Main reason?', answer: 'People' });
    expect(recordedAnswer(questions, { question: 1, choice: null, text: 'Slow.' })).toEqual({ question: 'Anything else?', answer: 'Slow.' });
    expect(recordedAnswer(questions, { question: 3, choice: 5, text: '' })).toEqual({ question: 'Would you tell a colleague?', answer: '#6' });
    expect(recordedAnswer(questions, { question: 2, choice: null, text: 'gone' })).toBeNull();
  });
});
