// Customers' contracts (docs/CONTRACTS.md): the section of an organisation's page (its contracts,
// the form that creates and changes one, the SLA thermometer) and the list of every contract,
// sortable by renewal date. contract.read (managers, CSMs, directors, admins) reads them;
// contract.write (CSMs, admins) changes them.
import { useId, useState, type FormEvent } from 'react';
import { api, query } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { loadAll } from '../../app/directory';
import { useLocale, useT } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { can, useSession } from '../../app/session';
import { TICKET_TYPES, type ListOf, type Organisation, type TicketType } from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { usePlacedErrors } from '../../ui/fieldPlaces';
import { ErrorBanner, Loading } from '../../ui/feedback';
import { SelectField, TextArea, TextField } from '../../ui/forms';
import { FormButtons, FormProblem, RowAction, SuccessNotice, useSubmit } from '../../ui/kit';
import tickets from '../../ui/tickets.i18n';
import { AuditLink } from '../admin/AdminParts';
import {
  COMPLIANCE_CLOCKS,
  contractFromForm,
  contractState,
  contractToForm,
  currencyDecimals,
  formatCivilDate,
  formatMoney,
  moneyToInput,
  newContractForm,
  placeContractField,
  today,
  type ComplianceClock,
  type Contract,
  type ContractForm,
} from './contracts';
import m from './contracts.i18n';
import { Thermometer } from './Thermometer';

// The names a contract refers to: its SLA policy and calendar.
interface Names {
  policies: Array<{ id: number; name: string }>;
  calendars: Array<{ id: number; name: string }>;
}

function useNames(): Names {
  const policies = useAsync(() => api.get<ListOf<{ id: number; name: string }>>('/api/v1/sla/policies').then((l) => l.items), []);
  const calendars = useAsync(() => api.get<ListOf<{ id: number; name: string }>>('/api/v1/calendars').then((l) => l.items), []);
  return { policies: policies.data ?? [], calendars: calendars.data ?? [] };
}

const nameOf = (list: Array<{ id: number; name: string }>, id: number) => list.find((x) => x.id === id)?.name ?? `#${id}`;

export function ContractStateBadge(props: { contract: Contract }) {
  const t = useT(m);
  const state = contractState(props.contract, Date.now());
  return <span className={`badge contract-${state}`}>{t(`state_${state}`)}</span>;
}

export function useContractText() {
  const t = useT(m);
  const { locale } = useLocale();
  return {
    period: (c: Contract) =>
      c.ends_on
        ? t('fromTo', { from: formatCivilDate(c.starts_on, locale), to: formatCivilDate(c.ends_on, locale) })
        : t('openEnded', { from: formatCivilDate(c.starts_on, locale) }),
    value: (c: Contract) => formatMoney(c.monthly_value_minor, c.currency, c.currency_decimals, locale),
    date: (d: string | null) => formatCivilDate(d, locale),
  };
}

type Order = 'asc' | 'desc';

function ContractsTable(props: {
  contracts: Contract[];
  caption: string;
  names: Names;
  organisation?: (id: number) => string;
  order?: Order;
  onOrder?: (o: Order) => void;
  onEdit?: (c: Contract) => void;
}) {
  const t = useT(m);
  const tt = useT(tickets);
  const c = useT(common);
  const text = useContractText();
  const order = props.order;
  const renewal = t('renewal');
  return (
    <div className="table-wrap">
      <table className="data contracts">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.organisation && <th scope="col">{t('organisation')}</th>}
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('period')}</th>
            <th scope="col">{t('state')}</th>
            <th scope="col" aria-sort={order ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
              {order && props.onOrder ? (
                <button type="button" className="sort" onClick={() => props.onOrder!(order === 'asc' ? 'desc' : 'asc')}>
                  {renewal}
                  <span aria-hidden="true" className="sort-mark">
                    {order === 'asc' ? '▲' : '▼'}
                  </span>
                  <span className="visually-hidden">, {tt(order === 'asc' ? 'sortedAsc' : 'sortedDesc')}</span>
                </button>
              ) : (
                renewal
              )}
            </th>
            <th scope="col">{t('value')}</th>
            <th scope="col">{t('policy')}</th>
            <th scope="col">{t('calendar')}</th>
            {props.onEdit && (
              <th scope="col">
                <span className="visually-hidden">{t('edit')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {props.contracts.map((x) => (
            <tr key={x.id}>
              {props.organisation && (
                <td>
                  <Link to={`/organisations/${x.organisation_id}`}>{props.organisation(x.organisation_id)}</Link>
                </td>
              )}
              <th scope="row">{x.name}</th>
              <td>{text.period(x)}</td>
              <td>
                <ContractStateBadge contract={x} />
              </td>
              <td>{x.renewal_on ? text.date(x.renewal_on) : <span className="muted">{c('none')}</span>}</td>
              <td className="num nowrap">{text.value(x)}</td>
              <td>{nameOf(props.names.policies, x.policy_id)}</td>
              <td>{x.calendar_id ? nameOf(props.names.calendars, x.calendar_id) : <span className="muted">{t('policyCalendar')}</span>}</td>
              {props.onEdit && (
                <td>
                  <RowAction label={t('edit')} of={x.name} onClick={() => props.onEdit!(x)} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ContractFormView(props: {
  organisationId: number;
  contract?: Contract;
  names: Names;
  onSaved: (c: Contract) => void;
  onCancel: () => void;
  onReload?: () => void;
}) {
  const t = useT(m);
  const c = useT(common);
  const { locale, timeZone } = useLocale();
  const x = props.contract;
  const [form, setForm] = useState<ContractForm>(() => (x ? contractToForm(x, locale) : newContractForm(today(Date.now(), timeZone))));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [rows, setRows] = useState<number[]>([]);
  const s = useSubmit();
  const errors = usePlacedErrors(s.error, (field) => placeContractField(field, rows), problems);
  const set = (patch: Partial<ContractForm>) => setForm({ ...form, ...patch });
  const decimals = currencyDecimals(form.currency);
  const example = moneyToInput(12500 * 10 ** decimals, decimals, locale);
  const setRow = (i: number, patch: Partial<ContractForm['targets'][number]>) => set({ targets: form.targets.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const read = contractFromForm(form, props.organisationId, locale);
    if ('problems' in read) {
      setProblems(Object.fromEntries(Object.entries(read.problems).map(([k, v]) => [k, t(`problem_${v}`, { example })])));
      return;
    }
    setProblems({});
    setRows(read.rows);
    void s.run(async () => {
      props.onSaved(
        x
          ? await api.put<Contract>(`/api/v1/contracts/${x.id}`, { ...read.contract, version: x.version })
          : await api.post<Contract>('/api/v1/contracts', read.contract),
      );
    });
  };
  const policyOptions = props.names.policies.map((p) => ({ value: String(p.id), label: p.name }));
  const calendarOptions = [{ value: '', label: t('policyCalendar') }, ...props.names.calendars.map((p) => ({ value: String(p.id), label: p.name }))];
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FormProblem error={s.error} shown={errors.shown} onReload={props.onReload} />
      <TextField label={t('name')} value={form.name} required maxLength={100} onChange={(e) => set({ name: e.target.value })} error={errors.at('name')} />
      <div className="row wrap">
        <TextField label={t('startsOn')} type="date" required value={form.startsOn} onChange={(e) => set({ startsOn: e.target.value })} error={errors.at('startsOn')} />
        <TextField label={t('endsOn')} type="date" hint={t('endsOnHint')} value={form.endsOn} onChange={(e) => set({ endsOn: e.target.value })} error={errors.at('endsOn')} />
      </div>
      <TextField label={t('renewalOn')} type="date" value={form.renewalOn} onChange={(e) => set({ renewalOn: e.target.value })} error={errors.at('renewalOn')} />
      <div className="row wrap">
        <TextField label={t('value')} hint={t('valueHint', { example })} inputMode="decimal" value={form.value} onChange={(e) => set({ value: e.target.value })} error={errors.at('value')} />
        <TextField
          label={t('currency')}
          hint={t('currencyHint')}
          size={5}
          maxLength={3}
          value={form.currency}
          onChange={(e) => set({ currency: e.target.value.toUpperCase() })}
          error={errors.at('currency')}
        />
      </div>
      <SelectField label={t('policy')} value={form.policyId} options={policyOptions} onChange={(e) => set({ policyId: e.target.value })} error={errors.at('policyId')} />
      <SelectField label={t('calendar')} value={form.calendarId} options={calendarOptions} onChange={(e) => set({ calendarId: e.target.value })} error={errors.at('calendarId')} />
      <fieldset className="stack">
        <legend>{t('compliance')}</legend>
        <p className="muted">{t('complianceHint')}</p>
        {errors.at('targets') && <span className="field-error">{errors.at('targets')}</span>}
        {form.targets.map((r, i) => (
          <div key={i} className="row wrap compliance-row">
            <SelectField
              label={t('targetType', { n: i + 1 })}
              value={r.type}
              options={TICKET_TYPES.map((x) => ({ value: x, label: c(`type_${x}`) }))}
              onChange={(e) => setRow(i, { type: e.target.value as TicketType })}
            />
            <SelectField
              label={t('targetClock', { n: i + 1 })}
              value={r.clock}
              options={COMPLIANCE_CLOCKS.map((x) => ({ value: x, label: t(`clock_${x}`) }))}
              onChange={(e) => setRow(i, { clock: e.target.value as ComplianceClock })}
            />
            <TextField
              label={t('targetPercent', { n: i + 1 })}
              inputMode="decimal"
              size={7}
              value={r.percent}
              onChange={(e) => setRow(i, { percent: e.target.value })}
              error={errors.at(`targets.${i}`)}
            />
            <button type="button" className="link" onClick={() => set({ targets: form.targets.filter((_, j) => j !== i) })}>
              {t('removeTarget', { n: i + 1 })}
            </button>
          </div>
        ))}
        <div className="row">
          <button type="button" onClick={() => set({ targets: [...form.targets, { type: 'incident', clock: 'resolution', percent: '' }] })}>
            {t('addTarget')}
          </button>
        </div>
      </fieldset>
      <TextArea label={t('notes')} rows={3} value={form.notes} onChange={(e) => set({ notes: e.target.value })} error={errors.at('notes')} />
      <FormButtons busy={s.busy} label={x ? c('save') : c('create')} onCancel={props.onCancel} />
    </form>
  );
}

// The Contracts section of an organisation's page, with its SLA thermometer.
export function ContractsSection(props: { org: Organisation }) {
  const t = useT(m);
  const headingId = useId();
  const { me } = useSession();
  const names = useNames();
  const list = useAsync(
    () => api.get<ListOf<Contract>>('/api/v1/contracts' + query({ organisation_id: props.org.id })).then((l) => l.items),
    [props.org.id],
  );
  const [dialog, setDialog] = useState<'new' | number | null>(null);
  const [notice, setNotice] = useState('');
  const canWrite = can(me, 'contract.write');
  const items = list.data ?? [];
  const editing = typeof dialog === 'number' ? items.find((x) => x.id === dialog) : undefined;
  const saved = (x: Contract, text: string) => {
    list.setData([...items.filter((y) => y.id !== x.id), x].sort((a, b) => a.starts_on.localeCompare(b.starts_on)));
    setDialog(null);
    setNotice(text);
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('title')}</h2>
      <p className="muted">{t('sectionIntro')}</p>
      {notice && <SuccessNotice onDismiss={() => setNotice('')}>{notice}</SuccessNotice>}
      <ErrorBanner error={list.error} onRetry={list.reload} />
      {!list.data ? (
        list.loading && <Loading />
      ) : items.length === 0 ? (
        <p className="empty">{t('none')}</p>
      ) : (
        <ContractsTable contracts={items} caption={t('caption', { name: props.org.name })} names={names} onEdit={canWrite ? (x) => setDialog(x.id) : undefined} />
      )}
      <div className="toolbar">
        {canWrite && (
          <button type="button" onClick={() => setDialog('new')}>
            {t('newContract')}
          </button>
        )}
      </div>
      {items.length > 0 && <Thermometer contracts={items} />}
      <Dialog open={dialog === 'new'} title={t('newContract')} onClose={() => setDialog(null)}>
        {dialog === 'new' && (
          <ContractFormView organisationId={props.org.id} names={names} onCancel={() => setDialog(null)} onSaved={(x) => saved(x, t('created', { name: x.name }))} />
        )}
      </Dialog>
      <Dialog open={!!editing} title={t('editContract', { name: editing?.name ?? '' })} onClose={() => setDialog(null)}>
        {editing && (
          <ContractFormView
            key={editing.version}
            organisationId={props.org.id}
            contract={editing}
            names={names}
            onCancel={() => setDialog(null)}
            onReload={list.reload}
            onSaved={(x) => saved(x, t('saved', { name: x.name }))}
          />
        )}
      </Dialog>
    </section>
  );
}

// Every contract (/contracts), by renewal date; the order stays in the address bar.
export function ContractsPage() {
  const t = useT(m);
  const { me } = useSession();
  const { search } = useLocation();
  const order: Order = search.get('order') === 'desc' ? 'desc' : 'asc';
  const names = useNames();
  const list = useAsync(() => api.get<ListOf<Contract>>('/api/v1/contracts').then((l) => l.items), []);
  const orgs = useAsync(() => loadAll<Organisation>('/api/v1/organisations'), []);
  const orgName = (id: number) => orgs.data?.find((o) => o.id === id)?.name ?? `#${id}`;
  // Without a renewal date: last either way.
  const sorted = [...(list.data ?? [])].sort((a, b) => {
    if (!a.renewal_on || !b.renewal_on) return a.renewal_on ? -1 : b.renewal_on ? 1 : a.id - b.id;
    return (order === 'asc' ? 1 : -1) * a.renewal_on.localeCompare(b.renewal_on) || a.id - b.id;
  });
  return (
    <section>
      <h1>{t('title')}</h1>
      <p>{t('pageIntro')}</p>
      <ErrorBanner error={list.error} onRetry={list.reload} />
      {!list.data ? (
        list.loading && <Loading />
      ) : sorted.length === 0 ? (
        <p className="empty">{t('none')}</p>
      ) : (
        <ContractsTable
          contracts={sorted}
          caption={t('allCaption')}
          names={names}
          organisation={orgName}
          order={order}
          onOrder={(o) => navigate('/contracts' + query({ order: o === 'desc' ? 'desc' : undefined }), { replace: true })}
        />
      )}
      {can(me, 'contract.read') && <AuditLink kind="contract" label={t('changes')} />}
    </section>
  );
}
