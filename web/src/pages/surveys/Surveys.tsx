// The surveys (/surveys): each design with its kind and when it is sent, links to its results, to
// the follow-up inbox and to who hears about answers; and the designer (/surveys/new,
// /surveys/:id/design) — kind and scale (fixed once made), the questions in English and
// Portuguese, the comment prompt, up to 5 follow-up questions (free text or a choice, asked after
// every answer or only after one classification's; added, removed and moved up or down), when it
// is sent (on resolve or close, for which ticket types and channels), how long its link lasts and
// whether it is active.
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useLocale, useT, type Translate } from '../../app/i18n';
import { Link, navigate } from '../../app/router';
import { translateServerText } from '../../app/server-text';
import { can, useSession } from '../../app/session';
import { CHANNELS, TICKET_TYPES, type ListOf } from '../../model/types';
import { ErrorBanner, Loading } from '../../ui/feedback';
import { usePlacedErrors } from '../../ui/fieldPlaces';
import { Checkbox, SelectField, TextArea, TextField } from '../../ui/forms';
import { ActiveBadge, CheckboxGroup, FormButtons, FormProblem, RowAction, useSubmit } from '../../ui/kit';
import {
  ASK_WHEN,
  MAX_QUESTIONS,
  moveItem,
  newQuestion,
  optionProblems,
  placeQuestionField,
  QUESTION_KINDS,
  questionForms,
  questionsBody,
  scaleOf,
  scoreRange,
  scoresOf,
  SENTIMENTS,
  SURVEY_KINDS,
  type AskWhen,
  type QuestionForm,
  type QuestionKind,
  type Survey,
  type SurveyKind,
} from './surveys';
import { keepMoveFocus } from '../../ui/focus';
import m from './surveys.i18n';

type T = Translate<keyof typeof m.en>;

export function SurveysPage() {
  const t = useT(m);
  const { me } = useSession();
  const list = useAsync(() => api.get<ListOf<Survey>>('/api/v1/surveys').then((l) => l.items), []);
  return (
    <article className="stack wide">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <nav className="row toolbar" aria-label={t('title')}>
        {can(me, 'survey.write') && (
          <Link to="/surveys/new">
            {t('newSurvey')}
          </Link>
        )}
        <Link to="/followups">{t('followups')}</Link>
        <Link to="/surveys/alerts">{t('alertRoutes')}</Link>
      </nav>
      <ErrorBanner error={list.error} onRetry={list.reload} />
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('title')}>
          <table className="data surveys">
            <caption className="visually-hidden">{t('title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colName')}</th>
                <th scope="col">{t('colKind')}</th>
                <th scope="col">{t('colSends')}</th>
                <th scope="col">{t('colActive')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/surveys/${s.id}`}>{s.name}</Link>
                  </th>
                  <td>{kindName(t, s)}</td>
                  <td>{t(`send_${s.send_on as 'resolved'}`)}</td>
                  <td>
                    <ActiveBadge active={s.active} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

export function kindName(t: T, s: Pick<Survey, 'kind' | 'points'>) {
  return s.kind === 'likert' ? `${t('kind_likert')} (1–${s.points})` : t(`kind_${s.kind}`);
}

// A classification in words ("Detractor"), or as the server wrote it.
export const sentimentName = (t: T, s: string) => t(`s_${s}` as keyof typeof m.en) || s;

interface Draft {
  name: string;
  kind: SurveyKind;
  points: string;
  high_is_easy: boolean;
  question_en: string;
  question_pt: string;
  comment_en: string;
  comment_pt: string;
  send_on: string;
  ticket_types: string[];
  channels: string[];
  link_days: string;
  active: boolean;
  questions: QuestionForm[];
}

const blank: Draft = {
  name: '',
  kind: 'csat',
  points: '5',
  high_is_easy: true,
  question_en: '',
  question_pt: '',
  comment_en: '',
  comment_pt: '',
  send_on: 'resolved',
  ticket_types: [],
  channels: [],
  link_days: '14',
  active: true,
  questions: [],
};

function draftOf(s: Survey): Draft {
  return { ...s, points: String(s.points), link_days: String(s.link_days), questions: questionForms(s.questions) };
}

// The designer's own fields; a server message about one of them (or an item of its list) goes
// under its control.
const TOP_FIELDS = ['name', 'kind', 'points', 'question_en', 'question_pt', 'comment_en', 'comment_pt', 'send_on', 'ticket_types', 'channels', 'link_days'];

function placeSurveyField(field: string, sentKeys: number[]): string | null {
  const top = /^(\w+)(?:\[\d+\])?$/.exec(field);
  if (top && TOP_FIELDS.includes(top[1])) return top[1];
  return placeQuestionField(field, sentKeys);
}

// The designer: a new survey, or the design of `id`.
export function SurveyDesignPage(props: { id?: number }) {
  const t = useT(m);
  const existing = useAsync(() => (props.id ? api.get<Survey>(`/api/v1/surveys/${props.id}`) : Promise.resolve(null)), [props.id]);
  // The desk-wide throttle, shown with the sending fields.
  const throttle = useAsync(() => api.get<ListOf<Survey> & { throttle_days: number }>('/api/v1/surveys').then((l) => l.throttle_days), []);
  if (existing.error) return <ErrorBanner error={existing.error} onRetry={existing.reload} />;
  if (existing.data === undefined) return <Loading />;
  return (
    <article className="stack">
      <h1>{existing.data ? `${t('designTitle')}: ${existing.data.name}` : t('newTitle')}</h1>
      {existing.data && <Link to={`/surveys/${existing.data.id}`}>{t('backToResults')}</Link>}
      <SurveyForm key={existing.data?.version ?? 0} survey={existing.data} onReload={existing.reload} throttleDays={throttle.data} />
    </article>
  );
}

function SurveyForm(props: { survey: Survey | null; onReload: () => void; throttleDays?: number }) {
  const t = useT(m);
  const c = useT(common);
  const { me } = useSession();
  const s = props.survey;
  const [d, setD] = useState<Draft>(s ? draftOf(s) : blank);
  // The questions' keys as last sent: the server names them by their place then.
  const [sentKeys, setSentKeys] = useState<number[]>([]);
  const submit = useSubmit();
  const { locale } = useLocale();
  // A message about one option says which one (the box holds them all).
  const options = optionProblems(submit.error instanceof ApiError ? submit.error.fields : {}, sentKeys);
  const local = Object.fromEntries(
    Object.entries(options).map(([control, p]) => [control, t('optionProblem', { n: p.option, message: translateServerText(p.message, locale) ?? p.message })]),
  );
  const errors = usePlacedErrors(submit.error, (field) => placeSurveyField(field, sentKeys), local);
  const err = errors.at;
  const set = (patch: Partial<Draft>) => setD({ ...d, ...patch });
  const readOnly = !can(me, 'survey.write');
  const save = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      name: d.name,
      question_en: d.question_en,
      question_pt: d.question_pt,
      comment_en: d.comment_en,
      comment_pt: d.comment_pt,
      send_on: d.send_on,
      ticket_types: d.ticket_types,
      channels: d.channels,
      link_days: Number(d.link_days),
      active: d.active,
      questions: questionsBody(d.questions),
    };
    setSentKeys(d.questions.map((q) => q.key));
    // An empty question takes the kind's standard one (the server's default, sent as absent).
    for (const k of ['question_en', 'question_pt'] as const) if (!d[k].trim()) delete body[k];
    void submit.run(async () => {
      if (s) {
        const saved = await api.patch<Survey>(`/api/v1/surveys/${s.id}`, { ...body, version: s.version });
        navigate(`/surveys/${saved.id}?saved=1`);
      } else {
        const made = await api.post<Survey>('/api/v1/surveys', {
          ...body,
          kind: d.kind,
          ...(d.kind === 'likert' ? { points: Number(d.points) } : {}),
          ...(d.kind === 'ces' ? { high_is_easy: d.high_is_easy } : {}),
        });
        navigate(`/surveys/${made.id}?created=1`);
      }
    });
  };
  // The scale the follow-up questions' "asked after" speaks of: the survey's, or the one chosen.
  const scale = s ?? { kind: d.kind, ...scaleOf(d.kind, Number(d.points)), high_is_easy: d.high_is_easy };
  return (
    <form className="stack survey-form" onSubmit={save} noValidate>
      <FormProblem error={submit.error} shown={errors.shown} onReload={props.onReload} />
      <fieldset disabled={readOnly} className="stack">
        <TextField label={t('name')} value={d.name} maxLength={100} required onChange={(e) => set({ name: e.target.value })} error={err('name')} />
        <SelectField
          label={t('kind')}
          value={d.kind}
          disabled={!!s}
          hint={s ? t('kindFixed') : undefined}
          options={SURVEY_KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))}
          onChange={(e) => set({ kind: e.target.value as SurveyKind })}
          error={err('kind')}
        />
        {d.kind === 'likert' && (
          <SelectField
            label={t('points')}
            value={d.points}
            disabled={!!s}
            options={['5', '7'].map((p) => ({ value: p, label: p }))}
            onChange={(e) => set({ points: e.target.value })}
            error={err('points')}
          />
        )}
        {d.kind === 'ces' && <Checkbox label={t('highIsEasy')} checked={d.high_is_easy} disabled={!!s} onChange={(e) => set({ high_is_easy: e.target.checked })} />}
        <TextArea label={t('questionEn')} hint={s ? undefined : t('questionHint')} value={d.question_en} maxLength={500} rows={2} onChange={(e) => set({ question_en: e.target.value })} error={err('question_en')} />
        <TextArea label={t('questionPt')} hint={s ? undefined : t('questionHint')} value={d.question_pt} maxLength={500} rows={2} lang="pt-BR" onChange={(e) => set({ question_pt: e.target.value })} error={err('question_pt')} />
        <TextField label={t('commentEn')} hint={t('commentHint')} value={d.comment_en} maxLength={200} onChange={(e) => set({ comment_en: e.target.value })} error={err('comment_en')} />
        <TextField label={t('commentPt')} hint={t('commentHint')} value={d.comment_pt} maxLength={200} lang="pt-BR" onChange={(e) => set({ comment_pt: e.target.value })} error={err('comment_pt')} />
        <FollowUpQuestions value={d.questions} onChange={(questions) => set({ questions })} scale={scale} errorAt={err} />
        <SelectField
          label={t('sendOn')}
          value={d.send_on}
          options={['resolved', 'closed', 'never'].map((x) => ({ value: x, label: t(`send_${x as 'resolved'}`) }))}
          onChange={(e) => set({ send_on: e.target.value })}
          error={err('send_on')}
        />
        <CheckboxGroup
          legend={`${t('ticketTypes')} — ${t('allHint')}`}
          options={TICKET_TYPES.map((x) => ({ value: x, label: c(`type_${x}`) }))}
          value={d.ticket_types}
          onChange={(v) => set({ ticket_types: v })}
          error={err('ticket_types')}
        />
        <CheckboxGroup
          legend={`${t('channels')} — ${t('allHint')}`}
          options={CHANNELS.map((x) => ({ value: x, label: c(`channel_${x}`) }))}
          value={d.channels}
          onChange={(v) => set({ channels: v })}
          error={err('channels')}
        />
        <TextField label={t('linkDays')} type="number" min={1} max={90} value={d.link_days} onChange={(e) => set({ link_days: e.target.value })} error={err('link_days')} />
        {props.throttleDays !== undefined && <p className="hint">{t('throttle', { n: props.throttleDays })}</p>}
        <Checkbox label={t('active')} checked={d.active} onChange={(e) => set({ active: e.target.checked })} />
      </fieldset>
      {!readOnly && <FormButtons busy={submit.busy} label={s ? c('save') : t('create')} />}
    </form>
  );
}

// The follow-up questions: up to 5, each in its own group, added, removed and moved.
function FollowUpQuestions(props: {
  value: QuestionForm[];
  onChange: (questions: QuestionForm[]) => void;
  scale: Pick<Survey, 'kind' | 'min' | 'max' | 'high_is_easy'>;
  errorAt: (key: string) => string | undefined;
}) {
  const t = useT(m);
  const add = useRef<HTMLButtonElement>(null);
  const qs = props.value;
  const error = props.errorAt('questions');
  const append = () => {
    const q = newQuestion();
    props.onChange([...qs, q]);
    // The new question's first control takes the keyboard.
    requestAnimationFrame(() => document.getElementById(`question-${q.key}`)?.querySelector<HTMLElement>('select, input, textarea')?.focus());
  };
  return (
    <fieldset className="stack survey-questions" aria-describedby={error ? 'survey-questions-error' : undefined}>
      <legend>{t('followupQuestions')}</legend>
      <p className="hint">{t('followupQuestionsHint')}</p>
      {error && (
        <p className="field-error" id="survey-questions-error">
          {error}
        </p>
      )}
      {qs.length === 0 ? (
        <p className="empty">{t('noQuestions')}</p>
      ) : (
        <ol className="plain levels">
          {qs.map((q, i) => (
            <QuestionEditor
              key={q.key}
              question={q}
              index={i}
              count={qs.length}
              scale={props.scale}
              errorAt={props.errorAt}
              onChange={(x) => props.onChange(qs.map((y, j) => (j === i ? x : y)))}
              onMove={(by) => {
                props.onChange(moveItem(qs, i, by));
                keepMoveFocus(`question-${q.key}`);
              }}
              onRemove={() => {
                props.onChange(qs.filter((_, j) => j !== i));
                requestAnimationFrame(() => add.current?.focus());
              }}
            />
          ))}
        </ol>
      )}
      <div className="row">
        <button type="button" ref={add} onClick={append} disabled={qs.length >= MAX_QUESTIONS}>
          {t('addQuestion')}
        </button>
        {qs.length >= MAX_QUESTIONS && <span className="muted">{t('maxQuestions')}</span>}
      </div>
    </fieldset>
  );
}

// "Every answer", or "A score of 0–6 only (Detractor)" in the survey's own words.
function askLabel(t: T, scale: Pick<Survey, 'kind' | 'min' | 'max' | 'high_is_easy'>, ask: AskWhen): string {
  if (ask === 'always') return t('ask_always');
  const sentiment = SENTIMENTS[scale.kind][ask === 'negative' ? 0 : ask === 'neutral' ? 1 : 2];
  return t('askAfter', { scores: scoreRange(scoresOf(scale, ask)), sentiment: sentimentName(t, sentiment) });
}

function QuestionEditor(props: {
  question: QuestionForm;
  index: number;
  count: number;
  scale: Pick<Survey, 'kind' | 'min' | 'max' | 'high_is_easy'>;
  errorAt: (key: string) => string | undefined;
  onChange: (q: QuestionForm) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const t = useT(m);
  const q = props.question;
  const n = props.index + 1;
  const p = `questions.${q.key}`;
  const set = (patch: Partial<QuestionForm>) => props.onChange({ ...q, ...patch });
  const of = t('ofQuestion', { n });
  return (
    <li id={`question-${q.key}`}>
      <fieldset className="stack level" aria-describedby={props.errorAt(p) ? `question-${q.key}-error` : undefined}>
        <legend>{t('questionN', { n })}</legend>
        {props.errorAt(p) && (
          <span className="field-error" id={`question-${q.key}-error`}>
            {props.errorAt(p)}
          </span>
        )}
        <SelectField
          label={t('questionKind')}
          value={q.kind}
          options={QUESTION_KINDS.map((k) => ({ value: k, label: t(`qkind_${k}`) }))}
          onChange={(e) => set({ kind: e.target.value as QuestionKind })}
          error={props.errorAt(`${p}.kind`)}
        />
        <TextField label={t('questionTextEn')} value={q.text_en} maxLength={300} onChange={(e) => set({ text_en: e.target.value })} error={props.errorAt(`${p}.text_en`)} />
        <TextField label={t('questionTextPt')} value={q.text_pt} maxLength={300} lang="pt-BR" onChange={(e) => set({ text_pt: e.target.value })} error={props.errorAt(`${p}.text_pt`)} />
        {q.kind === 'choice' && (
          <>
            <TextArea
              label={t('optionsEn')}
              hint={t('optionsHint')}
              rows={4}
              value={q.options_en}
              onChange={(e) => set({ options_en: e.target.value })}
              error={props.errorAt(`${p}.options_en`)}
            />
            <TextArea
              label={t('optionsPt')}
              hint={t('optionsHint')}
              rows={4}
              lang="pt-BR"
              value={q.options_pt}
              onChange={(e) => set({ options_pt: e.target.value })}
              error={props.errorAt(`${p}.options_pt`)}
            />
          </>
        )}
        <SelectField
          label={t('askWhen')}
          value={q.ask}
          options={ASK_WHEN.map((a) => ({ value: a, label: askLabel(t, props.scale, a) }))}
          onChange={(e) => set({ ask: e.target.value as AskWhen })}
          error={props.errorAt(`${p}.ask`)}
        />
        <div className="row level-actions">
          <RowAction label={t('moveUp')} of={of} onClick={() => props.onMove(-1)} disabled={props.index === 0} />
          <RowAction label={t('moveDown')} of={of} onClick={() => props.onMove(1)} disabled={props.index === props.count - 1} />
          <RowAction label={t('removeQuestion')} of={of} onClick={props.onRemove} danger />
        </div>
      </fieldset>
    </li>
  );
}
