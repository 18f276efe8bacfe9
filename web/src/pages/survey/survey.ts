// The respondent's page, the parts without React: the link's address in the API, the one-click
// score an e-mail link carries, and the scale's scores.
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
  answer: { score: number; comment: string; answered_at: string } | null;
}

export interface SurveyAnswered {
  score: number;
  sentiment: string;
  comment: string;
}

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
