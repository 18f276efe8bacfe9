// Who hears about survey answers (/surveys/alerts): routes from a team's tickets (or every team's)
// to an SLA alert channel, each ticking which answers it carries — unhappy, neutral, happy — and
// the follow-ups past their deadline. Saved all at once (PUT /api/v1/survey-alert-routes).
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import { useAsync } from '../../app/data';
import { directory } from '../../app/directory';
import { useT } from '../../app/i18n';
import { Link } from '../../app/router';
import { can, useSession } from '../../app/session';
import type { Team } from '../../model/types';
import { ErrorBanner, Loading, Notice, useFieldErrors } from '../../ui/feedback';
import { Checkbox, SelectField } from '../../ui/forms';
import { FormButtons, FormProblem, RowAction, useSubmit } from '../../ui/kit';
import type { AlertRoute, RouteChannel } from './surveys';

interface RoutesView {
  items: AlertRoute[];
  channels: RouteChannel[];
}
import m from './surveys.i18n';

const FLAGS = [
  ['on_negative', 'onNegative'],
  ['on_neutral', 'onNeutral'],
  ['on_positive', 'onPositive'],
  ['on_overdue', 'onOverdue'],
] as const;

export function SurveyAlertsPage() {
  const t = useT(m);
  const data = useAsync(() => Promise.all([api.get<RoutesView>('/api/v1/survey-alert-routes'), directory.teams()]), []);
  return (
    <article className="stack survey-alerts">
      <h1>{t('routesTitle')}</h1>
      <Link to="/surveys">{t('title')}</Link>
      <p>{t('routesIntro')}</p>
      <ErrorBanner error={data.error} onRetry={data.reload} />
      {!data.data ? !data.error && <Loading /> : <RoutesForm routes={data.data[0].items} channels={data.data[0].channels} teams={data.data[1]} onReload={data.reload} />}
    </article>
  );
}

function RoutesForm(props: { routes: AlertRoute[]; channels: RouteChannel[]; teams: Team[]; onReload: () => void }) {
  const t = useT(m);
  const { me } = useSession();
  const [routes, setRoutes] = useState(props.routes);
  const [announce, setAnnounce] = useState('');
  const submit = useSubmit();
  const err = useFieldErrors(submit.error);
  useEffect(() => setRoutes(props.routes), [props.routes]);
  const writable = can(me, 'survey.write');
  const channelName = (id: number) => props.channels.find((c) => c.id === id)?.name ?? `#${id}`;
  const set = (i: number, patch: Partial<AlertRoute>) => setRoutes(routes.map((r, j) => (i === j ? { ...r, ...patch } : r)));
  const save = (e: FormEvent) => {
    e.preventDefault();
    setAnnounce('');
    void submit.run(async () => {
      const saved = await api.put<RoutesView>('/api/v1/survey-alert-routes', { items: routes });
      setRoutes(saved.items);
      setAnnounce(t('routesSaved'));
    });
  };
  if (props.channels.length === 0 && routes.length === 0) return <p className="empty">{t('noChannels')}</p>;
  const teamOptions = [{ value: '', label: t('everyTeam') }, ...props.teams.map((x) => ({ value: String(x.id), label: x.name }))];
  const channelOptions = props.channels.map((c) => ({ value: String(c.id), label: `${c.name} (${c.kind})` }));
  return (
    <form className="stack" onSubmit={save}>
      {announce && <Notice kind="success">{announce}</Notice>}
      <FormProblem error={submit.error} shown={routes.flatMap((_, i) => ['channel_id', 'team_id', 'on_negative'].map((k) => `items[${i}].${k}`))} />
      {routes.length === 0 && <p className="empty">{t('routesEmpty')}</p>}
      {routes.map((r, i) => (
        <fieldset key={i} className="route" disabled={!writable}>
          <legend>{t('route', { n: i + 1 })}</legend>
          <div className="row">
            <SelectField
              label={t('team')}
              value={r.team_id ? String(r.team_id) : ''}
              options={teamOptions}
              onChange={(e) => set(i, { team_id: e.target.value ? Number(e.target.value) : null })}
              error={err(`items[${i}].team_id`)}
            />
            <SelectField
              label={t('channel')}
              value={String(r.channel_id)}
              options={channelOptions.some((o) => o.value === String(r.channel_id)) ? channelOptions : [...channelOptions, { value: String(r.channel_id), label: channelName(r.channel_id) }]}
              onChange={(e) => set(i, { channel_id: Number(e.target.value) })}
              error={err(`items[${i}].channel_id`)}
            />
          </div>
          <div className="row">
            {FLAGS.map(([key, label]) => (
              <Checkbox key={key} label={t(label)} checked={r[key]} onChange={(e) => set(i, { [key]: e.target.checked })} />
            ))}
          </div>
          {err(`items[${i}].on_negative`) && <p className="field-error">{err(`items[${i}].on_negative`)}</p>}
          {writable && <RowAction label={t('removeRoute', { n: i + 1 })} of={channelName(r.channel_id)} danger onClick={() => setRoutes(routes.filter((_, j) => j !== i))} />}
        </fieldset>
      ))}
      {writable && (
        <>
          {props.channels.length > 0 && (
            <div className="row">
              <button
                type="button"
                onClick={() => setRoutes([...routes, { team_id: null, channel_id: props.channels[0].id, on_negative: true, on_neutral: false, on_positive: false, on_overdue: true }])}
              >
                {t('addRoute')}
              </button>
            </div>
          )}
          <FormButtons busy={submit.busy} label={t('saveRoutes')} />
        </>
      )}
    </form>
  );
}
