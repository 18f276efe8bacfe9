// The surveys (/surveys): each design with its kind and when it is sent, links to its results, to
// the follow-up inbox and to who hears about answers; and the designer (/surveys/new,
// /surveys/:id/design) — kind and scale (fixed once made), the questions in English and
// Portuguese, the comment prompt, when it is sent (on resolve or close, for which ticket types and
// channels), how long its link lasts and whether it is active.
import { useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useT, type Translate } from '../../app/i18n';
import { Link, navigate } from '../../app/router';
import { can, useSession } from '../../app/session';
import { CHANNELS, TICKET_TYPES, type ListOf } from '../../model/types';
import { ErrorBanner, Loading, useFieldErrors } from '../../ui/feedback';
import { Checkbox, SelectField, TextArea, TextField } from '../../ui/forms';
import { ActiveBadge, CheckboxGroup, FormButtons, FormProblem, useSubmit } from '../../ui/kit';
import { SURVEY_KINDS, type Survey, type SurveyKind } from './surveys';
import m from './surveys.i18n';

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

export function kindName(t: Translate<keyof typeof m.en>, s: Pick<Survey, 'kind' | 'points'>) {
  return s.kind === 'likert' ? `${t('kind_likert')} (1–${s.points})` : t(`kind_${s.kind}`);
}

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
};

function draftOf(s: Survey): Draft {
  return { ...s, points: String(s.points), link_days: String(s.link_days) };
}

// The designer: a new survey, or the design of `id`.
export function SurveyDesignPage(props: { id?: number }) {
  const t = useT(m);
  const existing = useAsync(() => (props.id ? api.get<Survey>(`/api/v1/surveys/${props.id}`) : Promise.resolve(null)), [props.id]);
  if (existing.error) return <ErrorBanner error={existing.error} onRetry={existing.reload} />;
  if (existing.data === undefined) return <Loading />;
  return (
    <article className="stack">
      <h1>{existing.data ? `${t('designTitle')}: ${existing.data.name}` : t('newTitle')}</h1>
      {existing.data && <Link to={`/surveys/${existing.data.id}`}>{t('backToResults')}</Link>}
      <SurveyForm key={existing.data?.version ?? 0} survey={existing.data} onReload={existing.reload} />
    </article>
  );
}

function SurveyForm(props: { survey: Survey | null; onReload: () => void }) {
  const t = useT(m);
  const c = useT(common);
  const { me } = useSession();
  const s = props.survey;
  const [d, setD] = useState<Draft>(s ? draftOf(s) : blank);
  const submit = useSubmit();
  const err = useFieldErrors(submit.error);
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
    };
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
  const shown = ['name', 'kind', 'points', 'question_en', 'question_pt', 'comment_en', 'comment_pt', 'send_on', 'ticket_types', 'channels', 'link_days'];
  return (
    <form className="stack survey-form" onSubmit={save} noValidate>
      <FormProblem error={submit.error} shown={shown} onReload={props.onReload} />
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
        <Checkbox label={t('active')} checked={d.active} onChange={(e) => set({ active: e.target.checked })} />
      </fieldset>
      {!readOnly && <FormButtons busy={submit.busy} label={s ? c('save') : t('create')} />}
    </form>
  );
}
