// The actions of the problem records' plans (docs/GUARDIAN.md, "Action plans"): the pieces the
// record page and the work list share — an action's status and overdue badge in words, its due
// time in the reader's time zone, and the controls that change it: "Mark done", which asks for the
// evidence (problem.write and the action's owner), reopen and cancel (problem.write) — and the work
// list itself (/guardian/actions): every staff member's actions of their teams and their own,
// filtered by team (the reader's teams first), owner, status and overdue in the address, soonest
// due first, where an owner records the completion right in the row.
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, query } from '../../app/api';
import { useAsync, useNow } from '../../app/data';
import { directory } from '../../app/directory';
import { useFormat, useT } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { can, useSession } from '../../app/session';
import { Dialog } from '../../ui/dialog';
import { ErrorBanner, LiveAnnouncement, Loading, useFieldErrors } from '../../ui/feedback';
import { Checkbox, SelectField, TextArea } from '../../ui/forms';
import { FormButtons, FormProblem, RowAction, useSubmit } from '../../ui/kit';
import {
  ACTION_STATUS_FILTERS,
  actionsFromSearch,
  actionsHref,
  actionsQuery,
  byDue,
  canComplete,
  isOverdue,
  teamsMineFirst,
  type ActionFilters,
  type ActionStatus,
  type ProblemAction,
} from './guardian';
import m from './guardian.i18n';

// "Open" / "Done" / "Cancelled", and "Overdue" beside an open action past its due time: words in
// badges, never a colour alone.
export function ActionStatusBadge(props: { action: ProblemAction; now: number }) {
  const t = useT(m);
  const a = props.action;
  return (
    <>
      <span className={`badge action-${a.status}`}>{t(`actionStatus_${a.status}`)}</span>
      {isOverdue(a, props.now) && (
        <>
          {' '}
          <span className="badge overdue">{t('overdue')}</span>
        </>
      )}
    </>
  );
}

// The due time in the reader's time zone (the full date as a tooltip).
export function DueTime(props: { at: string | null }) {
  const t = useT(m);
  const f = useFormat();
  if (!props.at) return <span className="muted">{t('noDue')}</span>;
  return (
    <time dateTime={props.at} title={f.full(props.at)}>
      {f.dateTime(props.at)}
    </time>
  );
}

export type ActionChange = 'done' | 'open' | 'cancelled';

// The buttons that change one action, for those who may: "Mark done" (asking for the evidence in a
// dialog), and for problem.write "Reopen" (a done or cancelled action) and "Cancel action". Each
// PATCH carries the version last read; someone else's change first gives the plain conflict
// message and a way to reload. After a change the keyboard goes to the action's row (its buttons
// change with its status; the row's header cell takes the focus).
export function ActionControls(props: {
  action: ProblemAction;
  writable: boolean;
  onChanged: (a: ProblemAction, how: ActionChange) => void;
  onReload: () => void;
}) {
  const t = useT(m);
  const { me } = useSession();
  const a = props.action;
  const [open, setOpen] = useState(false);
  const submit = useSubmit();
  const box = useRef<HTMLDivElement>(null);
  const completable = canComplete(a, me?.id, props.writable);
  const toRow = () => {
    const row = box.current?.closest('tr');
    requestAnimationFrame(() => row?.querySelector<HTMLElement>('th[tabindex]')?.focus());
  };
  const change = (status: ActionStatus) =>
    void submit.run(async () => {
      const x = await api.patch<ProblemAction>(`/api/v1/problem-actions/${a.id}`, { status, version: a.version });
      props.onChanged(x, status);
      toRow();
    });
  if (!completable && !props.writable) return null;
  return (
    <div className="stack action-controls" ref={box}>
      <div className="row wrap">
        {completable && <RowAction label={t('markDone')} of={a.title} onClick={() => setOpen(true)} disabled={submit.busy} />}
        {props.writable && a.status !== 'open' && <RowAction label={t('reopenAction')} of={a.title} onClick={() => change('open')} disabled={submit.busy} />}
        {props.writable && a.status === 'open' && <RowAction label={t('cancelAction')} of={a.title} onClick={() => change('cancelled')} disabled={submit.busy} danger />}
      </div>
      <FormProblem error={submit.error} noForm onReload={props.onReload} />
      {completable && (
        <MarkDoneDialog
          open={open}
          action={a}
          onClose={() => setOpen(false)}
          onDone={(x) => {
            setOpen(false);
            props.onChanged(x, 'done');
            toRow();
          }}
          onReload={() => {
            setOpen(false);
            props.onReload();
          }}
        />
      )}
    </div>
  );
}

// Asks for the evidence (an action is done only with it) and records the completion.
// The cells an action's row has wherever it is listed: owner, team, due date, and its status with
// the buttons that change it.
export function ActionCells(props: {
  action: ProblemAction;
  now: number;
  writable: boolean;
  onChanged: (a: ProblemAction, how: ActionChange) => void;
  onReload: () => void;
}) {
  const t = useT(m);
  const a = props.action;
  return (
    <>
      <td>{a.owner?.name || <span className="muted">{t('noOwner')}</span>}</td>
      <td>{a.team_name || <span className="muted">—</span>}</td>
      <td>
        <DueTime at={a.due_at} />
      </td>
      <td>
        <ActionStatusBadge action={a} now={props.now} />
        <ActionControls action={a} writable={props.writable} onChanged={props.onChanged} onReload={props.onReload} />
      </td>
    </>
  );
}

function MarkDoneDialog(props: { open: boolean; action: ProblemAction; onClose: () => void; onDone: (a: ProblemAction) => void; onReload: () => void }) {
  const t = useT(m);
  const a = props.action;
  const [evidence, setEvidence] = useState(a.evidence ?? '');
  const [local, setLocal] = useState('');
  const submit = useSubmit();
  const fieldError = useFieldErrors(submit.error);
  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!evidence.trim()) {
      setLocal(t('evidenceNeeded'));
      return;
    }
    setLocal('');
    void submit.run(async () => {
      props.onDone(await api.patch<ProblemAction>(`/api/v1/problem-actions/${a.id}`, { status: 'done', evidence: evidence.trim(), version: a.version }));
    });
  };
  const close = () => {
    submit.setError(null);
    setLocal('');
    props.onClose();
  };
  return (
    <Dialog open={props.open} title={t('markDoneTitle', { title: a.title })} onClose={close}>
      <form className="stack mark-done" onSubmit={save} noValidate>
        <FormProblem error={submit.error} shown={['evidence', 'status']} onReload={props.onReload} />
        <TextArea
          label={t('evidence')}
          hint={t('evidenceHint')}
          rows={5}
          maxLength={5000}
          required
          value={evidence}
          onChange={(e) => setEvidence(e.target.value)}
          error={local || fieldError('evidence') || fieldError('status')}
        />
        <FormButtons busy={submit.busy} label={t('markDone')} onCancel={close} />
      </form>
    </Dialog>
  );
}

// The work list: the actions the reader may see, filtered in the address.
export function ActionsPage() {
  const t = useT(m);
  const { me } = useSession();
  const { search } = useLocation();
  const filters = actionsFromSearch(search);
  const now = useNow();
  const readsRecords = can(me, 'problem.read');
  const writable = can(me, 'problem.write');
  const teams = useAsync(() => directory.teams(), []);
  const key = JSON.stringify(filters);
  const list = useAsync(
    () => api.get<{ items: ProblemAction[] }>('/api/v1/problem-actions' + query(actionsQuery(filters, me?.id))).then((x) => [...x.items].sort(byDue)),
    [key, me?.id],
  );
  const [announce, setAnnounce] = useState('');
  const set = (patch: Partial<ActionFilters>) => navigate(actionsHref({ ...filters, ...patch }), { replace: true });
  const teamOptions = [
    { value: '', label: t('anyTeam') },
    ...teamsMineFirst(teams.data ?? [], me?.team_ids ?? []).map((x) => ({ value: String(x.id), label: x.mine ? t('yourTeam', { name: x.name }) : x.name })),
  ];
  if (filters.team_id && !teamOptions.some((o) => o.value === filters.team_id)) teamOptions.push({ value: filters.team_id, label: `#${filters.team_id}` });
  const caption = t('actionsCaption');
  const headingId = useId();
  const changed = (x: ProblemAction, how: ActionChange) => {
    // The row stays where it is, with its new status, until the list is loaded again.
    list.setData((list.data ?? []).map((y) => (y.id === x.id ? x : y)));
    setAnnounce(t(how === 'done' ? 'actionDone' : how === 'cancelled' ? 'actionCancelled' : 'actionReopened', { title: x.title }));
  };
  return (
    <section className="problem-actions stack wide" aria-labelledby={headingId}>
      <LiveAnnouncement message={announce} />
      {readsRecords && (
        <p className="breadcrumbs">
          <Link to="/guardian">{t('backToBoard')}</Link>
        </p>
      )}
      <h1 id={headingId}>{t('actionsTitle')}</h1>
      <p className="muted">{t('actionsIntro')}</p>
      <form className="row wrap filters" role="search" aria-label={t('filterActions')} onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t('team')} value={filters.team_id} options={teamOptions} onChange={(e) => set({ team_id: e.target.value })} />
        <SelectField
          label={t('statusFilter')}
          value={filters.status}
          options={ACTION_STATUS_FILTERS.map((s) => ({ value: s, label: t(`statusFilter_${s}`) }))}
          onChange={(e) => set({ status: e.target.value as ActionFilters['status'] })}
        />
        <Checkbox label={t('onlyMine')} checked={filters.mine} onChange={(e) => set({ mine: e.target.checked })} />
        <Checkbox label={t('onlyOverdue')} checked={filters.overdue} onChange={(e) => set({ overdue: e.target.checked })} />
      </form>
      <ErrorBanner error={list.error} onRetry={list.reload} />
      {list.data === undefined ? (
        !list.error && <Loading />
      ) : list.data.length === 0 ? (
        <p className="empty">{t('noActionsFound')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={caption} aria-busy={list.loading}>
          <table className="data problem-actions">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('colAction')}</th>
                <th scope="col">{t('colProblem')}</th>
                <th scope="col">{t('colKind')}</th>
                <th scope="col">{t('colOwner')}</th>
                <th scope="col">{t('colTeam')}</th>
                <th scope="col">{t('colDue')}</th>
                <th scope="col">{t('colStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((a) => (
                <tr key={a.id}>
                  <th scope="row" tabIndex={-1}>
                    {a.title}
                    {a.status === 'done' && a.evidence && <div className="muted prewrap evidence">{a.evidence}</div>}
                  </th>
                  <td>
                    {readsRecords ? (
                      <Link to={`/guardian/problems/${a.problem_id}`}>{t('problemLink', { id: a.problem_id, title: a.problem_title })}</Link>
                    ) : (
                      t('problemLink', { id: a.problem_id, title: a.problem_title })
                    )}
                  </td>
                  <td>{t(`kindOption_${a.kind}`)}</td>
                  <ActionCells action={a} now={now} writable={writable} onChanged={changed} onReload={list.reload} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
