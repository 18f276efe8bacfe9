// Named SLA policies (docs/CONTRACTS.md): the list, and one policy's editor — name, calendar,
// first-response / resolution / update targets per type × priority, pause statuses, warning
// thresholds, what counts as a response per channel, OLAs per team and the escalation matrix.
// Saved as a whole; staff read them, catalog.write changes them. Policy 1 is the default policy.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useDirectory } from '../../app/directory';
import { useFormat, useT } from '../../app/i18n';
import { Link, navigate } from '../../app/router';
import { can, useSession } from '../../app/session';
import { ACTIVE_STATUSES, PRIORITIES, TICKET_TYPES, type AlertChannel, type ListOf } from '../../model/types';
import { usePlacedErrors } from '../../ui/fieldPlaces';
import { Notice } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/forms';
import { CheckboxGroup, FormButtons, FormProblem, useSubmit } from '../../ui/kit';
import { AdminItem, AdminList, AuditLink, DefaultBadge, NotFoundHere, ReadOnlyNote } from './AdminParts';
import { useCalendars } from './Calendars';
import { EscalationMatrixEditor, type MatrixChoices } from './EscalationMatrix';
import matrixText from './matrix.i18n';
import {
  CHANNELS,
  fromForm,
  placePolicyField,
  RESPONSE_KINDS,
  targetKey,
  toForm,
  type PolicyForm,
  type ResponseScope,
  type Sent,
  type SlaPolicy,
} from './slaPolicy';
import m from './slaPolicy.i18n';

const POLICIES = '/api/v1/sla/policies';

export function SlaPoliciesAdmin(props: { rest: string[] }) {
  const first = props.rest[0];
  if (!first) return <PolicyList />;
  if ((first === 'new' || /^\d+$/.test(first)) && props.rest.length === 1) return <PolicyPage key={first} id={first === 'new' ? null : Number(first)} />;
  return <NotFoundHere />;
}

function PolicyList() {
  const t = useT(m);
  const f = useFormat();
  const calendars = useCalendars();
  const calendarName = (id: number) => calendars.data?.find((c) => c.id === id)?.name ?? `#${id}`;
  const list = useAsync(() => api.get<ListOf<SlaPolicy>>(POLICIES).then((l) => l.items), []);
  return (
    <AdminList
      intro={t('listIntro')}
      newLink={{ to: '/admin/sla-policies/new', label: t('newPolicy') }}
      list={list}
      empty={t('noPolicies')}
      className="sla-policies"
      head={
        <>
          <th scope="col">{t('name')}</th>
          <th scope="col">{t('calendar')}</th>
          <th scope="col">{t('colTargets')}</th>
          <th scope="col">{t('colLevels')}</th>
          <th scope="col">{t('colVersion')}</th>
        </>
      }
      row={(p: SlaPolicy) => (
        <>
          <th scope="row">
            <Link to={`/admin/sla-policies/${p.id}`}>{p.name}</Link> {p.default && <DefaultBadge />}
          </th>
          <td>{calendarName(p.calendar_id)}</td>
          <td className="num">{f.number(p.targets.length)}</td>
          <td className="num">{f.number(p.escalation.levels.length)}</td>
          <td className="num">{p.version_id}</td>
        </>
      )}
    />
  );
}

// Alert channels for the matrix, or null for those who may not read them.
function useAlertChannels() {
  return useAsync(
    () =>
      api
        .get<ListOf<AlertChannel>>('/api/v1/alerts/channels')
        .then((l) => l.items as AlertChannel[] | null)
        .catch((e: unknown) => {
          if (e instanceof ApiError && e.status === 403) return null;
          throw e;
        }),
    [],
  );
}

// One policy, or (id null) a new one that starts as a copy of the default policy.
function PolicyPage(props: { id: number | null }) {
  const t = useT(m);
  const { me } = useSession();
  const canWrite = can(me, 'catalog.write');
  const isNew = props.id === null;
  return (
    <AdminItem
      load={() => api.get<SlaPolicy>(`${POLICIES}/${props.id ?? 1}`)}
      deps={[props.id]}
      back={{ to: '/admin/sla-policies', label: t('allPolicies') }}
    >
      {(p, e) =>
        isNew && !canWrite ? (
          <ReadOnlyNote text={t('readOnly')} />
        ) : (
          <>
            <h2>
              {isNew ? t('newPolicy') : p.name} {!isNew && p.default && <DefaultBadge />}
            </h2>
            {isNew ? <p>{t('newIntro')}</p> : p.default && <Notice>{t('defaultNote')}</Notice>}
            {!canWrite && <ReadOnlyNote text={t('readOnly')} />}
            <PolicyEditor
              key={e.generation}
              policy={p}
              isNew={isNew}
              readOnly={!canWrite}
              onReload={e.reload}
              onSaved={(saved) => (isNew ? navigate(`/admin/sla-policies/${saved.id}`, { replace: true }) : e.saved(saved, t('saved')))}
            />
            {!isNew && canWrite && <AuditLink kind="sla_policy" id={p.id} label={t('changes')} />}
          </>
        )
      }
    </AdminItem>
  );
}

function PolicyEditor(props: { policy: SlaPolicy; isNew: boolean; readOnly: boolean; onSaved: (p: SlaPolicy) => void; onReload: () => void }) {
  const t = useT(m);
  const mt = useT(matrixText);
  const c = useT(common);
  const p = props.policy;
  const [form, setForm] = useState<PolicyForm>(() => ({ ...toForm(p), name: props.isNew ? '' : p.name }));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<Sent>({ targetKeys: [], olaTeams: [] });
  const s = useSubmit();
  const errors = usePlacedErrors(s.error, (field) => placePolicyField(field, sent), problems);
  const calendars = useCalendars();
  const dir = useDirectory(true);
  const channels = useAlertChannels();
  const set = (patch: Partial<PolicyForm>) => setForm({ ...form, ...patch });
  const teams = [...(dir?.teams ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  // Alert channels: none while loading; null when they cannot be read (the level keeps its own).
  const alertChannels = channels.data === undefined ? (channels.error ? null : []) : channels.data;
  const choices: MatrixChoices = { teams, users: dir?.users ?? [], channels: alertChannels };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const read = fromForm(form);
    if ('problems' in read) {
      setProblems(
        Object.fromEntries(
          Object.entries(read.problems).map(([k, v]) => [k, k.startsWith('escalation') ? mt(`problem_${v}` as 'problem_number') : t(`problem_${v}` as 'problem_number')]),
        ),
      );
      return;
    }
    setProblems({});
    setSent(read.sent);
    void s.run(async () => {
      props.onSaved(
        props.isNew ? await api.post<SlaPolicy>(POLICIES, read.policy) : await api.put<SlaPolicy>(`${POLICIES}/${p.id}`, { ...read.policy, version: p.version }),
      );
    });
  };

  const calendarOptions = (calendars.data ?? [{ id: p.calendar_id, name: `#${p.calendar_id}` }]).map((x) => ({ value: String(x.id), label: x.name }));
  const scopeName = (scope: ResponseScope) => (scope === 'default' ? t('scope_default') : c(`channel_${scope}`));
  return (
    <form className="stack wide editor" onSubmit={submit} noValidate>
      <p className="muted">{t('intro')}</p>
      <FormProblem error={s.error} onReload={props.onReload} shown={errors.shown} />
      <fieldset className="bare stack" disabled={props.readOnly}>
        <TextField label={t('name')} value={form.name} maxLength={100} required onChange={(e) => set({ name: e.target.value })} error={errors.at('name')} />
        <SelectField
          label={t('calendar')}
          hint={t('calendarHint')}
          value={form.calendarId}
          options={calendarOptions}
          onChange={(e) => set({ calendarId: e.target.value })}
          error={errors.at('calendar_id')}
        />
        <p>
          <Link to={`/admin/calendars/${form.calendarId}`}>{t('editCalendar')}</Link>
        </p>
      </fieldset>
      {/* The tables stay outside the read-only fieldset: they may scroll sideways, so they take focus. */}
      {errors.at('targets') && <span className="field-error">{errors.at('targets')}</span>}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('targets')}>
        <table className="data sla-targets">
          <caption>{t('targets')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ticketType')}</th>
              {PRIORITIES.map((pr) => (
                <th key={pr} scope="col">
                  {pr}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {TICKET_TYPES.map((type) => (
              <tr key={type}>
                <th scope="row">{c(`type_${type}`)}</th>
                {PRIORITIES.map((pr) => {
                  const key = targetKey(type, pr);
                  const cell = form.targets[key];
                  const error = errors.at(`targets.${key}`);
                  const input = (what: 'fr' | 'res' | 'upd', label: string) => (
                    <input
                      inputMode="numeric"
                      size={5}
                      aria-label={t('cellLabel', { what: label, type: c(`type_${type}`), priority: pr })}
                      aria-invalid={!!error}
                      disabled={props.readOnly}
                      value={cell[what]}
                      onChange={(e) => set({ targets: { ...form.targets, [key]: { ...cell, [what]: e.target.value } } })}
                    />
                  );
                  return (
                    <td key={pr}>
                      <span className="row nowrap">
                        {input('fr', t('firstResponse'))}/{input('res', t('resolution'))}/{input('upd', t('update'))}
                      </span>
                      {error && <span className="field-error">{error}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t('targetsHint')}</p>
      <fieldset className="bare stack" disabled={props.readOnly}>
        <CheckboxGroup
          legend={t('pause')}
          options={ACTIVE_STATUSES.map((x) => ({ value: x, label: c(`status_${x}`) }))}
          value={form.pause}
          onChange={(v) => set({ pause: v as PolicyForm['pause'] })}
          error={errors.at('pause_statuses')}
        />
        <TextField label={t('warn')} hint={t('warnHint')} value={form.warn} onChange={(e) => set({ warn: e.target.value })} error={errors.at('warn_percents')} />
      </fieldset>
      {errors.at('responses') && <span className="field-error">{errors.at('responses')}</span>}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('responses')}>
        <table className="data responses">
          <caption>{t('responses')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('channelCol')}</th>
              <th scope="col">{t('ownRule')}</th>
              {RESPONSE_KINDS.map((k) => (
                <th key={k} scope="col">
                  {t(`kind_${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(['default', ...CHANNELS] as ResponseScope[]).map((scope) => {
              const r = form.responses[scope];
              const shown = r.own ? r.kinds : form.responses.default.kinds;
              const error = errors.at(`responses.${scope}`);
              const change = (patch: Partial<typeof r>) => set({ responses: { ...form.responses, [scope]: { ...r, ...patch } } });
              return (
                <tr key={scope}>
                  <th scope="row">
                    {scopeName(scope)}
                    {error && <span className="field-error">{error}</span>}
                  </th>
                  <td>
                    {scope === 'default' ? (
                      '—'
                    ) : (
                      <input
                        type="checkbox"
                        aria-label={t('ownOn', { channel: scopeName(scope) })}
                        checked={r.own}
                        disabled={props.readOnly}
                        onChange={(e) => change({ own: e.target.checked, kinds: [...form.responses.default.kinds] })}
                      />
                    )}
                  </td>
                  {RESPONSE_KINDS.map((k) => (
                    <td key={k}>
                      <input
                        type="checkbox"
                        aria-label={t('kindOn', { kind: t(`kind_${k}`), channel: scopeName(scope) })}
                        aria-invalid={!!error}
                        disabled={props.readOnly || !r.own}
                        checked={shown.includes(k)}
                        onChange={(e) => change({ kinds: e.target.checked ? [...r.kinds, k] : r.kinds.filter((x) => x !== k) })}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted">{t('responsesHint')}</p>
      <fieldset className="bare stack" disabled={props.readOnly}>
        <fieldset className="stack">
          <legend>{t('olas')}</legend>
          <p className="muted">{t('olasHint')}</p>
          {errors.at('olas') && <span className="field-error">{errors.at('olas')}</span>}
          {teams.map((x) => (
            <TextField
              key={x.id}
              label={t('olaFor', { team: x.name })}
              inputMode="numeric"
              value={form.olas[String(x.id)] ?? ''}
              onChange={(e) => set({ olas: { ...form.olas, [String(x.id)]: e.target.value } })}
              error={errors.at(`olas.${x.id}`)}
            />
          ))}
        </fieldset>
        <EscalationMatrixEditor value={form.escalation} onChange={(escalation) => set({ escalation })} errorAt={errors.at} choices={choices} />
        {!props.readOnly && <FormButtons busy={s.busy} label={props.isNew ? c('create') : c('save')} />}
      </fieldset>
    </form>
  );
}
