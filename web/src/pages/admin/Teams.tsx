// Teams (team.write): the list, creating, changing and deleting a team, and its members (added
// and removed one at a time, so two people editing members don't overwrite each other).
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { directory, invalidate } from '../../app/directory';
import { useFormat, useT } from '../../app/i18n';
import type { ListOf, Team, User } from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { ErrorBanner, LiveAnnouncement, Loading, useFieldErrors } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/forms';
import { CheckboxGroup, FormButtons, FormProblem, RowAction, staffOptions, SuccessNotice, useSubmit } from '../../ui/kit';
import shared from '../../ui/kit.i18n';
import m from './teams.i18n';

const TEAM_FIELDS = ['name', 'description', 'manager_id', 'member_ids'];

function TeamForm(props: { team?: Team; users: User[]; onSaved: (x: Team) => void; onCancel: () => void; onReload?: () => void }) {
  const t = useT(m);
  const c = useT(common);
  const x = props.team;
  const [name, setName] = useState(x?.name ?? '');
  const [description, setDescription] = useState(x?.description ?? '');
  const [manager, setManager] = useState(x?.manager_id ? String(x.manager_id) : '');
  const [members, setMembers] = useState<string[]>([]);
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = { name, description, manager_id: manager ? Number(manager) : null };
    if (!x) body.member_ids = members.map(Number);
    void s.run(async () => {
      props.onSaved(x ? await api.patch<Team>(`/api/v1/teams/${x.id}`, body, { ifMatch: x.version }) : await api.post<Team>('/api/v1/teams', body));
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FormProblem error={s.error} shown={TEAM_FIELDS} onReload={props.onReload} />
      <TextField label={t('name')} value={name} onChange={(e) => setName(e.target.value)} error={fe('name')} required maxLength={200} autoComplete="off" />
      <TextField label={t('description')} value={description} onChange={(e) => setDescription(e.target.value)} error={fe('description')} maxLength={1000} />
      <SelectField
        label={t('manager')}
        value={manager}
        onChange={(e) => setManager(e.target.value)}
        options={staffOptions(props.users, x?.manager_id, c('none'))}
        error={fe('manager_id')}
      />
      {!x && (
        <CheckboxGroup
          legend={t('members')}
          options={staffOptions(props.users, null)}
          value={members}
          onChange={setMembers}
          error={fe('member_ids')}
          filterLabel={t('filterPeople')}
        />
      )}
      <FormButtons busy={s.busy} label={x ? c('save') : c('create')} onCancel={props.onCancel} />
    </form>
  );
}

// The members of a team: remove one, add one.
function Members(props: { team: Team; users: User[]; onChanged: (x: Team) => void }) {
  const t = useT(m);
  const c = useT(common);
  const [pick, setPick] = useState('');
  const [announce, setAnnounce] = useState('');
  const add = useRef<HTMLFormElement>(null);
  const s = useSubmit();
  const userName = (id: number) => props.users.find((u) => u.id === id)?.name ?? `#${id}`;
  const members = [...props.team.member_ids].sort((a, b) => userName(a).localeCompare(userName(b)));
  const candidates = staffOptions(
    props.users.filter((u) => !props.team.member_ids.includes(u.id)),
    null,
  );
  const change = (userId: number, member: boolean) =>
    s.run(async () => {
      const path = `/api/v1/teams/${props.team.id}/members/${userId}`;
      const updated = member ? await api.put<Team>(path) : await api.delete<Team>(path);
      props.onChanged(updated);
      setAnnounce(t(member ? 'memberAdded' : 'memberRemoved', { name: userName(userId), team: props.team.name }));
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!pick) return;
    void change(Number(pick), true).then((ok) => ok && setPick(''));
  };
  return (
    <div className="stack">
      <LiveAnnouncement message={announce} />
      <ErrorBanner error={s.error} />
      {members.length === 0 ? (
        <p className="empty">{t('noMembers')}</p>
      ) : (
        <ul className="stack" aria-label={t('membersOf', { name: props.team.name })}>
          {members.map((id) => (
            <li key={id} className="row">
              <span>{userName(id)}</span>
              <button
                type="button"
                className="link"
                disabled={s.busy}
                onClick={() => {
                  void change(id, false).then(() => add.current?.querySelector('select')?.focus());
                }}
              >
                {c('remove')}
                <span className="visually-hidden"> ({userName(id)})</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form ref={add} className="row" onSubmit={submit}>
        <SelectField
          label={t('addMember')}
          value={pick}
          onChange={(e) => setPick(e.target.value)}
          options={[{ value: '', label: t('choosePerson') }, ...candidates]}
        />
        <button type="submit" disabled={!pick || s.busy} aria-busy={s.busy}>
          {c('add')}
        </button>
      </form>
    </div>
  );
}

function DeleteTeam(props: { team: Team; onDeleted: () => void; onCancel: () => void }) {
  const t = useT(m);
  const c = useT(common);
  const s = useSubmit();
  const inUse = s.error instanceof ApiError && s.error.status === 409;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      await api.delete(`/api/v1/teams/${props.team.id}`);
      props.onDeleted();
    });
  };
  return (
    <form className="stack" onSubmit={submit}>
      <p>{t('deleteText', { name: props.team.name })}</p>
      {inUse ? (
        <div className="banner error" role="alert">
          {t('deleteInUse')}
        </div>
      ) : (
        <ErrorBanner error={s.error} />
      )}
      <div className="row">
        <button type="submit" className="danger" disabled={s.busy} aria-busy={s.busy}>
          {t('deleteTeam')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {c('cancel')}
        </button>
      </div>
    </form>
  );
}

type DialogState = { kind: 'new' } | { kind: 'edit' | 'members' | 'delete'; id: number } | null;

export function TeamsAdmin() {
  const t = useT(m);
  const c = useT(common);
  const s = useT(shared);
  const f = useFormat();
  const teams = useAsync(() => api.get<ListOf<Team>>('/api/v1/teams').then((l) => l.items), []);
  const users = useAsync(() => directory.users(), []);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [notice, setNotice] = useState('');
  const list = [...(teams.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const current = dialog && dialog.kind !== 'new' ? list.find((x) => x.id === dialog.id) : undefined;
  const people = users.data ?? [];
  const userName = (id: number | null) => (id === null ? '' : people.find((u) => u.id === id)?.name ?? `#${id}`);
  const changed = () => invalidate('teams', 'users');  // memberships live on both
  const put = (x: Team) => {
    changed();
    teams.setData([...(teams.data ?? []).filter((y) => y.id !== x.id), x]);
  };
  return (
    <>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setDialog({ kind: 'new' })}>
          {t('newTeam')}
        </button>
      </div>
      {notice && <SuccessNotice onDismiss={() => setNotice('')}>{notice}</SuccessNotice>}
      <ErrorBanner error={teams.error ?? users.error} onRetry={teams.reload} />
      {!teams.data ? (
        teams.loading && <Loading />
      ) : list.length === 0 ? (
        <p className="empty">{t('noTeams')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption>{t('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('description')}</th>
                <th scope="col">{t('manager')}</th>
                <th scope="col">{t('members')}</th>
                <th scope="col">{s('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => (
                <tr key={x.id}>
                  <td>{x.name}</td>
                  <td>{x.description}</td>
                  <td>{x.manager_id ? userName(x.manager_id) : <span className="muted">{c('none')}</span>}</td>
                  <td className="num">{f.number(x.member_ids.length)}</td>
                  <td>
                    <div className="row">
                      <RowAction label={c('edit')} of={x.name} onClick={() => setDialog({ kind: 'edit', id: x.id })} />
                      <RowAction label={t('manageMembers')} of={x.name} onClick={() => setDialog({ kind: 'members', id: x.id })} />
                      <RowAction label={c('delete')} of={x.name} onClick={() => setDialog({ kind: 'delete', id: x.id })} danger />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog open={dialog?.kind === 'new'} title={t('newTeam')} onClose={() => setDialog(null)}>
        <TeamForm
          users={people}
          onCancel={() => setDialog(null)}
          onSaved={(x) => {
            put(x);
            setDialog(null);
            setNotice(t('created', { name: x.name }));
          }}
        />
      </Dialog>
      <Dialog open={dialog?.kind === 'edit' && !!current} title={t('editTeam', { name: current?.name ?? '' })} onClose={() => setDialog(null)}>
        {current && (
          <TeamForm
            key={current.version}
            team={current}
            users={people}
            onCancel={() => setDialog(null)}
            onReload={teams.reload}
            onSaved={(x) => {
              put(x);
              setDialog(null);
              setNotice(t('saved', { name: x.name }));
            }}
          />
        )}
      </Dialog>
      <Dialog open={dialog?.kind === 'members' && !!current} title={t('membersOf', { name: current?.name ?? '' })} onClose={() => setDialog(null)}>
        {current && <Members team={current} users={people} onChanged={put} />}
      </Dialog>
      <Dialog open={dialog?.kind === 'delete' && !!current} title={t('deleteTitle', { name: current?.name ?? '' })} onClose={() => setDialog(null)}>
        {current && (
          <DeleteTeam
            team={current}
            onCancel={() => setDialog(null)}
            onDeleted={() => {
              changed();
              teams.setData((teams.data ?? []).filter((y) => y.id !== current.id));
              setDialog(null);
              setNotice(t('deleted', { name: current.name }));
            }}
          />
        )}
      </Dialog>
    </>
  );
}
