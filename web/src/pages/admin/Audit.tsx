// The audit log (GET /api/v1/audit; docs/CONTRACTS.md): who changed calendars, SLA policies and
// contracts, and when, newest first, a page at a time. Administrators see everything; those who
// may read contracts (managers, CSMs, directors) see the contracts' entries. Filters stay in the
// address bar, so an object's history has a link (calendar and policy pages link here).
import { useEffect, useState, type FormEvent } from 'react';
import { api, query } from '../../app/api';
import { useFormat, useT } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { can, useSession } from '../../app/session';
import { ErrorBanner, Loading } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/forms';
import { ShowMore, usePaged } from '../../ui/kit';
import type { Author } from './calendar';
import m from './audit.i18n';

type Kind = 'calendar' | 'sla_policy' | 'contract';
const KINDS: Kind[] = ['calendar', 'sla_policy', 'contract'];

interface AuditEntry {
  id: number;
  at: string;
  actor: Author;
  action: string;
  object_kind: Kind;
  object_id: number | null;
  detail: string;
}

function ObjectRef(props: { kind: Kind; id: number | null }) {
  const t = useT(m);
  if (props.id === null) return <>{t(`kind_${props.kind}`)}</>;
  const label = t(`object_${props.kind}`, { id: props.id });
  if (props.kind === 'calendar') return <Link to={`/admin/calendars/${props.id}`}>{label}</Link>;
  if (props.kind === 'sla_policy') return <Link to={`/admin/sla-policies/${props.id}`}>{label}</Link>;
  return <>{label}</>;
}

export function AuditAdmin() {
  const t = useT(m);
  const f = useFormat();
  const { me } = useSession();
  const { search } = useLocation();
  const admin = can(me, 'catalog.write');
  const requested = search.get('object_kind') ?? '';
  const kind = admin ? (KINDS.includes(requested as Kind) ? requested : '') : 'contract';
  const id = /^\d+$/.test(search.get('object_id') ?? '') ? search.get('object_id')! : '';
  const [form, setForm] = useState({ kind, id });
  useEffect(() => setForm({ kind, id }), [kind, id]);
  const entries = usePaged<AuditEntry, number>(
    (before) =>
      api
        .get<{ items: AuditEntry[]; next_before: number | null }>('/api/v1/audit' + query({ object_kind: kind, object_id: id, limit: 50, before }))
        .then((p) => ({ items: p.items, next: p.next_before })),
    [kind, id],
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate('/admin/audit' + query({ object_kind: form.kind, object_id: form.id.trim() }), { replace: true });
  };
  const action = (a: string) => {
    const key = `action_${a}` as 'action_calendar.create';
    const text = t(key);
    return text === key ? a : text;
  };
  return (
    <>
      <p>{t('intro')}</p>
      {!admin && <p className="muted">{t('contractsOnly')}</p>}
      <form role="search" aria-label={t('filter')} className="row wrap toolbar" onSubmit={submit}>
        <SelectField
          label={t('kind')}
          value={form.kind}
          disabled={!admin}
          options={[{ value: '', label: t('kind_all') }, ...KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) }))].filter((o) => admin || o.value === 'contract')}
          onChange={(e) => setForm({ ...form, kind: e.target.value })}
        />
        <TextField label={t('objectId')} hint={t('objectIdHint')} inputMode="numeric" size={8} value={form.id} onChange={(e) => setForm({ ...form, id: e.target.value })} />
        <button type="submit">{t('show')}</button>
      </form>
      <ErrorBanner error={entries.error} onRetry={entries.reload} />
      {!entries.loaded ? (
        entries.loading && <Loading />
      ) : entries.items.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <div className="table-wrap" aria-busy={entries.loading}>
          <table className="data audit">
            <caption>{t('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colWhen')}</th>
                <th scope="col">{t('colWho')}</th>
                <th scope="col">{t('colWhat')}</th>
                <th scope="col">{t('colObject')}</th>
                <th scope="col">{t('colDetail')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.items.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.at} title={f.full(e.at)}>
                      {f.dateTime(e.at)}
                    </time>
                  </td>
                  <td>{e.actor.kind === 'system' ? t('farol') : e.actor.name}</td>
                  <td>{action(e.action)}</td>
                  <td>
                    <ObjectRef kind={e.object_kind} id={e.object_id} />
                  </td>
                  <td>{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ShowMore paged={entries} />
    </>
  );
}
