// Monitoring channels (catalog.write; docs/MONITORING.md): the channels through which Alertmanager,
// Zabbix or a script post alerts that become incidents; making one (its key shown once, with the
// address to post to), changing one's settings, revoking one; and the alerts taken in, each with
// its incident.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, query } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync, useRefreshing, type Async } from '../../app/data';
import { directory } from '../../app/directory';
import { useFormat, useT } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import type { ListOf, MonitoringAlert, MonitoringChannel, NewMonitoringChannel, Organisation } from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { ErrorBanner, Loading, useFieldErrors } from '../../ui/feedback';
import { Checkbox, SelectField, TextField } from '../../ui/forms';
import { FormButtons, FormProblem, RowAction, SuccessNotice, YesNo, useSubmit } from '../../ui/kit';
import { OrganisationPicker } from '../agent/NewTicket';
import { alertUrl, channelForm, channelPatch, channelRequest, curlExample, newChannelForm } from './monitoring';
import m from './monitoring.i18n';

const FIELDS = ['name', 'organisation_id', 'team_id', 'resolve_on_recovery', 'rate_per_minute'];

function When(props: { at: string }) {
  const f = useFormat();
  return (
    <time dateTime={props.at} title={f.full(props.at)}>
      {f.dateTime(props.at)}
    </time>
  );
}

// Making a channel (onMade gets its one-time key) or, with `channel`, changing one (its
// organisation and key stay: shown, not editable).
function ChannelForm(props: {
  channel?: MonitoringChannel;
  onMade?: (x: NewMonitoringChannel) => void;
  onSaved?: (x: MonitoringChannel) => void;
  onCancel: () => void;
}) {
  const t = useT(m);
  const c = useT(common);
  const { channel } = props;
  const [form, setForm] = useState(() => (channel ? channelForm(channel) : newChannelForm()));
  const [org, setOrg] = useState<Organisation | null>(null);
  const teams = useAsync(() => directory.teams(), []);
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const set = (change: Partial<typeof form>) => setForm((f) => ({ ...f, ...change }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      if (channel) {
        props.onSaved?.(await api.patch<MonitoringChannel>(`/api/v1/monitoring/channels/${channel.id}`, channelPatch(form)));
      } else {
        props.onMade?.(await api.post<NewMonitoringChannel>('/api/v1/monitoring/channels', channelRequest({ ...form, organisationId: org?.id ?? null })));
      }
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FormProblem error={s.error} shown={FIELDS} />
      <TextField label={t('name')} value={form.name} onChange={(e) => set({ name: e.target.value })} error={fe('name')} required maxLength={100} autoComplete="off" />
      {channel ? (
        <p>
          {t('organisation')}: <strong>{channel.organisation_name}</strong> <span className="muted">({t('organisationStays')})</span>
        </p>
      ) : (
        <OrganisationPicker value={org} onChange={setOrg} error={fe('organisation_id')} />
      )}
      <SelectField
        label={t('team')}
        hint={t('teamHint')}
        value={form.teamId}
        onChange={(e) => set({ teamId: e.target.value })}
        options={[{ value: '', label: t('usualRouting') }, ...(teams.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))]}
        error={fe('team_id')}
      />
      <Checkbox
        label={t('resolveOnRecovery')}
        hint={t('resolveOnRecoveryHint')}
        checked={form.resolveOnRecovery}
        onChange={(e) => set({ resolveOnRecovery: e.target.checked })}
        error={fe('resolve_on_recovery')}
      />
      <TextField
        label={t('rate')}
        hint={t('rateHint')}
        type="number"
        min={1}
        max={10000}
        step={1}
        inputMode="numeric"
        value={form.rate}
        onChange={(e) => set({ rate: e.target.value })}
        error={fe('rate_per_minute')}
      />
      <FormButtons busy={s.busy} label={channel ? c('save') : c('create')} onCancel={props.onCancel} />
    </form>
  );
}

// A value to copy (the address, the key): read-only, selected on focus, with its own Copy button
// and a status saying whether it worked.
export function CopyField(props: { label: string; copyLabel: string; value: string; multiline?: boolean }) {
  const t = useT(m);
  const id = useId();
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setSaid(t('copied'));
    } catch {
      // No clipboard access (an address that is not a secure context, a refused permission):
      // select the text so that the reader's own copy takes it.
      const input = document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null;
      input?.focus();
      input?.select();
      setSaid(document.execCommand?.('copy') ? t('copied') : t('copyFailed'));
    }
  };
  const select = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => e.currentTarget.select();
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{props.label}</label>
      <div className="row">
        {props.multiline ? (
          <textarea id={id} readOnly value={props.value} rows={props.value.split('\n').length} spellCheck={false} onFocus={select} />
        ) : (
          <input id={id} readOnly value={props.value} spellCheck={false} autoComplete="off" onFocus={select} />
        )}
        <button type="button" onClick={() => void copy()}>
          {props.copyLabel}
        </button>
      </div>
      <div className="hint" role="status">
        {said}
      </div>
    </div>
  );
}

// The key of a channel just made: shown here once, until the admin says it is copied.
function OneTimeKey(props: { channel: NewMonitoringChannel; onDone: () => void }) {
  const t = useT(m);
  const x = props.channel;
  const url = alertUrl(window.location.origin, x.alerts_path);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="one-time-key" aria-labelledby={headingId}>
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        {t('oneTimeTitle', { name: x.name })}
      </h3>
      <p>
        <strong>{t('oneTimeText')}</strong>
      </p>
      <CopyField label={t('alertUrl')} copyLabel={t('copyUrl')} value={url} />
      <CopyField label={t('key')} copyLabel={t('copyKey')} value={x.key} />
      <p>{t('tryIt', { organisation: x.organisation_name })}</p>
      {/* Focusable: a keyboard can scroll a long line into view. */}
      <pre className="curl" tabIndex={0}>
        {curlExample(url, t('curlTitle'))}
      </pre>
      <div className="row">
        <button type="button" className="primary" onClick={props.onDone}>
          {t('copiedIt')}
        </button>
      </div>
    </section>
  );
}

function StateBadge(props: { channel: MonitoringChannel }) {
  const t = useT(m);
  const f = useFormat();
  const x = props.channel;
  if (!x.revoked_at) return <span className="badge channel-active">{t('active')}</span>;
  return (
    <span className="badge channel-revoked" title={f.full(x.revoked_at)}>
      {t('revokedAt', { when: f.dateTime(x.revoked_at) })}
    </span>
  );
}

function Channels(props: { channels: Async<MonitoringChannel[]> }) {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const { channels } = props;
  const [creating, setCreating] = useState(false);
  const [made, setMade] = useState<NewMonitoringChannel | null>(null);
  const [editing, setEditing] = useState<MonitoringChannel | null>(null);
  const [revoking, setRevoking] = useState<MonitoringChannel | null>(null);
  const [notice, setNotice] = useState('');
  const revoke = useSubmit();
  const all = channels.data ?? [];
  const confirmRevoke = (x: MonitoringChannel) =>
    void revoke.run(async () => {
      await api.post(`/api/v1/monitoring/channels/${x.id}/revoke`);
      setRevoking(null);
      setNotice(t('revokedNotice', { name: x.name }));
      channels.reload();
    });
  return (
    <section aria-labelledby="monitoring-channels">
      <h2 id="monitoring-channels">{t('channels')}</h2>
      <p className="muted">{t('intro')}</p>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('newChannel')}
        </button>
      </div>
      {made && <OneTimeKey channel={made} onDone={() => setMade(null)} />}
      {notice && <SuccessNotice onDismiss={() => setNotice('')}>{notice}</SuccessNotice>}
      <ErrorBanner error={channels.error} onRetry={channels.reload} />
      {!channels.data ? (
        channels.loading && <Loading />
      ) : all.length === 0 ? (
        <p className="empty">{t('noChannels')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data monitoring-channels">
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('organisation')}</th>
                <th scope="col">{t('team')}</th>
                <th scope="col">{t('keyHint')}</th>
                <th scope="col">{t('resolvesShort')}</th>
                <th scope="col">{t('rateShort')}</th>
                <th scope="col">{t('created')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {all.map((x) => (
                <tr key={x.id} className={x.revoked_at ? 'revoked' : undefined}>
                  <th scope="row">{x.name}</th>
                  <td>
                    <Link to={`/organisations/${x.organisation_id}`}>{x.organisation_name}</Link>
                  </td>
                  <td>{x.team_id ? x.team_name : <span className="muted">{t('usualRouting')}</span>}</td>
                  <td>
                    <code>{x.key_hint}</code>
                  </td>
                  <td>
                    <YesNo value={x.resolve_on_recovery} />
                  </td>
                  <td>{f.number(x.rate_per_minute)}</td>
                  <td>
                    <When at={x.created_at} />
                  </td>
                  <td>
                    <StateBadge channel={x} />
                  </td>
                  <td className="row">
                    <Link to={'/admin/monitoring' + query({ channel: x.id })}>
                      {t('showAlerts')}
                      <span className="visually-hidden"> ({x.name})</span>
                    </Link>
                    <RowAction label={c('edit')} of={x.name} onClick={() => setEditing(x)} />
                    {!x.revoked_at && <RowAction label={t('revoke')} of={x.name} danger onClick={() => setRevoking(x)} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog open={creating} title={t('newChannel')} onClose={() => setCreating(false)}>
        {creating && (
          <ChannelForm
            onCancel={() => setCreating(false)}
            onMade={(x) => {
              const { key: _k, alerts_path: _p, ...listed } = x;
              channels.setData([listed, ...all.filter((y) => y.id !== x.id)]);
              setCreating(false);
              setNotice('');
              setMade(x);
            }}
          />
        )}
      </Dialog>
      <Dialog open={!!editing} title={t('editTitle', { name: editing?.name ?? '' })} onClose={() => setEditing(null)}>
        {editing && (
          <ChannelForm
            channel={editing}
            onCancel={() => setEditing(null)}
            onSaved={(x) => {
              channels.setData(all.map((y) => (y.id === x.id ? x : y)));
              setEditing(null);
              setNotice(t('savedNotice', { name: x.name }));
            }}
          />
        )}
      </Dialog>
      <Dialog
        open={!!revoking}
        title={t('revokeTitle', { name: revoking?.name ?? '' })}
        onClose={() => {
          setRevoking(null);
          revoke.setError(null);
        }}
      >
        {revoking && (
          <div className="stack">
            <FormProblem error={revoke.error} noForm />
            <p>{t('revokeText')}</p>
            <div className="row">
              <button type="button" className="danger" disabled={revoke.busy} aria-busy={revoke.busy} onClick={() => confirmRevoke(revoking)}>
                {t('revokeConfirm')}
              </button>
              <button type="button" onClick={() => setRevoking(null)}>
                {c('cancel')}
              </button>
            </div>
          </div>
        )}
      </Dialog>
    </section>
  );
}

function Alerts(props: { channels: MonitoringChannel[] }) {
  const t = useT(m);
  const f = useFormat();
  const { search } = useLocation();
  const chosen = /^\d+$/.test(search.get('channel') ?? '') ? Number(search.get('channel')) : 0;
  const list = useRefreshing(
    () => api.get<ListOf<MonitoringAlert>>('/api/v1/monitoring/alerts' + query({ channel_id: chosen || undefined, limit: 200 })).then((l) => l.items),
    [chosen],
  );
  const channelName = (id: number) => props.channels.find((x) => x.id === id)?.name ?? `#${id}`;
  // The list may still be of the channel chosen before; show it only once it is of this one.
  const items = (list.data ?? []).filter((a) => !chosen || a.channel_id === chosen);
  return (
    <section aria-labelledby="monitoring-alerts">
      <h2 id="monitoring-alerts">{t('alerts')}</h2>
      <p className="muted">{t('alertsIntro')}</p>
      <div className="toolbar">
        <SelectField
          label={t('channelFilter')}
          value={String(chosen || '')}
          onChange={(e) => navigate('/admin/monitoring' + query({ channel: e.target.value || undefined }), { replace: true })}
          options={[
            { value: '', label: t('allChannels') },
            ...props.channels.map((x) => ({ value: String(x.id), label: x.revoked_at ? `${x.name} (${t('revoked')})` : x.name })),
          ]}
        />
        <button type="button" onClick={list.reload}>
          {t('refresh')}
        </button>
      </div>
      {!list.data && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {!list.data ? (
        !list.error && <Loading />
      ) : items.length === 0 ? (
        <p className="empty">{t('noAlerts')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data monitoring-alerts">
            <thead>
              <tr>
                <th scope="col">{t('colTitle')}</th>
                {!chosen && <th scope="col">{t('colChannel')}</th>}
                <th scope="col">{t('colState')}</th>
                <th scope="col">{t('colNotifications')}</th>
                <th scope="col">{t('colFirst')}</th>
                <th scope="col">{t('colLast')}</th>
                <th scope="col">{t('colTicket')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <th scope="row" title={a.fingerprint}>
                    {a.title}
                  </th>
                  {!chosen && <td>{channelName(a.channel_id)}</td>}
                  <td>
                    <span className={`badge alert-${a.state}`}>{t(`state_${a.state}`)}</span>
                  </td>
                  <td>{f.number(a.notifications)}</td>
                  <td>
                    <When at={a.first_at} />
                  </td>
                  <td>
                    <When at={a.last_at} />
                  </td>
                  <td>
                    <Link to={`/tickets/${a.ticket_id}`} aria-label={t('ticketLink', { id: a.ticket_id })}>
                      #{a.ticket_id}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function MonitoringAdmin() {
  const channels = useAsync(() => api.get<ListOf<MonitoringChannel>>('/api/v1/monitoring/channels').then((l) => l.items), []);
  return (
    <>
      <Channels channels={channels} />
      <Alerts channels={channels.data ?? []} />
    </>
  );
}
