// The respondent's page behind a survey e-mail's links (<public_url>/survey/<token>?score=N), with
// no sign-in: the token is the credential. The e-mail's links are the one click: opened with a
// score on the scale, the page records it at once; opened without one, it shows the scale. With
// the score in, it offers the comment box and the survey's follow-up questions asked after that
// score (a choice as a radio group, a text as a box), sent together and added once. The page
// speaks the language the survey was sent in. A tampered or unknown link and an expired one get
// plain pages, and record nothing.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../app/api';
import { useAsync, type Async } from '../../app/data';
import { LocaleProvider, useFormat, useLocale, useT } from '../../app/i18n';
import { ErrorBanner, Loading, Notice } from '../../ui/feedback';
import { usePlacedErrors } from '../../ui/fieldPlaces';
import { refocus } from '../../ui/focus';
import { TextArea } from '../../ui/forms';
import { useSubmit } from '../../ui/kit';
import { PublicPage } from '../SignIn';
import {
  answerBody,
  answersPayload,
  MAX_ANSWER_TEXT,
  placeAnswerField,
  questionsFor,
  recordedAnswer,
  scaleScores,
  scoreInLink,
  surveyLinkAddress,
  type AnswerInput,
  type Given,
  type LinkQuestion,
  type QuestionAnswer,
  type SurveyAnswered,
  type SurveyLinkView,
} from './survey';
import m from './survey.i18n';

const status = (e: unknown) => (e instanceof ApiError ? e.status : 0);

export function SurveyPage(props: { token: string }) {
  const loaded = useAsync(() => api.get<SurveyLinkView>(surveyLinkAddress(props.token), { quiet401: true }), [props.token]);
  const outer = useLocale();
  // The survey's language, not the browser's: its question was written in it.
  const locale = loaded.data?.locale ?? outer.locale;
  return (
    <LocaleProvider value={{ ...outer, locale }}>
      <Survey token={props.token} loaded={loaded} />
    </LocaleProvider>
  );
}

function Survey(props: { token: string; loaded: Async<SurveyLinkView> }) {
  const t = useT(m);
  const { loaded } = props;
  if (status(loaded.error) === 404 || status(loaded.error) === 409) {
    const expired = status(loaded.error) === 409;
    return (
      <PublicPage>
        <h1>{t(expired ? 'expiredTitle' : 'invalidTitle')}</h1>
        <p>{t(expired ? 'expiredText' : 'invalidText')}</p>
      </PublicPage>
    );
  }
  if (!loaded.data) {
    return (
      <PublicPage>
        <h1>{t('loadingTitle')}</h1>
        {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : <Loading />}
      </PublicPage>
    );
  }
  return (
    <PublicPage wide languageSwitch={false}>
      <Questions token={props.token} view={loaded.data} reload={loaded.reload} />
    </PublicPage>
  );
}

function Questions(props: { token: string; view: SurveyLinkView; reload: () => void }) {
  const t = useT(m);
  const f = useFormat();
  const v = props.view;
  const submit = useSubmit();
  // The answer this page recorded (or found recorded), and whether it was there before.
  const [answer, setAnswer] = useState<{ score: number; comment: string; answers: QuestionAnswer[]; before: boolean } | null>(
    v.answer ? { score: v.answer.score, comment: v.answer.comment, answers: v.answer.answers ?? [], before: true } : null,
  );
  const outcome = useRef<HTMLDivElement>(null);

  const give = (score: number) =>
    void submit.run(async () => {
      try {
        const r = await api.post<SurveyAnswered>(`${surveyLinkAddress(props.token)}/answer`, { score });
        setAnswer({ score: r.score, comment: r.comment, answers: r.answers ?? [], before: false });
      } catch (e) {
        // Answered meanwhile (another tab, or the e-mail's link opened twice): show what counts.
        if (status(e) === 409) props.reload();
        throw e;
      }
    });
  // The buttons went away: the keyboard goes to the thanks that replaced them.
  useEffect(() => {
    if (answer && !answer.before) refocus(outcome.current);
  }, [answer]);

  // The e-mail's one click: a score on the scale in the address, not answered yet. The address
  // loses it at once, so reloading the page shows the answer instead of sending it again.
  const oneClick = useRef(false);
  useEffect(() => {
    if (oneClick.current) return;
    oneClick.current = true;
    const score = scoreInLink(window.location.search, v.min, v.max);
    if (window.location.search) window.history.replaceState(window.history.state, '', window.location.pathname);
    if (score !== null && !v.answer) give(score);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const shown = answer ?? (v.answer ? { ...v.answer, answers: v.answer.answers ?? [], before: true } : null);
  return (
    <>
      <h1>{t('title')}</h1>
      {v.ticket_id !== null && <p className="muted">{t('about', { ticket: v.ticket_id, subject: v.ticket_subject })}</p>}
      {shown ? (
        <div ref={outcome} tabIndex={-1} className="survey-outcome">
          <Notice kind="success">{t(shown.before ? 'already' : 'thanks', { score: shown.score })}</Notice>
          <FollowUp
            token={props.token}
            score={shown.score}
            comment={shown.comment}
            answers={shown.answers}
            prompt={v.comment_prompt}
            questions={v.questions}
          />
        </div>
      ) : submit.busy ? (
        <p role="status">{t('recording')}</p>
      ) : (
        <Scale view={v} onChoose={give} />
      )}
      <ErrorBanner error={status(submit.error) === 409 ? null : submit.error} />
      {!shown && <p className="hint">{t('oneAnswer', { when: f.dateTime(v.expires_at) })}</p>}
    </>
  );
}

// The scale as buttons: one press records the score. Its ends say what they mean.
function Scale(props: { view: SurveyLinkView; onChoose: (score: number) => void }) {
  const t = useT(m);
  const v = props.view;
  const label = (s: number) => {
    const base = v.kind === 'stars' ? t('stars', { score: s, max: v.max }) : String(s);
    if (s === v.min) return t('scoreEnd', { score: base, meaning: v.low_label });
    if (s === v.max) return t('scoreEnd', { score: base, meaning: v.high_label });
    return base;
  };
  return (
    <div className="survey-question">
      <p id="survey-question" className="survey-text">
        {v.question}
      </p>
      <p id="survey-how" className="hint">
        {t('choose')}
      </p>
      <div role="group" aria-labelledby="survey-question" aria-describedby="survey-how" className={`survey-scale n${v.max - v.min + 1}`}>
        {scaleScores(v.min, v.max).map((s) => (
          <button key={s} type="button" className="survey-score" aria-label={label(s)} onClick={() => props.onChoose(s)}>
            {v.kind === 'stars' ? '★'.repeat(s) : s}
          </button>
        ))}
      </div>
      <p className="survey-ends" aria-hidden="true">
        <span>
          {v.min} = {v.low_label}
        </span>
        <span>
          {v.max} = {v.high_label}
        </span>
      </p>
    </div>
  );
}

// The open comment and the follow-up questions the score brings, once the score is in, sent
// together (each optional; the survey may have neither). As the server allows, each is added once:
// the comment box while no comment is recorded, the questions while none is answered — so a page
// opened after the e-mail's one click, or after a comment alone, still offers what is missing.
// After a send from this page, the page shows what is recorded and offers nothing more.
function FollowUp(props: { token: string; score: number; comment: string; answers: QuestionAnswer[]; prompt: string; questions: LinkQuestion[] | undefined }) {
  const t = useT(m);
  const [text, setText] = useState('');
  const [given, setGiven] = useState<Given>({});
  const [saved, setSaved] = useState({ comment: props.comment, answers: props.answers });
  const [sent, setSent] = useState<AnswerInput[]>([]);
  const [justNow, setJustNow] = useState(false);
  const { busy, error, run } = useSubmit();
  const errors = usePlacedErrors(error, (field) => placeAnswerField(field, sent), {});
  const thanks = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (justNow) refocus(thanks.current);
  }, [justNow]);
  const offerComment = !justNow && !!props.prompt && !saved.comment;
  const offered = !justNow && saved.answers.length === 0 ? props.questions : [];
  const asked = questionsFor(offered, props.score);
  const words = saved.answers.map((a) => recordedAnswer(props.questions, a)).filter((w) => w !== null);
  const answers = answersPayload(offered, props.score, given);
  const comment = offerComment ? text : '';
  const ready = !!comment.trim() || answers.length > 0;
  const give = (index: number, value: string) => setGiven({ ...given, [index]: value });
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setSent(answers);
    await run(async () => {
      const r = await api.post<SurveyAnswered>(`${surveyLinkAddress(props.token)}/answer`, answerBody(props.score, comment, answers));
      setSaved({ comment: r.comment, answers: r.answers ?? [] });
      setJustNow(true);
    });
  };
  return (
    <>
      {(saved.comment || words.length > 0) && (
        <div ref={thanks} tabIndex={-1}>
          {justNow && <Notice kind="success">{t(sent.length > 0 ? 'answersThanks' : 'commentThanks')}</Notice>}
          {saved.comment && (
            <>
              <h2>{t('yourComment')}</h2>
              <p className="survey-comment">{saved.comment}</p>
            </>
          )}
          {words.length > 0 && (
            <>
              <h2>{t('yourAnswers')}</h2>
              <dl className="survey-recorded">
                {words.map((w, i) => (
                  <div key={i}>
                    <dt>{w.question}</dt>
                    <dd className="survey-comment">{w.answer}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </div>
      )}
      {(offerComment || asked.length > 0) && (
        <form onSubmit={send} className="stack survey-followup" noValidate>
          <ErrorBanner error={error} shown={errors.shown} />
          {offerComment && (
            <TextArea
              label={props.prompt}
              hint={t('commentHint')}
              rows={4}
              maxLength={MAX_ANSWER_TEXT}
              value={text}
              error={errors.at('comment')}
              onChange={(e) => setText(e.target.value)}
            />
          )}
          {errors.at('answers') && <p className="field-error">{errors.at('answers')}</p>}
          {asked.map((q) =>
            q.kind === 'choice' ? (
              <Choice key={q.index} question={q} value={given[q.index] ?? ''} error={errors.at(`question.${q.index}`)} onChange={(v) => give(q.index, v)} />
            ) : (
              <TextArea
                key={q.index}
                label={q.text}
                hint={t('commentHint')}
                rows={3}
                maxLength={MAX_ANSWER_TEXT}
                value={given[q.index] ?? ''}
                error={errors.at(`question.${q.index}`)}
                onChange={(e) => give(q.index, e.target.value)}
              />
            ),
          )}
          <div className="row">
            <button type="submit" className="primary" disabled={busy || !ready} aria-busy={busy}>
              {busy ? t('sending') : t(asked.length > 0 ? 'sendAnswers' : 'send')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

// A choice question: its options as a radio group named by the question, each a large target.
function Choice(props: { question: LinkQuestion; value: string; error?: string; onChange: (value: string) => void }) {
  const t = useT(m);
  const id = useId();
  const q = props.question;
  return (
    <fieldset
      className="field survey-choice"
      role="radiogroup"
      aria-labelledby={`${id}-legend`}
      aria-describedby={[`${id}-hint`, props.error ? `${id}-error` : ''].filter(Boolean).join(' ')}
      aria-invalid={!!props.error}
    >
      <legend id={`${id}-legend`}>{q.text}</legend>
      <div className="hint" id={`${id}-hint`}>
        {t('choiceHint')}
      </div>
      <div className="survey-options">
        {q.options.map((o, i) => (
          <label key={i} className="survey-option">
            <input type="radio" name={`${id}-option`} value={String(i)} checked={props.value === String(i)} onChange={() => props.onChange(String(i))} />
            <span>{o}</span>
          </label>
        ))}
      </div>
      {props.error && (
        <div className="field-error" id={`${id}-error`}>
          {props.error}
        </div>
      )}
    </fieldset>
  );
}
