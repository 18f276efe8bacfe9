// The respondent's page, the parts without React: the link's address in the API, the one-click
// score an e-mail link carries, the scale's scores, and the follow-up questions a score brings
// (which are asked, the answers as the API takes them, and where its messages go).
import type { Locale } from '../../model/types';

export type SurveyKind = 'nps' | 'csat' | 'ces' | 'stars' | 'likert';

// GET /api/v1/survey-links/{token}: what the link asks, in the respondent's language.
export interface SurveyLinkView {
  kind: SurveyKind;
  min: number;
  max: number;
  high_is_easy: boolean;
  locale: Locale;
  question: string;
  comment_prompt: string;
  low_label: string;
  high_label: string;
  ticket_id: number | null;
  ticket_subject: string;
  expires_at: string;
  questions?: LinkQuestion[];
  answer: { score: number; comment: string; answered_at: string; answers?: QuestionAnswer[] } | null;
}

// A follow-up question in the respondent's language, with the scores after which it is asked.
export interface LinkQuestion {
  index: number;
  kind: 'text' | 'choice';
  text: string;
  options: string[];
  scores: number[];
}

// A follow-up question answered: the option's index (from 0) of a choice, the text of a text.
export interface QuestionAnswer {
  question: number;
  choice: number | null;
  text: string;
}

// One answer as POST …/answer takes it.
export type AnswerInput = { question: number; choice: number } | { question: number; text: string };

export interface SurveyAnswered {
  score: number;
  sentiment: string;
  comment: string;
  answers?: QuestionAnswer[];
}

export const MAX_ANSWER_TEXT = 2000;

export const surveyLinkAddress = (token: string) => `/api/v1/survey-links/${encodeURIComponent(token)}`;

// The score in the e-mail's link (?score=N), if it is a whole number on the scale.
export function scoreInLink(search: string, min: number, max: number): number | null {
  const raw = new URLSearchParams(search).get('score');
  if (raw === null || !/^\d{1,2}$/.test(raw.trim())) return null;
  const n = Number(raw.trim());
  return n >= min && n <= max ? n : null;
}

// min..max, in order.
export function scaleScores(min: number, max: number): number[] {
  const out: number[] = [];
  for (let s = min; s <= max; s++) out.push(s);
  return out;
}

// The questions asked after `score`, in the survey's order.
export function questionsFor(questions: LinkQuestion[] | undefined, score: number): LinkQuestion[] {
  return (questions ?? []).filter((q) => q.scores.includes(score));
}

// What the respondent gave, by question index: a choice's option index as a string ('' for none),
// or the text written.
export type Given = Record<number, string>;

// The answers to send after `score`: only questions asked after it, only those answered (an
// option on the question's list, or text that is not blank, trimmed).
export function answersPayload(questions: LinkQuestion[] | undefined, score: number, given: Given): AnswerInput[] {
  const out: AnswerInput[] = [];
  for (const q of questionsFor(questions, score)) {
    const v = given[q.index] ?? '';
    if (q.kind === 'choice') {
      if (!/^\d+$/.test(v)) continue;
      const choice = Number(v);
      if (choice < q.options.length) out.push({ question: q.index, choice });
    } else if (v.trim()) {
      out.push({ question: q.index, text: v.trim() });
    }
  }
  return out;
}

// The body of POST …/answer adding a comment and answers to `score` (the blank ones left out).
export function answerBody(score: number, comment: string, answers: AnswerInput[]): Record<string, unknown> {
  return { score, ...(comment.trim() ? { comment } : {}), ...(answers.length ? { answers } : {}) };
}

// Where a server message about the answers goes: "comment" under the comment box,
// "answers[1].choice" under the question the second answer sent was about ("question.<index>"),
// anything else about the answers above the questions ("answers"). Null for other fields.
export function placeAnswerField(field: string, sent: AnswerInput[]): string | null {
  if (field === 'comment') return 'comment';
  const m = /^answers\[(\d+)\]/.exec(field);
  if (m) {
    const a = sent[Number(m[1])];
    return a ? `question.${a.question}` : 'answers';
  }
  return field === 'answers' || field.startsWith('answers.') ? 'answers' : null;
}

// A recorded answer in words: the question's text and the option chosen or the text written.
export function recordedAnswer(questions: LinkQuestion[] | undefined, a: QuestionAnswer): { question: string; answer: string } | null {
  const q = (questions ?? []).find((x) => x.index === a.question);
  if (!q) return null;
  if (a.choice === null || a.choice === undefined) return { question: q.text, answer: a.text };
  return { question: q.text, answer: q.options[a.choice] ?? `#${a.choice + 1}` };
}
