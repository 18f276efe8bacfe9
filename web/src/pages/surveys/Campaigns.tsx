// A survey's relational campaigns (on its results page): each with its organisations, period,
// next round, send window and how its latest round went (invited, waiting for their window,
// skipped); a form to make one; pause and resume. docs/SURVEYS.md, "Campaigns".
import { useState, type FormEvent } from 'react';
import { api, query } from '../../app/api';
import { useAsync } from '../../app/data';
import { loadAll } from '../../app/directory';
import { useFormat, useT } from '../../app/i18n';
import { can, useSession } from '../../app/session';
import type { ListOf, Organisation } from '../../model/types';
import { ErrorBanner, LiveAnnouncement, Loading, useFieldErrors } from '../../ui/feedback';
import { Checkbox, TextField } from '../../ui/forms';
import { ActiveBadge, CheckboxGroup, FormButtons, FormProblem, RowAction, useSubmit } from '../../ui/kit';
import type { Campaign } from './surveys';
import m from './surveys.i18n';

const SEGMENTS = ['smb', 'mid_market', 'enterprise'] as const;

// The next whole hour, as a datetime-local value in the browser's zone.
function nextHour(): string {
  const d = new Date(Date.now() + 3600_000);
  d.setMinutes(0, 0, 0);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:00`;
}

export function SurveyCampaigns(props: { surveyId: number }) {
  const t = useT(m);
  const f = useFormat();
  const { me } = useSession();
  const writable = can(me, 'survey.write');
  const list = useAsync(() => api.get<ListOf<Campaign>>('/api/v1/survey-campaigns' + query({ survey_id: props.surveyId })).then((l) => l.items), [props.surveyId]);
  // Every active organisation, however many (a page of 500 at a time).
  const orgs = useAsync(() => loadAll<Organisation>('/api/v1/organisations', { active: true }), []);
  const [adding, setAdding] = useState(false);
  const [announce, setAnnounce] = useState('');
  const toggle = useSubmit();
  const orgName = (id: number) => orgs.data?.find((o) => o.id === id)?.name ?? `#${id}`;
  const setActive = (c: Campaign, active: boolean) =>
    void toggle.run(async () => {
      await api.patch<Campaign>(`/api/v1/survey-campaigns/${c.id}`, { version: c.version, active });
      setAnnounce(t(active ? 'resumed' : 'paused', { name: c.name }));
      list.reload();
    });
  return (
    <section className="survey-campaigns">
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
                    <span className="visually-hidden">{t('pause')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id}>
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
                    <td>
                      <RowAction label={t(c.active ? 'pause' : 'resume')} of={c.name} disabled={toggle.busy} onClick={() => setActive(c, !c.active)} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {writable &&
        (adding ? (
          <CampaignForm
            surveyId={props.surveyId}
            organisations={orgs.data ?? []}
            onDone={(made) => {
              setAdding(false);
              if (made) {
                setAnnounce(t('campaignCreated', { name: made.name }));
                list.reload();
              }
            }}
          />
        ) : (
          <div className="row">
            <button type="button" onClick={() => setAdding(true)}>
              {t('newCampaign')}
            </button>
          </div>
        ))}
    </section>
  );
}

function CampaignForm(props: { surveyId: number; organisations: Organisation[]; onDone: (made: Campaign | null) => void }) {
  const t = useT(m);
  const [d, setD] = useState({
    name: '',
    organisation_ids: [] as string[],
    segments: [] as string[],
    every_months: '6',
    next: nextHour(),
    window_start: '09:00',
    window_end: '17:00',
    weekdays_only: true,
  });
  const submit = useSubmit();
  const err = useFieldErrors(submit.error);
  const save = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      const when = new Date(d.next);
      const made = await api.post<Campaign>('/api/v1/survey-campaigns', {
        survey_id: props.surveyId,
        name: d.name,
        organisation_ids: d.organisation_ids.map(Number),
        segments: d.segments,
        every_months: Number(d.every_months),
        next_run_at: Number.isNaN(when.getTime()) ? d.next : when.toISOString(),
        window_start: d.window_start,
        window_end: d.window_end,
        weekdays_only: d.weekdays_only,
      });
      props.onDone(made);
    });
  };
  return (
    <form className="stack campaign-form" onSubmit={save} noValidate>
      <h3>{t('newCampaign')}</h3>
      <FormProblem error={submit.error} shown={['name', 'organisation_ids', 'segments', 'every_months', 'next_run_at', 'window_start', 'window_end']} />
      <TextField label={t('campaignName')} value={d.name} maxLength={100} onChange={(e) => setD({ ...d, name: e.target.value })} error={err('name')} />
      <CheckboxGroup
        legend={t('campaignOrgs')}
        options={props.organisations.map((o) => ({ value: String(o.id), label: o.name }))}
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
      <Checkbox label={t('weekdaysOnly')} checked={d.weekdays_only} onChange={(e) => setD({ ...d, weekdays_only: e.target.checked })} />
      <FormButtons busy={submit.busy} label={t('createCampaign')} onCancel={() => props.onDone(null)} />
    </form>
  );
}
