// Staff users (user.write): the list with search, creating a user, changing one, and resetting a
// password. A generated password is shown once, until dismissed.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, query } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { directory, invalidate } from '../../app/directory';
import { useT } from '../../app/i18n';
import { useSession } from '../../app/session';
import { ROLES, TIERS, type ListOf, type Locale, type Role, type Tier, type User } from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { ErrorBanner, Loading, useFieldErrors } from '../../ui/feedback';
import { Checkbox, SelectField, TextField } from '../../ui/forms';
import {
  ActiveBadge,
  CheckboxGroup,
  FormButtons,
  FormProblem,
  RowAction,
  ShowMore,
  SuccessNotice,
  timeZoneOptions,
  useLocaleOptions,
  usePaged,
  useSubmit,
} from '../../ui/kit';
import shared from '../../ui/kit.i18n';
import m from './users.i18n';

interface CreatedUser extends User {
  password?: string;
}

const USER_FIELDS = ['name', 'email', 'role', 'tier', 'active', 'locale', 'time_zone', 'team_ids', 'password'];

function UserForm(props: { user?: User; onSaved: (u: CreatedUser) => void; onCancel: () => void; onReload?: () => void }) {
  const t = useT(m);
  const c = useT(common);
  const { me } = useSession();
  const u = props.user;
  const [name, setName] = useState(u?.name ?? '');
  const [email, setEmail] = useState(u?.email ?? '');
  const [role, setRole] = useState<Role>(u?.role ?? 'agent');
  const [tier, setTier] = useState<Tier>(u?.tier ?? 'N1');
  const [active, setActive] = useState(u?.active ?? true);
  const [locale, setLocale] = useState<Locale>(u?.locale ?? me?.locale ?? 'en');
  const [zone, setZone] = useState(u?.time_zone ?? me?.time_zone ?? 'UTC');
  const [teamIds, setTeamIds] = useState<string[]>((u?.team_ids ?? []).map(String));
  const [password, setPassword] = useState('');
  const teams = useAsync(() => directory.teams(), []);
  const locales = useLocaleOptions();
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = { name, email, role, tier, locale, time_zone: zone, team_ids: teamIds.map(Number) };
    if (u) body.active = active;
    else if (password) body.password = password;
    void s.run(async () => {
      props.onSaved(
        u ? await api.patch<User>(`/api/v1/users/${u.id}`, body, { ifMatch: u.version }) : await api.post<CreatedUser>('/api/v1/users', body),
      );
    });
  };
  const self = u?.id === me?.id;
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FormProblem error={s.error} shown={USER_FIELDS} onReload={props.onReload} />
      <TextField label={t('name')} value={name} onChange={(e) => setName(e.target.value)} error={fe('name')} required maxLength={200} autoComplete="off" />
      <TextField label={t('email')} type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={fe('email')} required autoComplete="off" />
      <div className="grid-2">
        <SelectField
          label={t('role')}
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          options={ROLES.map((r) => ({ value: r, label: c(`role_${r}`) }))}
          error={fe('role')}
          hint={self ? t('selfRoleHint') : undefined}
        />
        <SelectField
          label={t('tier')}
          value={tier}
          onChange={(e) => setTier(e.target.value as Tier)}
          options={TIERS.map((x) => ({ value: x, label: x }))}
          error={fe('tier')}
        />
        <SelectField label={t('language')} value={locale} onChange={(e) => setLocale(e.target.value as Locale)} options={locales} error={fe('locale')} />
        <SelectField label={t('timeZone')} value={zone} onChange={(e) => setZone(e.target.value)} options={timeZoneOptions(zone)} error={fe('time_zone')} />
      </div>
      <CheckboxGroup
        legend={t('teams')}
        options={(teams.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))}
        value={teamIds}
        onChange={setTeamIds}
        error={fe('team_ids')}
        empty={t('noTeams')}
      />
      {u ? (
        <Checkbox label={c('active')} hint={t('activeHint')} checked={active} onChange={(e) => setActive(e.target.checked)} error={fe('active')} />
      ) : (
        <TextField
          label={t('password')}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={t('passwordCreateHint')}
          error={fe('password')}
        />
      )}
      <FormButtons busy={s.busy} label={u ? c('save') : c('create')} onCancel={props.onCancel} />
    </form>
  );
}

function ResetPasswordForm(props: { user: User; onDone: (generated: string | undefined, mustChange: boolean) => void; onCancel: () => void }) {
  const t = useT(m);
  const [password, setPassword] = useState('');
  const [mustChange, setMustChange] = useState(true);
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      const r = await api.post<{ must_change_password: boolean; password?: string }>(`/api/v1/users/${props.user.id}/password`, {
        password: password || undefined,
        must_change_password: mustChange,
      });
      props.onDone(r.password, r.must_change_password);
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <p>{t('resetIntro', { name: props.user.name })}</p>
      <FormProblem error={s.error} shown={['password', 'must_change_password']} />
      <TextField
        label={t('newPassword')}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint={t('passwordResetHint')}
        error={fe('password')}
      />
      <Checkbox label={t('mustChange')} checked={mustChange} onChange={(e) => setMustChange(e.target.checked)} error={fe('must_change_password')} />
      <FormButtons busy={s.busy} label={t('resetPassword')} onCancel={props.onCancel} />
    </form>
  );
}

function OneTimePassword(props: { text: string; password: string }) {
  const t = useT(m);
  return (
    <>
      {props.text} {t('oneTimePassword')} <code>{props.password}</code>. {t('oneTimeHint')}
    </>
  );
}

type DialogState = { kind: 'new' } | { kind: 'edit' | 'password'; id: number } | null;

export function UsersAdmin() {
  const t = useT(m);
  const c = useT(common);
  const s = useT(shared);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [dialog, setDialog] = useState<DialogState>(null);
  const [notice, setNotice] = useState<ReactNode>(null);
  const teams = useAsync(() => directory.teams(), []);
  const users = usePaged<User, number>(
    (after) =>
      api.get<ListOf<User>>('/api/v1/users' + query({ q, role, limit: 100, after })).then((l) => ({ items: l.items, next: l.next_after })),
    [q, role],
  );
  const current = dialog && dialog.kind !== 'new' ? users.items.find((u) => u.id === dialog.id) : undefined;
  const teamName = (id: number) => teams.data?.find((x) => x.id === id)?.name ?? `#${id}`;
  const put = (u: User) => users.update((items) => (items.some((x) => x.id === u.id) ? items.map((x) => (x.id === u.id ? u : x)) : [u, ...items]));
  const reloadOne = (id: number) => {
    void api.get<User>(`/api/v1/users/${id}`).then(put, () => users.reload());
  };
  const saved = (u: CreatedUser, created: boolean) => {
    invalidate('users', 'teams');  // team membership may have changed too
    teams.reload();
    const { password, ...user } = u;
    put(user);
    setDialog(null);
    const text = created ? t('created', { name: u.name }) : t('saved', { name: u.name });
    setNotice(password ? <OneTimePassword text={text} password={password} /> : text);
  };
  return (
    <>
      <div className="toolbar">
        <form
          role="search"
          aria-label={t('searchLabel')}
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            setQ(text.trim());
          }}
        >
          <TextField label={t('searchLabel')} type="search" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
          <SelectField
            label={t('role')}
            value={role}
            onChange={(e) => setRole(e.target.value as Role | '')}
            options={[{ value: '', label: t('allRoles') }, ...ROLES.map((r) => ({ value: r, label: c(`role_${r}`) }))]}
          />
          <button type="submit">{s('search')}</button>
        </form>
        <button type="button" className="primary" onClick={() => setDialog({ kind: 'new' })}>
          {t('newUser')}
        </button>
      </div>
      {notice && <SuccessNotice onDismiss={() => setNotice(null)}>{notice}</SuccessNotice>}
      <ErrorBanner error={users.error} onRetry={users.reload} />
      {!users.loaded ? (
        users.loading && <Loading />
      ) : users.items.length === 0 ? (
        <p className="empty">{t('noUsers')}</p>
      ) : (
        <div className="table-wrap" aria-busy={users.loading}>
          <table className="data">
            <caption>{q ? t('resultsFor', { q }) : t('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('email')}</th>
                <th scope="col">{t('role')}</th>
                <th scope="col">{t('tier')}</th>
                <th scope="col">{t('teams')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{s('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.items.map((u) => (
                <tr key={u.id}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>{c(`role_${u.role}`)}</td>
                  <td>{u.tier}</td>
                  <td>{u.team_ids.map(teamName).join(', ')}</td>
                  <td>
                    <ActiveBadge active={u.active} />
                    {u.must_change_password && (
                      <>
                        {' '}
                        <span className="badge">{t('mustChangeBadge')}</span>
                      </>
                    )}
                  </td>
                  <td>
                    <div className="row">
                      <RowAction label={c('edit')} of={u.name} onClick={() => setDialog({ kind: 'edit', id: u.id })} />
                      <RowAction label={t('resetPassword')} of={u.name} onClick={() => setDialog({ kind: 'password', id: u.id })} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ShowMore paged={users} />
      <Dialog open={dialog?.kind === 'new'} title={t('newUser')} onClose={() => setDialog(null)}>
        <UserForm onCancel={() => setDialog(null)} onSaved={(u) => saved(u, true)} />
      </Dialog>
      <Dialog open={dialog?.kind === 'edit' && !!current} title={t('editUser', { name: current?.name ?? '' })} onClose={() => setDialog(null)}>
        {current && (
          <UserForm
            key={current.version}
            user={current}
            onCancel={() => setDialog(null)}
            onReload={() => reloadOne(current.id)}
            onSaved={(u) => saved(u, false)}
          />
        )}
      </Dialog>
      <Dialog open={dialog?.kind === 'password' && !!current} title={t('resetPasswordOf', { name: current?.name ?? '' })} onClose={() => setDialog(null)}>
        {current && (
          <ResetPasswordForm
            user={current}
            onCancel={() => setDialog(null)}
            onDone={(generated, mustChange) => {
              const text = t('passwordReset', { name: current.name }) + (mustChange ? ` ${t('mustChangeNext')}` : '');
              setDialog(null);
              reloadOne(current.id);
              setNotice(generated ? <OneTimePassword text={text} password={generated} /> : text);
            }}
          />
        )}
      </Dialog>
    </>
  );
}
