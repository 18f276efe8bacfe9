// Customer organisations in the agent workspace: the searchable list, one organisation (details,
// sites, network areas, contacts, contracts with the SLA thermometer for those who may read them,
// tickets) and one contact (details, portal access, tickets).
// Anyone with directory.read reads them; organisation.write and contact.write change them.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, query } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { directory, invalidatePlaces } from '../../app/directory';
import { useFormat, useT } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { can, useSession } from '../../app/session';
import {
  ACTIVE_STATUSES,
  type Contact,
  type ListOf,
  type Locale,
  type NetworkArea,
  type Organisation,
  type Site,
  type Ticket,
  type TicketPage,
  type User,
} from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { ErrorBanner, Loading, useFieldErrors } from '../../ui/feedback';
import { Checkbox, SelectField, TextField } from '../../ui/forms';
import { TicketTable, type ColumnKey, type Sort } from '../../ui/TicketTable';
import {
  ActiveBadge,
  Details,
  FormButtons,
  FormProblem,
  ShowMore,
  staffOptions,
  SuccessNotice,
  splitList,
  timeZoneOptions,
  useLocaleOptions,
  usePaged,
  useSubmit,
  YesNo,
} from '../../ui/kit';
import { ContractsSection } from '../contracts/Contracts';
import m from './organisations.i18n';

function useUserName() {
  const users = useAsync(() => directory.users(), []);
  const list: User[] = users.data ?? [];
  return {
    users: list,
    name: (id: number | null) => (id === null ? '' : list.find((u) => u.id === id)?.name ?? `#${id}`),
  };
}

// ---- the tickets of an organisation or of a contact -------------------------------------------

const TICKET_COLUMNS: ColumnKey[] = ['number', 'subject', 'type', 'priority', 'status', 'assignee', 'team', 'updated'];

function TicketsOf(props: { filter: { organisation_id?: number; requester_id?: number }; of: string; showRequester?: boolean }) {
  const t = useT(m);
  const headingId = useId();
  const [show, setShow] = useState<'open' | 'all'>('open');
  const [sort, setSort] = useState<Sort>({ key: 'updated', order: 'desc' });
  const { organisation_id, requester_id } = props.filter;
  const tickets = usePaged<Ticket, string>(
    (cursor) =>
      api
        .get<TicketPage>(
          '/api/v1/tickets' +
            query({
              organisation_id,
              requester_id,
              status: show === 'open' ? ACTIVE_STATUSES.join(',') : undefined,
              sort: sort.key,
              order: sort.order,
              limit: 50,
              cursor,
            }),
        )
        .then((p) => ({ items: p.items, next: p.next_cursor })),
    [organisation_id, requester_id, show, sort.key, sort.order],
  );
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('tickets')}</h2>
      <div className="toolbar">
        <SelectField
          label={t('show')}
          value={show}
          onChange={(e) => setShow(e.target.value as 'open' | 'all')}
          options={[
            { value: 'open', label: t('openWork') },
            { value: 'all', label: t('allTickets') },
          ]}
        />
      </div>
      <ErrorBanner error={tickets.error} onRetry={tickets.reload} />
      {!tickets.loaded ? (
        tickets.loading && <Loading />
      ) : (
        <div aria-busy={tickets.loading}>
          <TicketTable
            tickets={tickets.items}
            caption={t(show === 'open' ? 'openTicketsOf' : 'allTicketsOf', { name: props.of })}
            columns={TICKET_COLUMNS}
            sort={sort}
            onSort={setSort}
            extra={
              props.showRequester
                ? [{ key: 'requester', header: t('requester'), cell: (x: Ticket) => x.requester_name ?? '' }]
                : undefined
            }
          />
        </div>
      )}
      <ShowMore paged={tickets} />
    </section>
  );
}

// ---- the list -----------------------------------------------------------------------------------

export function OrganisationsPage() {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const { me } = useSession();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const withInactive = search.get('inactive') === '1';
  const [text, setText] = useState(q);
  const [creating, setCreating] = useState(false);
  const { name: userName } = useUserName();
  useEffect(() => setText(q), [q]);
  const orgs = usePaged<Organisation, number>(
    (after) =>
      api
        .get<ListOf<Organisation>>('/api/v1/organisations' + query({ q, active: withInactive ? undefined : true, limit: 50, after }))
        .then((l) => ({ items: l.items, next: l.next_after })),
    [q, withInactive],
  );
  const apply = (nextQ: string, inactive: boolean) =>
    navigate('/organisations' + query({ q: nextQ.trim(), inactive: inactive ? 1 : undefined }), { replace: true });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(text, withInactive);
  };
  return (
    <section>
      <h1>{t('title')}</h1>
      <div className="toolbar">
        <form role="search" aria-label={t('searchLabel')} className="row" onSubmit={submit}>
          <TextField label={t('searchLabel')} type="search" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
          <Checkbox label={t('includeInactive')} checked={withInactive} onChange={(e) => apply(text, e.target.checked)} />
          <button type="submit">{t('search')}</button>
        </form>
        {can(me, 'organisation.write') && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t('newOrganisation')}
          </button>
        )}
      </div>
      <ErrorBanner error={orgs.error} onRetry={orgs.reload} />
      {!orgs.loaded ? (
        orgs.loading && <Loading />
      ) : orgs.items.length === 0 ? (
        <p className="empty">{q ? t('noMatch', { q }) : t('noOrganisations')}</p>
      ) : (
        <div className="table-wrap" aria-busy={orgs.loading}>
          <table className="data">
            <caption>{q ? t('resultsFor', { q }) : t('title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('segment')}</th>
                <th scope="col">{t('employees')}</th>
                <th scope="col">{t('csm')}</th>
                <th scope="col">{t('domains')}</th>
                <th scope="col">{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {orgs.items.map((o) => (
                <tr key={o.id}>
                  <td>
                    <Link to={`/organisations/${o.id}`}>{o.name}</Link>
                  </td>
                  <td>{c(`segment_${o.segment}`)}</td>
                  <td className="num">{f.number(o.employee_count)}</td>
                  <td>{o.csm_id ? userName(o.csm_id) : <span className="muted">{c('none')}</span>}</td>
                  <td>{o.email_domains.join(', ')}</td>
                  <td>
                    <ActiveBadge active={o.active} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ShowMore paged={orgs} />
      <Dialog open={creating} title={t('newOrganisation')} onClose={() => setCreating(false)}>
        <OrganisationForm onCancel={() => setCreating(false)} onSaved={(o) => navigate(`/organisations/${o.id}`)} />
      </Dialog>
    </section>
  );
}

// ---- one organisation ---------------------------------------------------------------------------

const ORG_FIELDS = ['name', 'time_zone', 'employee_count', 'csm_id', 'email_domains', 'active'];

function OrganisationForm(props: { org?: Organisation; onSaved: (o: Organisation) => void; onCancel: () => void; onReload?: () => void }) {
  const t = useT(m);
  const c = useT(common);
  const { me } = useSession();
  const o = props.org;
  const [name, setName] = useState(o?.name ?? '');
  const [zone, setZone] = useState(o?.time_zone ?? me?.time_zone ?? 'UTC');
  const [employees, setEmployees] = useState(o ? String(o.employee_count) : '');
  const [csm, setCsm] = useState(o ? (o.csm_id ? String(o.csm_id) : '') : me?.role === 'csm' ? String(me.id) : '');
  const [domains, setDomains] = useState(o?.email_domains.join(', ') ?? '');
  const [active, setActive] = useState(o?.active ?? true);
  const { users } = useUserName();
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name,
      time_zone: zone,
      employee_count: employees.trim() === '' ? undefined : Number(employees),
      csm_id: csm ? Number(csm) : null,
      email_domains: splitList(domains),
      active,
    };
    void s.run(async () => {
      const saved = o
        ? await api.patch<Organisation>(`/api/v1/organisations/${o.id}`, body, { ifMatch: o.version })
        : await api.post<Organisation>('/api/v1/organisations', body);
      props.onSaved(saved);
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FormProblem error={s.error} shown={ORG_FIELDS} onReload={props.onReload} />
      <TextField label={t('name')} value={name} onChange={(e) => setName(e.target.value)} error={fe('name')} required maxLength={200} />
      <SelectField label={t('timeZone')} value={zone} onChange={(e) => setZone(e.target.value)} options={timeZoneOptions(zone)} error={fe('time_zone')} />
      <TextField
        label={t('employees')}
        type="number"
        min={0}
        max={10000000}
        step={1}
        inputMode="numeric"
        value={employees}
        onChange={(e) => setEmployees(e.target.value)}
        hint={t('employeesHint')}
        error={fe('employee_count')}
      />
      <SelectField label={t('csm')} value={csm} onChange={(e) => setCsm(e.target.value)} options={staffOptions(users, o?.csm_id, c('none'))} error={fe('csm_id')} />
      <TextField label={t('domains')} value={domains} onChange={(e) => setDomains(e.target.value)} hint={t('domainsHint')} error={fe('email_domains')} />
      <Checkbox label={c('active')} checked={active} onChange={(e) => setActive(e.target.checked)} error={fe('active')} />
      <FormButtons busy={s.busy} label={o ? c('save') : c('create')} onCancel={props.onCancel} />
    </form>
  );
}

export function OrganisationPage(props: { id: number }) {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const { me } = useSession();
  const org = useAsync(() => api.get<Organisation>(`/api/v1/organisations/${props.id}`), [props.id]);
  const { name: userName } = useUserName();
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState('');
  const o = org.data;
  const canOrg = can(me, 'organisation.write');
  return (
    <section>
      <p>
        <Link to="/organisations">{t('allOrganisations')}</Link>
      </p>
      <h1>{o?.name ?? t('organisation')}</h1>
      {notice && <SuccessNotice onDismiss={() => setNotice('')}>{notice}</SuccessNotice>}
      <ErrorBanner error={org.error} onRetry={org.reload} />
      {!o ? (
        org.loading && <Loading />
      ) : (
        <>
          <section className="card" aria-labelledby="org-details">
            <h2 id="org-details">{t('details')}</h2>
            <Details
              items={[
                [t('status'), <ActiveBadge active={o.active} />],
                [t('segment'), c(`segment_${o.segment}`)],
                [t('employees'), f.number(o.employee_count)],
                [t('timeZone'), o.time_zone],
                [t('csm'), o.csm_id ? userName(o.csm_id) : c('none')],
                [t('domains'), o.email_domains.length ? o.email_domains.join(', ') : c('none')],
              ]}
            />
            {canOrg && (
              <div className="toolbar">
                <button type="button" onClick={() => setEditing(true)}>
                  {t('editOrganisation')}
                </button>
              </div>
            )}
          </section>
          <div className="grid-2">
            <Sites org={o} canWrite={canOrg} onNotice={setNotice} />
            <Areas org={o} canWrite={canOrg} onNotice={setNotice} />
          </div>
          <OrganisationContacts org={o} canWrite={can(me, 'contact.write')} onNotice={setNotice} />
          {can(me, 'contract.read') && <ContractsSection org={o} />}
          <TicketsOf filter={{ organisation_id: o.id }} of={o.name} showRequester />
          <Dialog open={editing} title={t('editOrganisation')} onClose={() => setEditing(false)}>
            <OrganisationForm
              key={o.version}
              org={o}
              onCancel={() => setEditing(false)}
              onReload={org.reload}
              onSaved={(saved) => {
                org.setData(saved);
                setEditing(false);
                setNotice(t('organisationSaved'));
              }}
            />
          </Dialog>
        </>
      )}
    </section>
  );
}

// ---- sites and network areas: the same list-and-edit, with their own fields ----------------------

type Child = { id: number; organisation_id: number; name: string; active: boolean; version: number };

interface ChildField<T> {
  key: keyof T & string;
  label: string;
  hint?: string;
  maxLength?: number;
  upper?: boolean;
}

interface ChildText {
  title: string;
  caption: string;
  add: string;
  edit: string;
  empty: string;
  added: (name: string) => string;
  saved: (name: string) => string;
}

function ChildForm<T extends Child>(props: {
  fields: ChildField<T>[];
  item?: T;
  createPath: string;
  itemPath: (id: number) => string;
  onSaved: (x: T) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const c = useT(common);
  const item = props.item;
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(props.fields.map((fl) => [fl.key, item ? String(item[fl.key] ?? '') : ''])),
  );
  const [active, setActive] = useState(item?.active ?? true);
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = { ...values, active };
    void s.run(async () => {
      props.onSaved(
        item
          ? await api.patch<T>(props.itemPath(item.id), body, { ifMatch: item.version })
          : await api.post<T>(props.createPath, body),
      );
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FormProblem error={s.error} shown={[...props.fields.map((fl) => fl.key), 'active']} onReload={props.onReload} />
      {props.fields.map((fl) => (
        <TextField
          key={fl.key}
          label={fl.label}
          hint={fl.hint}
          maxLength={fl.maxLength}
          required={fl.key === 'name'}
          value={values[fl.key]}
          onChange={(e) => {
            const v = fl.upper ? e.target.value.toUpperCase() : e.target.value;
            setValues((old) => ({ ...old, [fl.key]: v }));
          }}
          error={fe(fl.key)}
        />
      ))}
      <Checkbox label={c('active')} checked={active} onChange={(e) => setActive(e.target.checked)} error={fe('active')} />
      <FormButtons busy={s.busy} label={item ? c('save') : c('create')} onCancel={props.onCancel} />
    </form>
  );
}

function ChildList<T extends Child>(props: {
  listPath: string;
  itemPath: (id: number) => string;
  fields: ChildField<T>[];
  text: ChildText;
  canWrite: boolean;
  onNotice: (s: string) => void;
}) {
  const c = useT(common);
  const headingId = useId();
  const list = useAsync(() => api.get<ListOf<T>>(props.listPath).then((l) => l.items), [props.listPath]);
  const [adding, setAdding] = useState(false);
  const [editingId, setEditingId] = useState<number | null>(null);
  const editing = list.data?.find((x) => x.id === editingId);
  const items = list.data ?? [];
  const saved = (x: T, added: boolean) => {
    setAdding(false);
    setEditingId(null);
    list.reload();
    invalidatePlaces(x.organisation_id);  // ticket forms list them
    props.onNotice(added ? props.text.added(x.name) : props.text.saved(x.name));
  };
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{props.text.title}</h2>
      <ErrorBanner error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="empty">{props.text.empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption>{props.text.caption}</caption>
            <thead>
              <tr>
                {props.fields.map((fl) => (
                  <th key={fl.key} scope="col">
                    {fl.label}
                  </th>
                ))}
                <th scope="col">{c('active')}</th>
                {props.canWrite && (
                  <th scope="col">
                    <span className="visually-hidden">{c('edit')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id}>
                  {props.fields.map((fl) => (
                    <td key={fl.key}>{String(x[fl.key] ?? '')}</td>
                  ))}
                  <td>
                    <ActiveBadge active={x.active} />
                  </td>
                  {props.canWrite && (
                    <td>
                      <button type="button" className="link" onClick={() => setEditingId(x.id)}>
                        {c('edit')}
                        <span className="visually-hidden"> {x.name}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canWrite && (
        <div className="toolbar">
          <button type="button" onClick={() => setAdding(true)}>
            {props.text.add}
          </button>
        </div>
      )}
      <Dialog open={adding} title={props.text.add} onClose={() => setAdding(false)}>
        <ChildForm
          fields={props.fields}
          createPath={props.listPath}
          itemPath={props.itemPath}
          onSaved={(x) => saved(x, true)}
          onCancel={() => setAdding(false)}
          onReload={list.reload}
        />
      </Dialog>
      <Dialog open={!!editing} title={props.text.edit} onClose={() => setEditingId(null)}>
        {editing && (
          <ChildForm
            key={editing.version}
            fields={props.fields}
            item={editing}
            createPath={props.listPath}
            itemPath={props.itemPath}
            onSaved={(x) => saved(x, false)}
            onCancel={() => setEditingId(null)}
            onReload={list.reload}
          />
        )}
      </Dialog>
    </section>
  );
}

function Sites(props: { org: Organisation; canWrite: boolean; onNotice: (s: string) => void }) {
  const t = useT(m);
  return (
    <ChildList<Site>
      listPath={`/api/v1/organisations/${props.org.id}/sites`}
      itemPath={(id) => `/api/v1/sites/${id}`}
      canWrite={props.canWrite}
      onNotice={props.onNotice}
      fields={[
        { key: 'name', label: t('name'), maxLength: 200 },
        { key: 'address', label: t('address'), maxLength: 500 },
        { key: 'city', label: t('city'), maxLength: 200 },
        { key: 'country', label: t('country'), hint: t('countryHint'), maxLength: 2, upper: true },
      ]}
      text={{
        title: t('sites'),
        caption: t('sitesOf', { name: props.org.name }),
        add: t('addSite'),
        edit: t('editSite'),
        empty: t('noSites'),
        added: (name) => t('siteAdded', { name }),
        saved: (name) => t('siteSaved', { name }),
      }}
    />
  );
}

function Areas(props: { org: Organisation; canWrite: boolean; onNotice: (s: string) => void }) {
  const t = useT(m);
  return (
    <ChildList<NetworkArea>
      listPath={`/api/v1/organisations/${props.org.id}/network-areas`}
      itemPath={(id) => `/api/v1/network-areas/${id}`}
      canWrite={props.canWrite}
      onNotice={props.onNotice}
      fields={[
        { key: 'name', label: t('name'), maxLength: 200 },
        { key: 'description', label: t('description'), maxLength: 1000 },
      ]}
      text={{
        title: t('areas'),
        caption: t('areasOf', { name: props.org.name }),
        add: t('addArea'),
        edit: t('editArea'),
        empty: t('noAreas'),
        added: (name) => t('areaAdded', { name }),
        saved: (name) => t('areaSaved', { name }),
      }}
    />
  );
}

// ---- contacts -----------------------------------------------------------------------------------

const CONTACT_FIELDS = ['name', 'email', 'phone', 'locale', 'time_zone', 'portal_user', 'manager', 'active', 'password', 'organisation_id'];

function ContactForm(props: { organisationId: number; contact?: Contact; onSaved: (x: Contact) => void; onCancel: () => void; onReload?: () => void }) {
  const t = useT(m);
  const c = useT(common);
  const { me } = useSession();
  const x = props.contact;
  const [name, setName] = useState(x?.name ?? '');
  const [email, setEmail] = useState(x?.email ?? '');
  const [phone, setPhone] = useState(x?.phone ?? '');
  const [locale, setLocale] = useState<Locale>(x?.locale ?? me?.locale ?? 'en');
  const [zone, setZone] = useState(x?.time_zone ?? '');
  const [portal, setPortal] = useState(x?.portal_user ?? false);
  const [manager, setManager] = useState(x?.manager ?? false);
  const [active, setActive] = useState(x?.active ?? true);
  const [password, setPassword] = useState('');
  const locales = useLocaleOptions();
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = { name, email, phone, locale, time_zone: zone, portal_user: portal, manager, active };
    if (!x) {
      body.organisation_id = props.organisationId;
      if (portal && password) body.password = password;
    }
    void s.run(async () => {
      props.onSaved(
        x ? await api.patch<Contact>(`/api/v1/contacts/${x.id}`, body, { ifMatch: x.version }) : await api.post<Contact>('/api/v1/contacts', body),
      );
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FormProblem error={s.error} shown={CONTACT_FIELDS} onReload={props.onReload} />
      <TextField label={t('name')} value={name} onChange={(e) => setName(e.target.value)} error={fe('name')} required maxLength={200} autoComplete="off" />
      <TextField label={t('email')} type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={fe('email')} required autoComplete="off" />
      <TextField label={t('phone')} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} error={fe('phone')} maxLength={40} autoComplete="off" />
      <SelectField label={t('language')} value={locale} onChange={(e) => setLocale(e.target.value as Locale)} options={locales} error={fe('locale')} />
      <SelectField
        label={t('timeZone')}
        value={zone}
        onChange={(e) => setZone(e.target.value)}
        options={[{ value: '', label: t('organisationZone') }, ...timeZoneOptions(zone)]}
        error={fe('time_zone')}
      />
      <Checkbox label={t('portalUser')} hint={t('portalUserHint')} checked={portal} onChange={(e) => setPortal(e.target.checked)} error={fe('portal_user')} />
      <Checkbox label={t('managerContact')} hint={t('managerHint')} checked={manager} onChange={(e) => setManager(e.target.checked)} error={fe('manager')} />
      {x && <Checkbox label={c('active')} hint={t('activeHint')} checked={active} onChange={(e) => setActive(e.target.checked)} error={fe('active')} />}
      {!x && portal && (
        <TextField
          label={t('portalPassword')}
          type="password"
          autoComplete="new-password"
          minLength={10}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={t('portalPasswordOptional')}
          error={fe('password')}
        />
      )}
      <FormButtons busy={s.busy} label={x ? c('save') : c('create')} onCancel={props.onCancel} />
    </form>
  );
}

function OrganisationContacts(props: { org: Organisation; canWrite: boolean; onNotice: (s: string) => void }) {
  const t = useT(m);
  const headingId = useId();
  const [adding, setAdding] = useState(false);
  const contacts = usePaged<Contact, number>(
    (after) =>
      api
        .get<ListOf<Contact>>('/api/v1/contacts' + query({ organisation_id: props.org.id, limit: 100, after }))
        .then((l) => ({ items: l.items, next: l.next_after })),
    [props.org.id],
  );
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('contacts')}</h2>
      <ErrorBanner error={contacts.error} onRetry={contacts.reload} />
      {!contacts.loaded ? (
        contacts.loading && <Loading />
      ) : contacts.items.length === 0 ? (
        <p className="empty">{t('noContacts')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption>{t('contactsOf', { name: props.org.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('email')}</th>
                <th scope="col">{t('phone')}</th>
                <th scope="col">{t('portalUser')}</th>
                <th scope="col">{t('managerContact')}</th>
                <th scope="col">{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {contacts.items.map((x) => (
                <tr key={x.id}>
                  <td>
                    <Link to={`/contacts/${x.id}`}>{x.name}</Link>
                  </td>
                  <td>{x.email}</td>
                  <td>{x.phone}</td>
                  <td>
                    <YesNo value={x.portal_user} />
                  </td>
                  <td>
                    <YesNo value={x.manager} />
                  </td>
                  <td>
                    <ActiveBadge active={x.active} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ShowMore paged={contacts} />
      {props.canWrite && (
        <div className="toolbar">
          <button type="button" onClick={() => setAdding(true)}>
            {t('addContact')}
          </button>
        </div>
      )}
      <Dialog open={adding} title={t('addContact')} onClose={() => setAdding(false)}>
        <ContactForm
          organisationId={props.org.id}
          onCancel={() => setAdding(false)}
          onSaved={(x) => {
            setAdding(false);
            contacts.reload();
            props.onNotice(t('contactAdded', { name: x.name }));
          }}
        />
      </Dialog>
    </section>
  );
}

// ---- one contact --------------------------------------------------------------------------------

function PortalPasswordForm(props: { contact: Contact; onSaved: (x: Contact) => void; onCancel: () => void; onReload: () => void }) {
  const t = useT(m);
  const c = useT(common);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const mismatch = confirm !== '' && confirm !== password;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) return;
    void s.run(async () => {
      props.onSaved(await api.patch<Contact>(`/api/v1/contacts/${props.contact.id}`, { password }, { ifMatch: props.contact.version }));
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <p>{t('setPasswordIntro', { name: props.contact.name })}</p>
      <FormProblem error={s.error} shown={['password']} onReload={props.onReload} />
      <TextField
        label={t('newPassword')}
        type="password"
        autoComplete="new-password"
        minLength={10}
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint={t('passwordHint')}
        error={fe('password')}
      />
      <TextField
        label={t('confirmPassword')}
        type="password"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        error={mismatch ? t('mismatch') : undefined}
      />
      <FormButtons busy={s.busy} label={c('save')} onCancel={props.onCancel} disabled={!password || password !== confirm} />
    </form>
  );
}

export function ContactPage(props: { id: number }) {
  const t = useT(m);
  const c = useT(common);
  const { me } = useSession();
  const contact = useAsync(() => api.get<Contact>(`/api/v1/contacts/${props.id}`), [props.id]);
  const x = contact.data;
  const orgId = x?.organisation_id;
  const org = useAsync(() => (orgId ? api.get<Organisation>(`/api/v1/organisations/${orgId}`) : Promise.resolve(undefined)), [orgId]);
  const [dialog, setDialog] = useState<'edit' | 'password' | null>(null);
  const [notice, setNotice] = useState('');
  const canWrite = can(me, 'contact.write');
  const saved = (updated: Contact, text: string) => {
    contact.setData(updated);
    setDialog(null);
    setNotice(text);
  };
  const orgName = org.data?.name ?? (orgId ? `#${orgId}` : '');
  return (
    <section>
      {orgId && (
        <p>
          <Link to={`/organisations/${orgId}`}>{t('backTo', { name: orgName })}</Link>
        </p>
      )}
      <h1>{x?.name ?? t('contact')}</h1>
      {notice && <SuccessNotice onDismiss={() => setNotice('')}>{notice}</SuccessNotice>}
      <ErrorBanner error={contact.error} onRetry={contact.reload} />
      {!x ? (
        contact.loading && <Loading />
      ) : (
        <>
          <section className="card" aria-labelledby="contact-details">
            <h2 id="contact-details">{t('details')}</h2>
            <Details
              items={[
                [t('organisation'), <Link to={`/organisations/${x.organisation_id}`}>{orgName}</Link>],
                [t('status'), <ActiveBadge active={x.active} />],
                [t('email'), <a href={`mailto:${x.email}`}>{x.email}</a>],
                [t('phone'), x.phone || c('none')],
                [t('language'), x.locale === 'pt-BR' ? c('portuguese') : c('english')],
                [t('timeZone'), x.time_zone || t('organisationZone')],
                [t('portalUser'), x.portal_user ? (x.has_password ? t('portalWithPassword') : t('portalNoPassword')) : c('no')],
                [t('managerContact'), <YesNo value={x.manager} />],
              ]}
            />
            {canWrite && (
              <div className="toolbar">
                <button type="button" onClick={() => setDialog('edit')}>
                  {t('editContact')}
                </button>
                {x.portal_user && (
                  <button type="button" onClick={() => setDialog('password')}>
                    {t('setPassword')}
                  </button>
                )}
              </div>
            )}
          </section>
          <TicketsOf filter={{ requester_id: x.id }} of={x.name} />
          <Dialog open={dialog === 'edit'} title={t('editContact')} onClose={() => setDialog(null)}>
            <ContactForm
              key={x.version}
              organisationId={x.organisation_id}
              contact={x}
              onCancel={() => setDialog(null)}
              onReload={contact.reload}
              onSaved={(u) => saved(u, t('contactSaved'))}
            />
          </Dialog>
          <Dialog open={dialog === 'password'} title={t('setPassword')} onClose={() => setDialog(null)}>
            <PortalPasswordForm
              key={x.version}
              contact={x}
              onCancel={() => setDialog(null)}
              onReload={contact.reload}
              onSaved={(u) => saved(u, t('passwordSet', { name: u.name }))}
            />
          </Dialog>
        </>
      )}
    </section>
  );
}
