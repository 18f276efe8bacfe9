// One survey's results (/surveys/:id): for a period and a set of answers (all, after tickets,
// campaigns), the headline figure with its 95% margin of error and the number of answers, the
// mean, how many were sent and why some were not; the figure by month with its margin as a band;
// the distribution of scores; each follow-up question's answers (a choice's options with their
// counts and shares); the follow-ups of unhappy answers and the share first contacted within their
// deadline; and the answers themselves (with the follow-up questions' answers under each comment),
// filtered by classification, with a CSV download. The choices live in the address.
import { useId, useState, type FormEvent } from 'react';
import { api, query } from '../../app/api';
import { useAsync } from '../../app/data';
import { useFormat, useLocale, useT, type Translate } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { can, useSession } from '../../app/session';
import { ErrorBanner, Loading, Notice } from '../../ui/feedback';
import { Checkbox, SelectField, TextField } from '../../ui/forms';
import { ShowMore, usePaged } from '../../ui/kit';
import { SurveyCampaigns } from './Campaigns';
import { SurveyChart } from './SurveyChart';
import { kindName, sentimentName } from './Surveys';
import {
  answerInWords,
  classify,
  headline,
  inLanguage,
  optionShares,
  round1,
  SENTIMENTS,
  type Figures,
  type QuestionResult,
  type Results,
  type Survey,
  type SurveyKind,
  type SurveyResponse,
} from './surveys';
import m from './surveys.i18n';

type Which = 'all' | 'transactional' | 'relational';
type T = Translate<keyof typeof m.en>;

function figureName(t: T, kind: SurveyKind): string {
  switch (kind) {
    case 'nps':
      return t('nps');
    case 'ces':
      return t('cesNet');
    case 'likert':
      return t('agreePercent');
    case 'stars':
      return t('starsPercent');
    default:
      return t('csatPercent');
  }
}

function Headline(props: { survey: Survey; figures: Figures; invitations: number; skipped: Record<string, number> }) {
  const t = useT(m);
  const f = useFormat();
  const s = props.survey;
  const h = headline(s.kind, props.figures);
  const pct = s.kind === 'nps' || s.kind === 'ces' ? '' : '%';
  const skipped = Object.entries(props.skipped)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => t(`skip_${reason}` as keyof typeof m.en, { n: f.number(n) }) || `${reason}: ${n}`);
  return (
    <section className="survey-headline" aria-label={figureName(t, s.kind)}>
      <div className="figure">
        <span className="label">{figureName(t, s.kind)}</span>
        {h ? (
          <>
            <span className="value">
              {f.number(round1(h.value))}
              {pct}
            </span>
            <span className="margin">{t('margin', { margin: f.number(round1(h.margin)) })}</span>
          </>
        ) : (
          <span className="value none">{t('noAnswers')}</span>
        )}
      </div>
      <ul className="plain">
        <li>{(props.figures.n === 1 ? t('oneAnswer') : t('answers', { n: f.number(props.figures.n) }))}</li>
        {props.figures.mean !== null && <li>{t('mean', { mean: f.number(Math.round(props.figures.mean * 100) / 100) })}</li>}
        <li>{t('sent', { n: f.number(props.invitations) })}</li>
        {skipped.length > 0 && <li>{t('skipped', { list: skipped.join('; ') })}</li>}
      </ul>
    </section>
  );
}

function Distribution(props: { survey: Survey; figures: Figures }) {
  const t = useT(m);
  const f = useFormat();
  const { counts, n } = props.figures;
  const most = Math.max(1, ...counts);
  const sentiments = SENTIMENTS[props.survey.kind];
  return (
    <section>
      <h2>{t('distribution')}</h2>
      <table className="data distribution">
        <caption className="visually-hidden">{t('distributionCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('score')}</th>
            <th scope="col">{t('count')}</th>
            <th scope="col">{t('share')}</th>
          </tr>
        </thead>
        <tbody>
          {counts.map((count, i) => {
            const score = props.survey.min + i;
            const c = classify(props.survey, score);
            return (
              <tr key={score}>
                <th scope="row">
                  {score} <span className="muted">({sentimentName(t, sentiments[c])})</span>
                </th>
                <td className="num">{f.number(count)}</td>
                <td>
                  <span className={`bar sentiment-${c}`} style={{ width: `${(count / most) * 100}%` }} aria-hidden="true" />
                  <span className="bar-label">{n ? `${f.number(round1((count / n) * 100))}%` : '—'}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

// Each follow-up question: how many answered it, and for a choice each option's count and share
// of those answers as a bar (the numbers in the table for screen readers).
function QuestionResults(props: { questions: QuestionResult[] }) {
  const t = useT(m);
  const f = useFormat();
  const { locale } = useLocale();
  const id = useId();
  if (props.questions.length === 0) return null;
  return (
    <section className="survey-question-results">
      <h2>{t('followupQuestions')}</h2>
      {props.questions.map((q, n) => {
        const text = inLanguage(q.text_en, q.text_pt, locale);
        const shares = optionShares(q.counts, q.answered);
        return (
          <section key={q.id} aria-labelledby={`${id}-${n}`}>
            <h3 id={`${id}-${n}`}>{text}</h3>
            <p className="muted">{q.answered === 1 ? t('oneAnswer') : t('answers', { n: f.number(q.answered) })}</p>
            {q.kind === 'choice' ? (
              <table className="data distribution">
                <caption className="visually-hidden">{t('questionsCaption', { question: text })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('option')}</th>
                    <th scope="col">{t('count')}</th>
                    <th scope="col">{t('share')}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.counts.map((count, i) => {
                    const share = shares[i];
                    return (
                      <tr key={i}>
                        <th scope="row">{inLanguage(q.options_en[i] ?? '', q.options_pt[i] ?? '', locale) || `#${i + 1}`}</th>
                        <td className="num">{f.number(count)}</td>
                        <td>
                          <span className="bar option" style={{ width: `${share ?? 0}%` }} aria-hidden="true" />
                          <span className="bar-label">{share === null ? '—' : `${f.number(round1(share))}%`}</span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            ) : (
              <p>{t('textAnswered')}</p>
            )}
          </section>
        );
      })}
    </section>
  );
}

function ClosedLoop(props: { results: Results }) {
  const t = useT(m);
  const f = useFormat();
  const c = props.results.followups;
  return (
    <section>
      <h2>{t('closedLoop')}</h2>
      {c.total === 0 ? (
        <p className="muted">{t('withinSlaNone')}</p>
      ) : (
        <>
          <p className="survey-loop">
            <strong>{t('withinSla', { percent: c.within_sla_percent === null ? '—' : `${f.number(round1(c.within_sla_percent))}%` })}</strong>
            {c.within_sla_percent !== null && <meter min={0} max={100} low={80} high={95} optimum={100} value={c.within_sla_percent} aria-hidden="true" />}
          </p>
          <p>
            {t('loopSummary', {
              total: f.number(c.total),
              open: f.number(c.open),
              overdue: f.number(c.overdue),
              contacted: f.number(c.contacted),
              resolved: f.number(c.resolved),
              no_answer: f.number(c.no_answer),
            })}{' '}
            <Link to={`/followups?survey_id=${props.results.survey.id}`}>{t('followups')}</Link>
          </p>
        </>
      )}
    </section>
  );
}

function Answers(props: { survey: Survey; questions: QuestionResult[]; params: Record<string, string | undefined> }) {
  const t = useT(m);
  const f = useFormat();
  const { locale } = useLocale();
  const [sentiment, setSentiment] = useState('');
  const [onlyComments, setOnlyComments] = useState(false);
  const s = props.survey;
  const base = { ...props.params, sentiment: sentiment || undefined };
  const paged = usePaged<SurveyResponse, number>(
    (before) =>
      api
        .get<{ items: SurveyResponse[] }>(`/api/v1/surveys/${s.id}/responses` + query({ ...base, limit: 100, before_id: before }))
        .then((p) => ({ items: p.items, next: p.items.length === 100 ? p.items[p.items.length - 1].id : null })),
    [s.id, JSON.stringify(base)],
  );
  const shown = onlyComments ? paged.items.filter((r) => r.comment) : paged.items;
  return (
    <section>
      <h2>{t('comments')}</h2>
      <div className="row toolbar">
        <SelectField
          label={t('sentiment')}
          value={sentiment}
          options={[{ value: '', label: t('anySentiment') }, ...[...SENTIMENTS[s.kind]].reverse().map((x) => ({ value: x, label: sentimentName(t, x) }))]}
          onChange={(e) => setSentiment(e.target.value)}
        />
        <Checkbox label={t('onlyComments')} checked={onlyComments} onChange={(e) => setOnlyComments(e.target.checked)} />
        <a href={`/api/v1/surveys/${s.id}/responses` + query({ ...base, format: 'csv' })} download>
          {t('csv')}
        </a>
      </div>
      <ErrorBanner error={paged.error} onRetry={paged.reload} />
      {!paged.loaded ? (
        paged.loading && <Loading />
      ) : shown.length === 0 ? (
        <p className="empty">{t('noComments')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('comments')}>
          <table className="data survey-answers">
            <caption className="visually-hidden">{t('comments')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colWhen')}</th>
                <th scope="col">{t('colScore')}</th>
                <th scope="col">{t('colComment')}</th>
                <th scope="col">{t('colContact')}</th>
                <th scope="col">{t('colTicket')}</th>
                <th scope="col">{t('colAgent')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.id}>
                  <td>
                    <time dateTime={r.answered_at} title={f.full(r.answered_at)}>
                      {f.dateTime(r.answered_at)}
                    </time>
                  </td>
                  <td>
                    {r.score} <span className={`badge sentiment ${r.sentiment}`}>{sentimentName(t, r.sentiment)}</span>
                  </td>
                  <td className="comment">
                    {r.comment || (r.answers?.length ? null : '—')}
                    {r.answers && r.answers.length > 0 && (
                      <ul className="plain question-answers">
                        {r.answers.map((a, i) => {
                          const w = answerInWords(props.questions, a, locale);
                          return (
                            <li key={i}>
                              <span className="muted">{w.question ?? t('questionGone')}:</span> {w.answer}
                            </li>
                          );
                        })}
                      </ul>
                    )}
                  </td>
                  <td>
                    <Link to={`/contacts/${r.contact_id}`}>{r.contact_name}</Link>
                    {r.organisation_id && (
                      <>
                        {' · '}
                        <Link to={`/organisations/${r.organisation_id}`}>{r.organisation_name}</Link>
                      </>
                    )}
                  </td>
                  <td>{r.ticket_id ? <Link to={`/tickets/${r.ticket_id}`}>#{r.ticket_id}</Link> : '—'}</td>
                  <td>
                    {r.agent_name || '—'}
                    {r.team_name && <span className="muted"> · {r.team_name}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ShowMore paged={paged} />
    </section>
  );
}

export function SurveyResultsPage(props: { id: number }) {
  const t = useT(m);
  const f = useFormat();
  const { me } = useSession();
  const { search } = useLocation();
  const which = (['transactional', 'relational'].find((w) => w === search.get('which')) ?? 'all') as Which;
  const chosen = { from: search.get('from') ?? '', to: search.get('to') ?? '', which };
  const [form, setForm] = useState(chosen);
  const params = {
    from: chosen.from || undefined,
    to: chosen.to || undefined,
    transactional: which === 'all' ? undefined : String(which === 'transactional'),
  };
  const results = useAsync(() => api.get<Results>(`/api/v1/surveys/${props.id}/results` + query(params)), [props.id, chosen.from, chosen.to, which]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/surveys/${props.id}` + query({ from: form.from, to: form.to, which: form.which === 'all' ? undefined : form.which }));
  };
  const r = results.data;
  return (
    <article className="stack wide survey-results">
      <h1>{r ? t('resultsOf', { name: r.survey.name }) : t('title')}</h1>
      {search.get('created') && r && <Notice kind="success">{t('created', { name: r.survey.name })}</Notice>}
      {search.get('saved') && r && <Notice kind="success">{t('saved', { name: r.survey.name })}</Notice>}
      <nav className="row" aria-label={t('title')}>
        <Link to="/surveys">{t('title')}</Link>
        <Link to={`/surveys/${props.id}/design`}>{t('design')}</Link>
        {can(me, 'survey.read') && <Link to={`/followups?survey_id=${props.id}`}>{t('followups')}</Link>}
      </nav>
      <form className="row toolbar" onSubmit={submit}>
        <TextField label={t('from')} type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        <TextField label={t('to')} type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        <SelectField
          label={t('which')}
          value={form.which}
          options={(['all', 'transactional', 'relational'] as Which[]).map((w) => ({ value: w, label: t(`which_${w}`) }))}
          onChange={(e) => setForm({ ...form, which: e.target.value as Which })}
        />
        <button type="submit">{t('show')}</button>
      </form>
      <ErrorBanner error={results.error} onRetry={results.reload} />
      {!r ? (
        !results.error && <Loading />
      ) : (
        <>
          <p className="muted" role="status">
            {kindName(t, r.survey)} · {t('period', { from: f.date(r.from), to: f.date(new Date(new Date(r.to).getTime() - 1).toISOString()) })}
          </p>
          <Headline survey={r.survey} figures={r.all} invitations={r.invitations} skipped={r.skipped} />
          <section>
            <h2>{t('overTime')}</h2>
            <SurveyChart kind={r.survey.kind} figure={figureName(t, r.survey.kind)} months={r.months} />
          </section>
          <Distribution survey={r.survey} figures={r.all} />
          <QuestionResults questions={r.questions ?? []} />
          <ClosedLoop results={r} />
          <SurveyCampaigns surveyId={r.survey.id} />
          <Answers survey={r.survey} questions={r.questions ?? []} params={params} />
        </>
      )}
    </article>
  );
}
