// SLA alert channels and their deliveries (catalog.write; docs/ALERTS.md): e-mail, Slack, Telegram
// and signed webhooks, each with its language, time zone, events and priorities; a test message
// on demand; and the outbox with its dead letters, which an admin can send again.
import { useState, type FormEvent } from 'react';
import { api, query } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useFormat, useT } from '../../app/i18n';
import { Link } from '../../app/router';
import type { AlertChannel, AlertKind, Delivery, ListOf, Locale, Priority } from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { ErrorBanner, Loading, useFieldErrors } from '../../ui/feedback';
import { Checkbox, SelectField, TextField } from '../../ui/forms';
import { ActiveBadge, FormButtons, FormProblem, RowAction, SuccessNotice, splitList, timeZoneOptions, useLocaleOptions, useSubmit } from '../../ui/kit';
import m from './alerts.i18n';

const KINDS: AlertKind[] = ['email', 'slack', 'telegram', 'webhook'];
const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4'];

function ChannelForm(props: { channel?: AlertChannel; onSaved: (x: AlertChannel) => void; onCancel: () => void; onReload?: () => void }) {
  const t = useT(m);
  const c = useT(common);
  const x = props.channel;
  const [name, setName] = useState(x?.name ?? '');
  const [kind, setKind] = useState<AlertKind>(x?.kind ?? 'email');
  const [url, setUrl] = useState(x?.url ?? '');
  const [secret, setSecret] = useState('');
  const [chatId, setChatId] = useState(x?.chat_id ?? '');
  const [emails, setEmails] = useState(x?.emails.join(', ') ?? '');
  const [language, setLanguage] = useState<Locale>(x?.language ?? 'en');
  const [zone, setZone] = useState(x?.time_zone ?? 'UTC');
  const [onWarning, setOnWarning] = useState(x?.on_warning ?? true);
  const [onBreach, setOnBreach] = useState(x?.on_breach ?? true);
  const [maxPriority, setMaxPriority] = useState<Priority>(x?.max_priority ?? 'P4');
  const locales = useLocaleOptions();
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      name,
      kind,
      language,
      time_zone: zone,
      on_warning: onWarning,
      on_breach: onBreach,
      max_priority: maxPriority,
      active: x?.active ?? true,
    };
    if (kind === 'email') body.emails = splitList(emails);
    if (kind !== 'email') body.url = url.trim();
    if (kind === 'telegram') body.chat_id = chatId.trim();
    if ((kind === 'telegram' || kind === 'webhook') && secret) body.secret = secret;
    void s.run(async () => {
      props.onSaved(
        x
          ? await api.put<AlertChannel>(`/api/v1/alerts/channels/${x.id}`, { ...body, version: x.version })
          : await api.post<AlertChannel>('/api/v1/alerts/channels', body),
      );
    });
  };
  const kept = x && x.kind === kind && x.secret_set ? t('secretKept') : undefined;
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FormProblem error={s.error} shown={['name', 'kind', 'url', 'secret', 'chat_id', 'emails', 'language', 'time_zone', 'on_breach', 'max_priority']} onReload={props.onReload} />
      <TextField label={t('name')} value={name} onChange={(e) => setName(e.target.value)} error={fe('name')} required maxLength={100} autoComplete="off" />
      <SelectField label={t('kind')} value={kind} onChange={(e) => setKind(e.target.value as AlertKind)} options={KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))} error={fe('kind')} />
      {kind === 'email' && (
        <TextField label={t('emails')} hint={t('emailsHint')} value={emails} onChange={(e) => setEmails(e.target.value)} error={fe('emails')} required autoComplete="off" />
      )}
      {kind !== 'email' && (
        <TextField
          label={t('url')}
          type="url"
          hint={t(kind === 'slack' ? 'urlHintSlack' : kind === 'telegram' ? 'urlHintTelegram' : 'urlHintWebhook')}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={fe('url')}
          required={kind !== 'telegram'}
          autoComplete="off"
        />
      )}
      {(kind === 'telegram' || kind === 'webhook') && (
        <TextField
          label={t(kind === 'telegram' ? 'secretTelegram' : 'secretWebhook')}
          type="password"
          hint={kept}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          error={fe('secret')}
          required={!kept}
          autoComplete="new-password"
        />
      )}
      {kind === 'telegram' && <TextField label={t('chatId')} value={chatId} onChange={(e) => setChatId(e.target.value)} error={fe('chat_id')} required autoComplete="off" />}
      <SelectField label={t('language')} value={language} onChange={(e) => setLanguage(e.target.value as Locale)} options={locales} error={fe('language')} />
      <SelectField label={t('timeZone')} value={zone} onChange={(e) => setZone(e.target.value)} options={timeZoneOptions(zone)} error={fe('time_zone')} />
      <fieldset>
        <legend>{t('events')}</legend>
        <Checkbox label={t('onWarning')} checked={onWarning} onChange={(e) => setOnWarning(e.target.checked)} />
        <Checkbox label={t('onBreach')} checked={onBreach} onChange={(e) => setOnBreach(e.target.checked)} error={fe('on_breach')} />
      </fieldset>
      <SelectField
        label={t('maxPriority')}
        value={maxPriority}
        onChange={(e) => setMaxPriority(e.target.value as Priority)}
        options={PRIORITIES.map((p) => ({ value: p, label: t('upTo', { p }) }))}
        error={fe('max_priority')}
      />
      <FormButtons busy={s.busy} label={x ? c('save') : c('create')} onCancel={props.onCancel} />
    </form>
  );
}

function target(x: AlertChannel): string {
  if (x.kind === 'email') return x.emails.join(', ');
  if (x.kind === 'telegram') return `chat ${x.chat_id}`;
  try {
    return new URL(x.url).host;  // the path of a Slack address is itself a secret
  } catch {
    return x.url;
  }
}

function Channels() {
  const t = useT(m);
  const channels = useAsync(() => api.get<ListOf<AlertChannel>>('/api/v1/alerts/channels').then((l) => l.items), []);
  const [dialog, setDialog] = useState<'new' | number | null>(null);
  const [notice, setNotice] = useState('');
  const action = useSubmit();
  const all = channels.data ?? [];
  const current = typeof dialog === 'number' ? all.find((x) => x.id === dialog) : undefined;
  const put = (x: AlertChannel) => channels.setData([...all.filter((y) => y.id !== x.id), x].sort((a, b) => a.name.localeCompare(b.name)));
  const toggle = (x: AlertChannel) =>
    void action.run(async () => {
      const { id, secret_set: _s, created_at: _c, ...rest } = x;
      put(await api.put<AlertChannel>(`/api/v1/alerts/channels/${id}`, { ...rest, active: !x.active }));
    });
  const test = (x: AlertChannel) =>
    void action.run(async () => {
      await api.post<Delivery>(`/api/v1/alerts/channels/${x.id}/test`);
      setNotice(t('testQueued', { name: x.name }));
    });
  return (
    <section aria-labelledby="alert-channels">
      <h2 id="alert-channels">{t('channels')}</h2>
      <p className="muted">{t('intro')}</p>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setDialog('new')}>
          {t('newChannel')}
        </button>
      </div>
      {notice && <SuccessNotice onDismiss={() => setNotice('')}>{notice}</SuccessNotice>}
      <FormProblem error={action.error} noForm onReload={() => { action.setError(null); channels.reload(); }} />
      <ErrorBanner error={channels.error} onRetry={channels.reload} />
      {!channels.data ? (
        channels.loading && <Loading />
      ) : all.length === 0 ? (
        <p className="empty">{t('noChannels')}</p>
      ) : (
        <div className="table-wrap">
          <table className="alert-channels">
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('kind')}</th>
                <th scope="col">{t('target')}</th>
                <th scope="col">{t('events')}</th>
                <th scope="col">{t('maxPriority')}</th>
                <th scope="col"><span className="visually-hidden">{t('edit')}</span></th>
              </tr>
            </thead>
            <tbody>
              {all.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    {x.name} <ActiveBadge active={x.active} />
                  </th>
                  <td>{t(`kind_${x.kind}`)}</td>
                  <td>{target(x)}</td>
                  <td>{[x.on_warning && t('onWarning'), x.on_breach && t('onBreach')].filter(Boolean).join(', ')}</td>
                  <td>{t('upTo', { p: x.max_priority })}</td>
                  <td className="row">
                    <RowAction label={t('edit')} of={x.name} onClick={() => setDialog(x.id)} />
                    <RowAction label={t('test')} of={x.name} onClick={() => test(x)} disabled={action.busy || !x.active} />
                    <RowAction label={x.active ? t('switchOff') : t('switchOn')} of={x.name} onClick={() => toggle(x)} disabled={action.busy} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog open={dialog === 'new'} title={t('newChannel')} onClose={() => setDialog(null)}>
        {dialog === 'new' && (
          <ChannelForm
            onCancel={() => setDialog(null)}
            onSaved={(x) => {
              put(x);
              setDialog(null);
              setNotice(t('created', { name: x.name }));
            }}
          />
        )}
      </Dialog>
      <Dialog open={!!current} title={t('editTitle', { name: current?.name ?? '' })} onClose={() => setDialog(null)}>
        {current && (
          <ChannelForm
            key={current.version}
            channel={current}
            onCancel={() => setDialog(null)}
            onReload={channels.reload}
            onSaved={(x) => {
              put(x);
              setDialog(null);
              setNotice(t('saved', { name: x.name }));
            }}
          />
        )}
      </Dialog>
    </section>
  );
}

function Deliveries() {
  const t = useT(m);
  const f = useFormat();
  const [state, setState] = useState<Delivery['state']>('dead');
  const list = useAsync(() => api.get<{ items: Delivery[] }>('/api/v1/alerts/deliveries' + query({ state, limit: 100 })).then((p) => p.items), [state]);
  const [notice, setNotice] = useState('');
  const retry = useSubmit();
  const send = (d: Delivery) =>
    void retry.run(async () => {
      await api.post(`/api/v1/alerts/deliveries/${d.id}/retry`);
      list.setData((list.data ?? []).filter((x) => x.id !== d.id));
      setNotice(t('retried', { id: d.id }));
    });
  const items = list.data ?? [];
  return (
    <section aria-labelledby="alert-deliveries">
      <h2 id="alert-deliveries">{t('deliveries')}</h2>
      <p className="muted">{t('deliveriesIntro')}</p>
      <SelectField
        label={t('state')}
        value={state}
        onChange={(e) => setState(e.target.value as Delivery['state'])}
        options={(['dead', 'pending', 'sent'] as const).map((s) => ({ value: s, label: t(`state_${s}`) }))}
      />
      {notice && <SuccessNotice onDismiss={() => setNotice('')}>{notice}</SuccessNotice>}
      <FormProblem error={retry.error} noForm onReload={list.reload} />
      <ErrorBanner error={list.error} onRetry={list.reload} />
      {!list.data ? (
        list.loading && <Loading />
      ) : items.length === 0 ? (
        <p className="empty">{t('noDeliveries')}</p>
      ) : (
        <div className="table-wrap">
          <table className="deliveries">
            <thead>
              <tr>
                <th scope="col">{t('colWhen')}</th>
                <th scope="col">{t('colChannel')}</th>
                <th scope="col">{t('colWhat')}</th>
                <th scope="col">{t('colTicket')}</th>
                <th scope="col">{t('colAttempts')}</th>
                <th scope="col">{t('colError')}</th>
                {state === 'dead' && <th scope="col"><span className="visually-hidden">{t('retry')}</span></th>}
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <time dateTime={d.created_at} title={f.full(d.created_at)}>{f.dateTime(d.created_at)}</time>
                  </td>
                  <td>{d.channel}</td>
                  <td title={d.subject}>{t(`event_${d.event.replace('.', '_') as 'sla_warning' | 'sla_breach' | 'test' | 'escalation_level'}`)}</td>
                  <td>{d.ticket_id ? <Link to={`/tickets/${d.ticket_id}`}>#{d.ticket_id}</Link> : '—'}</td>
                  <td>{d.attempts}</td>
                  <td>{d.last_error}</td>
                  {state === 'dead' && (
                    <td>
                      <RowAction label={t('retry')} of={`#${d.id}`} onClick={() => send(d)} disabled={retry.busy} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function AlertsAdmin() {
  return (
    <>
      <Channels />
      <Deliveries />
    </>
  );
}
