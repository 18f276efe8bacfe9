// The CSM's follow-up inbox (/followups): each unhappy answer waiting for its first contact, with
// its deadline (overdue in words, not colour alone), the customer, the answer and its comment;
// filtered by state and owner in the address (?state=open|closed|all, ?owner=me|none|any). And
// one follow-up (/followups/:id), where the outcome is recorded: contacted, then resolved or no
// answer, with a note. The links in the alert e-mails and webhooks point here.
import { useState, type FormEvent } from 'react';
import { api, query } from '../../app/api';
import { useAsync, useNow } from '../../app/data';
import { useFormat, useT } from '../../app/i18n';
import { Link, useLocation } from '../../app/router';
import { can, useSession } from '../../app/session';
import { ErrorBanner, LiveAnnouncement, Loading, useFieldErrors } from '../../ui/feedback';
import { SelectField, TextArea } from '../../ui/forms';
import { Details, FormButtons, FormProblem, ShowMore, usePaged, useSubmit } from '../../ui/kit';
import { sentimentName } from './Surveys';
import { nextStates, type FollowUp, type FollowUpState } from './surveys';
import m from './surveys.i18n';

const STATES = ['open', 'closed', 'all'] as const;
const OWNERS = ['me', 'none', 'any'] as const;
const PAGE = 50;
const MAX: Record<string, number> = { nps: 10, csat: 5, stars: 5, ces: 7, likert: 7 };

function StateBadge(props: { f: FollowUp }) {
  const t = useT(m);
  const f = props.f;
  return (
    <>
      <span className={`badge followup ${f.state}`}>{t(`state_${f.state}`)}</span>
      {f.overdue && <span className="badge overdue"> {t('overdue')}</span>}
    </>
  );
}

function Due(props: { f: FollowUp; now: number }) {
  const t = useT(m);
  const fmt = useFormat();
  if (!props.f.due_at) return <>{t('noDeadline')}</>;
  return (
    <time dateTime={props.f.due_at} title={fmt.full(props.f.due_at)}>
      {fmt.dateTime(props.f.due_at)} <span className="muted">({fmt.ago(props.f.due_at, props.now)})</span>
    </time>
  );
}

export function FollowUpsPage() {
  const t = useT(m);
  const { me } = useSession();
  const { search } = useLocation();
  const state = STATES.find((s) => s === search.get('state')) ?? 'open';
  // A CSM sees their own by default; a manager or director everyone's.
  const owner = OWNERS.find((o) => o === search.get('owner')) ?? (me?.role === 'csm' ? 'me' : 'any');
  const survey = Number(search.get('survey_id')) || undefined;
  const now = useNow();
  const paged = usePaged<FollowUp, number>(
    (before) =>
      api
        .get<{ items: FollowUp[] }>('/api/v1/survey-followups' + query({ state, owner, survey_id: survey, limit: PAGE, before_id: before }))
        .then((p) => ({ items: p.items, next: p.items.length === PAGE ? p.items[p.items.length - 1].id : null })),
    [state, owner, survey],
  );
  const link = (patch: Record<string, string | undefined>) =>
    '/followups' + query({ state: state === 'open' ? undefined : state, owner, survey_id: survey, ...patch });
  const fmt = useFormat();
  return (
    <section className="followups stack wide">
      <h1>{t('inboxTitle')}</h1>
      <p className="muted">{t('inboxIntro')}</p>
      <nav className="subnav" aria-label={t('which_state')}>
        {STATES.map((s) => (
          <Link key={s} to={link({ state: s === 'open' ? undefined : s })} aria-current={s === state ? 'page' : undefined}>
            {t(`f_${s}`)}
          </Link>
        ))}
      </nav>
      <nav className="subnav" aria-label={t('whose')}>
        {OWNERS.map((o) => (
          <Link key={o} to={link({ owner: o })} aria-current={o === owner ? 'page' : undefined}>
            {t(`o_${o}`)}
          </Link>
        ))}
      </nav>
      <ErrorBanner error={paged.error} onRetry={paged.reload} />
      {!paged.loaded ? (
        paged.loading && <Loading />
      ) : paged.items.length === 0 ? (
        <p className="empty">{t('inboxEmpty')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('inboxTitle')}>
          <table className="data followups">
            <caption className="visually-hidden">{t('inboxTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colCustomer')}</th>
                <th scope="col">{t('colAnswer')}</th>
                <th scope="col">{t('colTicket')}</th>
                <th scope="col">{t('colOwner')}</th>
                <th scope="col">{t('colDue')}</th>
                <th scope="col">{t('colState')}</th>
              </tr>
            </thead>
            <tbody>
              {paged.items.map((f) => (
                <tr key={f.id}>
                  <th scope="row">
                    <Link to={`/followups/${f.id}`}>{f.contact_name}</Link>
                    {f.organisation_name && <span className="muted"> · {f.organisation_name}</span>}
                  </th>
                  <td>
                    {t('theAnswer', { score: f.score, max: MAX[f.kind] ?? '', sentiment: sentimentName(t, f.sentiment) })}
                    {f.comment && <div className="comment">“{f.comment}”</div>}
                    <div className="muted">
                      {f.survey_name} · <time dateTime={f.created_at}>{fmt.dateTime(f.created_at)}</time>
                    </div>
                  </td>
                  <td>{f.ticket_id ? <Link to={`/tickets/${f.ticket_id}`}>#{f.ticket_id}</Link> : '—'}</td>
                  <td>{f.owner_name || <span className="muted">{t('noOwner')}</span>}</td>
                  <td>
                    <Due f={f} now={now} />
                  </td>
                  <td>
                    <StateBadge f={f} />
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

export function FollowUpPage(props: { id: number }) {
  const t = useT(m);
  const fmt = useFormat();
  const { me } = useSession();
  const now = useNow();
  const one = useAsync(() => api.get<FollowUp>(`/api/v1/survey-followups/${props.id}`), [props.id]);
  const [announce, setAnnounce] = useState('');
  if (one.error) return <ErrorBanner error={one.error} onRetry={one.reload} />;
  const f = one.data;
  if (!f) return <Loading />;
  const inTime = f.within_sla === null ? '' : ` (${t(f.within_sla ? 'inTime' : 'late')})`;
  return (
    <article className="stack followup">
      <h1>{t('followupTitle', { id: f.id })}</h1>
      <Link to="/followups">{t('backToInbox')}</Link>
      <LiveAnnouncement message={announce} />
      <Details
        items={[
          [t('colCustomer'), <>{f.contact_name} {f.contact_email && <a href={`mailto:${f.contact_email}`}>{f.contact_email}</a>}</>],
          [t('organisation'), f.organisation_id ? <Link to={`/organisations/${f.organisation_id}`}>{f.organisation_name}</Link> : '—'],
          [t('survey'), <Link to={`/surveys/${f.survey_id}`}>{f.survey_name}</Link>],
          [t('colAnswer'), t('theAnswer', { score: f.score, max: MAX[f.kind] ?? '', sentiment: sentimentName(t, f.sentiment) })],
          [t('comment'), f.comment ? <q>{f.comment}</q> : <span className="muted">{t('noComment')}</span>],
          [t('colTicket'), f.ticket_id ? <Link to={`/tickets/${f.ticket_id}`}>#{f.ticket_id} {f.ticket_subject}</Link> : '—'],
          [t('team'), f.team_name || '—'],
          [t('colOwner'), f.owner_name || t('noOwner')],
          [t('answeredAt'), fmt.dateTime(f.created_at)],
          [t('dueAt'), <Due f={f} now={now} />],
          [t('colState'), <StateBadge f={f} />],
          ...(f.contacted_at ? [[t('contactedAt'), fmt.dateTime(f.contacted_at) + inTime] as [string, string]] : []),
          ...(f.closed_at ? [[t('closedAt'), fmt.dateTime(f.closed_at)] as [string, string]] : []),
          ...(f.escalated_at ? [[t('overdue'), t('escalated', { when: fmt.dateTime(f.escalated_at) })] as [string, string]] : []),
        ]}
      />
      {f.note && (
        <section>
          <h2>{t('note')}</h2>
          <p className="prewrap">{f.note}</p>
        </section>
      )}
      {nextStates(f.state).length === 0 ? (
        <p className="muted">{t('closedText')}</p>
      ) : (
        can(me, 'survey.write') && (
          <OutcomeForm
            key={f.version}
            f={f}
            onSaved={(x) => {
              one.setData(x);
              setAnnounce(t('recorded'));
            }}
            onReload={one.reload}
          />
        )
      )}
    </article>
  );
}

function OutcomeForm(props: { f: FollowUp; onSaved: (f: FollowUp) => void; onReload: () => void }) {
  const t = useT(m);
  const f = props.f;
  const choices = nextStates(f.state);
  const [state, setState] = useState<FollowUpState | ''>(choices[0]);
  const [note, setNote] = useState(f.note);
  const submit = useSubmit();
  const save = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      const body: Record<string, unknown> = { version: f.version, note };
      if (state) body.state = state;
      props.onSaved(await api.patch<FollowUp>(`/api/v1/survey-followups/${f.id}`, body));
    });
  };
  const err = useFieldErrors(submit.error);
  return (
    <form className="stack" onSubmit={save}>
      <h2>{t('outcome')}</h2>
      <FormProblem error={submit.error} shown={['state', 'note']} onReload={props.onReload} />
      <SelectField
        label={t('newState')}
        value={state}
        options={[...choices.map((s) => ({ value: s as string, label: t(`state_${s}`) })), ...(f.state === 'contacted' ? [{ value: '', label: t('keepState', { state: t(`state_${f.state}`) }) }] : [])]}
        onChange={(e) => setState(e.target.value as FollowUpState | '')}
        error={err('state')}
      />
      <TextArea label={t('note')} hint={t('noteHint')} value={note} rows={4} maxLength={4000} onChange={(e) => setNote(e.target.value)} error={err('note')} />
      <FormButtons busy={submit.busy} label={t('record')} />
    </form>
  );
}
