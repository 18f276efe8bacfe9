// Chat widgets (catalog.write; docs/CHAT.md): each puts a chat button on one organisation's web
// site. The key is public, so it is shown with the snippet to paste, always; revoking stops it.
import { useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import { useAsync } from '../../app/data';
import { directory } from '../../app/directory';
import { useT } from '../../app/i18n';
import type { ChatWidget, ListOf, Organisation } from '../../model/types';
import { ErrorBanner, Loading, useFieldErrors } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/forms';
import { FormButtons, FormProblem, RowAction, useSubmit } from '../../ui/kit';
import { OrganisationPicker } from '../agent/NewTicket';
import { embedSnippet } from '../chat/chat';
import m from '../chat/chat.i18n';
import { CopyField } from './Monitoring';

function WidgetForm(props: { onMade: () => void; onCancel: () => void }) {
  const t = useT(m);
  const [name, setName] = useState('');
  const [team, setTeam] = useState('');
  const [rate, setRate] = useState('30');
  const [org, setOrg] = useState<Organisation | null>(null);
  const teams = useAsync(() => directory.teams(), []);
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      await api.post<ChatWidget>('/api/v1/chat/widgets', {
        name,
        organisation_id: org?.id ?? 0,
        team_id: team ? Number(team) : null,
        rate_per_minute: Number(rate) || 0,
      });
      props.onMade();
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FormProblem error={s.error} shown={['name', 'organisation_id', 'team_id', 'rate_per_minute']} />
      <TextField label={t('widgetName')} value={name} onChange={(e) => setName(e.target.value)} error={fe('name')} required maxLength={100} />
      <OrganisationPicker value={org} onChange={setOrg} error={fe('organisation_id')} />
      <SelectField
        label={t('widgetTeam')}
        value={team}
        onChange={(e) => setTeam(e.target.value)}
        options={[{ value: '', label: t('usualRouting') }, ...(teams.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))]}
        error={fe('team_id')}
      />
      <TextField label={t('widgetRate')} hint={t('widgetRateHint')} type="number" min={1} max={10000} value={rate} onChange={(e) => setRate(e.target.value)} error={fe('rate_per_minute')} />
      <FormButtons busy={s.busy} label={t('create')} onCancel={props.onCancel} />
    </form>
  );
}

export function ChatWidgetsAdmin() {
  const t = useT(m);
  const list = useAsync(() => api.get<ListOf<ChatWidget>>('/api/v1/chat/widgets'), []);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const revoke = async (w: ChatWidget) => {
    if (!window.confirm(t('confirmRevoke', { name: w.name }))) return;
    setError(null);
    try {
      await api.post(`/api/v1/chat/widgets/${w.id}/revoke`);
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  const widgets = list.data?.items ?? [];
  return (
    <div className="stack">
      <p>{t('widgetsIntro')}</p>
      {error ? <ErrorBanner error={error} /> : null}
      {adding ? (
        <WidgetForm
          onMade={() => {
            setAdding(false);
            list.reload();
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <p>
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            {t('newWidget')}
          </button>
        </p>
      )}
      {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
      {!list.data ? (
        <Loading />
      ) : widgets.length === 0 ? (
        <p className="muted">{t('noWidgets')}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t('widgetsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('colName')}</th>
              <th scope="col">{t('colOrganisation')}</th>
              <th scope="col">{t('colKey')}</th>
              <th scope="col">{t('colState')}</th>
            </tr>
          </thead>
          <tbody>
            {widgets.map((w) => (
              <tr key={w.id}>
                <td>{w.name}</td>
                <td>{w.organisation_name}</td>
                <td>
                  {w.revoked_at ? (
                    <code>{w.key}</code>
                  ) : (
                    <CopyField label={t('snippet')} copyLabel={t('copySnippet')} value={embedSnippet(window.location.origin, w.key)} multiline />
                  )}
                </td>
                <td>{w.revoked_at ? t('revoked') : <RowAction label={t('revoke')} of={w.name} danger onClick={() => void revoke(w)} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
