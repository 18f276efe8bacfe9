// A survey's relational campaigns (on its results page): each with its organisations, period,
// next round, send window and how its latest round went (invited, waiting for their window,
// skipped); one form to make one or change one (with the version it was opened at); pause and
// resume. docs/SURVEYS.md, "Campaigns".
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, query } from '../../app/api';
import { useAsync } from '../../app/data';
import { loadAll } from '../../app/directory';
import { useFormat, useT } from '../../app/i18n';
import { can, useSession } from '../../app/session';
import type { ListOf, Organisation } from '../../model/types';
import { ErrorBanner, LiveAnnouncement, Loading, useFieldErrors } from '../../ui/feedback';
import { Checkbox, TextField } from '../../ui/forms';
import { ActiveBadge, CheckboxGroup, FormButtons, FormProblem, RowAction, useSubmit } from '../../ui/kit';
import { campaignBody, campaignChanges, campaignDraft, SEGMENTS, type Campaign } from './surveys';
import m from './surveys.i18n';

export function SurveyCampaigns(props: { surveyId: number }) {
  const t = useT(m);
  const f = useFormat();
  const { me } = useSession();
  const writable = can(me, 'survey.write');
  const list = useAsync(() => api.get<ListOf<Campaign>>('/api/v1/survey-campaigns' + query({ survey_id: props.surveyId })).then((l) => l.items), [props.surveyId]);
  // Every active organisation, however many (a page of 500 at a time).
  const orgs = useAsync(() => loadAll<Organisation>('/api/v1/organisations', { active: true }), []);
  // The form open below the list: a new campaign's, or the one of the campaign with this id.
  const [open, setOpen] = useState<'new' | number | null>(null);
  const [announce, setAnnounce] = useState('');
  const section = useRef<HTMLElement>(null);
  const editing = typeof open === 'number' ? list.data?.find((c) => c.id === open) : undefined;
  // The form went away: the keyboard goes back to the button that opened it.
  const returnTo = useRef<'new' | number | null>(null);
  useEffect(() => {
    const from = returnTo.current;
    if (open !== null || from === null) return;
    returnTo.current = null;
    const root = section.current;
    (typeof from === 'number' ? root?.querySelector<HTMLElement>(`tr[data-campaign="${from}"] button.edit`) : root?.querySelector<HTMLElement>('button.new-campaign'))?.focus();
  }, [open]);
  const close = (saved: Campaign | null, message: 'campaignCreated' | 'campaignSaved') => {
    returnTo.current = open;
    setOpen(null);
    if (saved) {
      setAnnounce(t(message, { name: saved.name }));
      list.reload();
    }
  };
  const toggle = useSubmit();
  const orgName = (id: number) => orgs.data?.find((o) => o.id === id)?.name ?? `#${id}`;
  const setActive = (c: Campaign, active: boolean) =>
    void toggle.run(async () => {
      await api.patch<Campaign>(`/api/v1/survey-campaigns/${c.id}`, { version: c.version, active });
      setAnnounce(t(active ? 'resumed' : 'paused', { name: c.name }));
      list.reload();
    });
  return (
    <section className="survey-campaigns" ref={section}>
      <h2>{t('campaigns')}</h2>
      <p className="muted">{t('campaignsIntro')}</p>
      <LiveAnnouncement message={announce} />
      <FormProblem error={toggle.error} noForm onReload={list.reload} />
      <ErrorBanner error={list.error} onRetry={list.reload} />
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.length === 0 ? (
        <p className="empty">{t('campaignsEmpty')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('campaigns')}>
          <table className="data campaigns">
            <caption className="visually-hidden">{t('campaigns')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colName')}</th>
                <th scope="col">{t('organisation')}</th>
                <th scope="col">{t('colEvery')}</th>
                <th scope="col">{t('colNext')}</th>
                <th scope="col">{t('colWindow')}</th>
                <th scope="col">{t('colRound')}</th>
                <th scope="col">{t('colActive')}</th>
                {writable && (
                  <th scope="col">
                    <span className="visually-hidden">{t('colActions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id} data-campaign={c.id}>
                  <th scope="row">{c.name}</th>
                  <td>
                    {c.organisation_ids.length ? c.organisation_ids.map(orgName).join(', ') : t('allOrgs')}
                    {c.segments.length > 0 && <div className="muted">{c.segments.map((s) => t(`segment_${s as 'smb'}`)).join(', ')}</div>}
                  </td>
                  <td>{t('everyN', { n: c.every_months })}</td>
                  <td>
                    <time dateTime={c.next_run_at}>{f.dateTime(c.next_run_at)}</time>
                  </td>
                  <td>
                    {c.window_start}–{c.window_end}
                  </td>
                  <td>
                    {c.round.started_at
                      ? t('roundLine', { when: f.dateTime(c.round.started_at), sent: f.number(c.round.sent), pending: f.number(c.round.pending), skipped: f.number(c.round.skipped) })
                      : t('noRound')}
                  </td>
                  <td>
                    <ActiveBadge active={c.active} />
                  </td>
                  {writable && (
                    <td className="row-actions">
                      <button type="button" className="link edit" disabled={open !== null} onClick={() => setOpen(c.id)}>
                        {t('edit')}
                        <span className="visually-hidden"> ({c.name})</span>
                      </button>{' '}
                      <RowAction label={t(c.active ? 'pause' : 'resume')} of={c.name} disabled={toggle.busy || open === c.id} onClick={() => setActive(c, !c.active)} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {writable &&
        (open === 'new' ? (
          <CampaignForm surveyId={props.surveyId} organisations={orgs.data ?? []} onDone={(made) => close(made, 'campaignCreated')} />
        ) : editing ? (
          <CampaignForm
            key={`${editing.id}-${editing.version}`}
            surveyId={props.surveyId}
            organisations={orgs.data ?? []}
            campaign={editing}
            onReload={list.reload}
            onDone={(saved) => close(saved, 'campaignSaved')}
          />
        ) : (
          <div className="row">
            <button type="button" className="new-campaign" onClick={() => setOpen('new')}>
              {t('newCampaign')}
            </button>
          </div>
        ))}
    </section>
  );
}

// One form makes a campaign and changes one: the same fields, and for a campaign already made
// whether it is active; a change sends only what changed, with the version it started from.
function CampaignForm(props: { surveyId: number; organisations: Organisation[]; campaign?: Campaign; onReload?: () => void; onDone: (saved: Campaign | null) => void }) {
  const t = useT(m);
  const c = props.campaign ?? null;
  const [initial] = useState(() => campaignDraft(c, new Date()));
  const [d, setD] = useState(initial);
  const submit = useSubmit();
  const err = useFieldErrors(submit.error);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  // Opened by a button that stays behind: the keyboard goes to the form.
  useEffect(() => heading.current?.focus(), []);
  const save = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      if (!c) {
        props.onDone(await api.post<Campaign>('/api/v1/survey-campaigns', { survey_id: props.surveyId, ...campaignBody(d) }));
        return;
      }
      const changes = campaignChanges(initial, d);
      if (Object.keys(changes).length === 0) {
        props.onDone(null);
        return;
      }
      try {
        props.onDone(await api.patch<Campaign>(`/api/v1/survey-campaigns/${c.id}`, { ...changes, version: c.version }));
      } catch (x) {
        throw staleAsConflict(x);
      }
    });
  };
  const fields = ['name', 'organisation_ids', 'segments', 'every_months', 'next_run_at', 'window_start', 'window_end', 'weekdays_only', 'active'];
  return (
    <form className="stack campaign-form" onSubmit={save} noValidate aria-labelledby={headingId}>
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        {c ? t('editCampaign', { name: c.name }) : t('newCampaign')}
      </h3>
      <FormProblem error={submit.error} shown={fields} onReload={props.onReload} />
      <TextField label={t('campaignName')} value={d.name} maxLength={100} onChange={(e) => setD({ ...d, name: e.target.value })} error={err('name')} />
      <CheckboxGroup
        legend={t('campaignOrgs')}
        options={orgOptions(props.organisations, d.organisation_ids)}
        value={d.organisation_ids}
        onChange={(v) => setD({ ...d, organisation_ids: v })}
        error={err('organisation_ids')}
      />
      <CheckboxGroup
        legend={t('campaignSegments')}
        options={SEGMENTS.map((s) => ({ value: s, label: t(`segment_${s}`) }))}
        value={d.segments}
        onChange={(v) => setD({ ...d, segments: v })}
        error={err('segments')}
      />
      <div className="row">
        <TextField label={t('everyMonths')} type="number" min={1} max={24} value={d.every_months} onChange={(e) => setD({ ...d, every_months: e.target.value })} error={err('every_months')} />
        <TextField label={t('firstRound')} type="datetime-local" value={d.next} onChange={(e) => setD({ ...d, next: e.target.value })} error={err('next_run_at')} />
      </div>
      <div className="row">
        <TextField label={t('windowStart')} type="time" value={d.window_start} onChange={(e) => setD({ ...d, window_start: e.target.value })} error={err('window_start')} hint={t('windowHint')} />
        <TextField label={t('windowEnd')} type="time" value={d.window_end} onChange={(e) => setD({ ...d, window_end: e.target.value })} error={err('window_end')} />
      </div>
      <Checkbox label={t('weekdaysOnly')} checked={d.weekdays_only} onChange={(e) => setD({ ...d, weekdays_only: e.target.checked })} error={err('weekdays_only')} />
      {c && <Checkbox label={t('campaignActive')} checked={d.active} onChange={(e) => setD({ ...d, active: e.target.checked })} error={err('active')} />}
      <FormButtons busy={submit.busy} label={c ? t('saveCampaign') : t('createCampaign')} onCancel={() => props.onDone(null)} />
    </form>
  );
}

// The active organisations to choose from, and any the campaign names that is not among them
// (deactivated since), so saving never drops it unseen.
function orgOptions(organisations: Organisation[], chosen: string[]) {
  const options = organisations.map((o) => ({ value: String(o.id), label: o.name }));
  const missing = chosen.filter((id) => !options.some((o) => o.value === id)).map((id) => ({ value: id, label: `#${id}` }));
  return [...options, ...missing];
}

// A campaign changed by someone else since the form was opened: the server may say so with 409 as
// well as 412; both get the plain conflict message (FormProblem shows 412 that way).
function staleAsConflict(e: unknown): unknown {
  if (e instanceof ApiError && e.status === 409 && Object.keys(e.fields).length === 0) {
    return new ApiError(412, e.code, e.message);
  }
  return e;
}
