// The parts of a saved problem record below its form (docs/GUARDIAN.md): the action plan — the
// actions under their kinds with owner, team, due time, status, overdue badge and evidence, the
// days to fix and to prevention, a form to add one (problem.write) and each action's controls —;
// the files, with an upload (problem.write; the ticket composer's picker and upload); the
// recurrence — the group of records with the same root cause, the records that look alike with a
// "group with" button, and what came back —; and the timeline, oldest first, with a comment box.
// Each change is reported to the page, which reads the record and its timeline again.
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError, query } from '../../app/api';
import { useAsync, useNow } from '../../app/data';
import { directory } from '../../app/directory';
import { useFormat, useLocale, useT } from '../../app/i18n';
import { Link } from '../../app/router';
import { can, useSession } from '../../app/session';
import { AttachmentPicker, uploadEach } from '../../ui/Attachments';
import { ErrorBanner, Loading, Notice, useFieldErrors } from '../../ui/feedback';
import { refocus } from '../../ui/focus';
import { SelectField, TextArea, TextField } from '../../ui/forms';
import { Icon } from '../../ui/icons';
import { FormButtons, FormProblem, staffOptions, useSubmit } from '../../ui/kit';
import { ActionCells, type ActionChange } from './Actions';
import {
  actionBody,
  actionDraft,
  actionsByKind,
  canGroupWith,
  daysSentence,
  eventLine,
  personName,
  placeActionField,
  similarityPercent,
  SOLUTION_KINDS,
  type ActionDraft,
  type Problem,
  type ProblemAction,
  type ProblemEvent,
  type ProblemFile,
  type SolutionKind,
  type Suggestion,
} from './guardian';
import { ProblemStatusBadge } from './Guardian';
import m from './guardian.i18n';

// ---- the action plan

export function ActionPlan(props: { problem: Problem; onChanged: (message: string) => void; onReload: () => void }) {
  const t = useT(m);
  const f = useFormat();
  const { locale } = useLocale();
  const { me } = useSession();
  const now = useNow();
  const p = props.problem;
  const writable = can(me, 'problem.write');
  const changed = (a: ProblemAction, how: ActionChange) =>
    props.onChanged(t(how === 'done' ? 'actionDone' : how === 'cancelled' ? 'actionCancelled' : 'actionReopened', { title: a.title }));
  return (
    <section className="card stack action-plan" id="action-plan" aria-labelledby="action-plan-heading">
      <h2 id="action-plan-heading">{t('actionPlan')}</h2>
      <ul className="plain time-to">
        <li id="time-to-fix">{daysSentence('fix', p.time_to_fix_days, t, locale)}</li>
        <li id="time-to-prevention">{daysSentence('prevention', p.time_to_prevention_days, t, locale)}</li>
      </ul>
      {actionsByKind(p.actions ?? []).map((g) => {
        const heading = t(`actionsOfKind_${g.kind}`);
        return (
          <div key={g.kind} className="stack actions-of-kind">
            <h3 id={`actions-${g.kind}`}>{heading}</h3>
            {g.actions.length === 0 ? (
              <p className="empty">{t('noActionsOfKind')}</p>
            ) : (
              <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`actions-${g.kind}`}>
                <table className="data actions">
                  <caption className="visually-hidden">{heading}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('colAction')}</th>
                      <th scope="col">{t('colOwner')}</th>
                      <th scope="col">{t('colTeam')}</th>
                      <th scope="col">{t('colDue')}</th>
                      <th scope="col">{t('colStatus')}</th>
                      <th scope="col">{t('colEvidence')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {g.actions.map((a) => (
                      <tr key={a.id}>
                        <th scope="row" tabIndex={-1}>
                          {a.title}
                        </th>
                        <ActionCells action={a} now={now} writable={writable} onChanged={changed} onReload={props.onReload} />
                        <td>
                          {a.evidence ? <div className="prewrap evidence">{a.evidence}</div> : <span className="muted">{t('noEvidence')}</span>}
                          {a.status === 'done' && a.done_at && (
                            <div className="muted">
                              {a.done_by ? t('doneBy', { when: f.dateTime(a.done_at), name: personName(a.done_by) }) : t('doneOn', { when: f.dateTime(a.done_at) })}
                            </div>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        );
      })}
      {writable && <AddAction problem={p} onAdded={(a) => props.onChanged(t('actionAdded', { title: a.title }))} />}
    </section>
  );
}

function AddAction(props: { problem: Problem; onAdded: (a: ProblemAction) => void }) {
  const t = useT(m);
  const { timeZone } = useLocale();
  const p = props.problem;
  const [d, setD] = useState<ActionDraft>(() => actionDraft(p));
  const set = (patch: Partial<ActionDraft>) => setD((x) => ({ ...x, ...patch }));
  const submit = useSubmit();
  const fieldError = useFieldErrors(submit.error);
  const err = (k: string) => fieldError(k) ?? (k === 'owner_user_id' ? fieldError('owner_id') ?? fieldError('owner') : undefined);
  const users = useAsync(() => directory.users(), []);
  const teams = useAsync(() => directory.teams(), []);
  const form = useRef<HTMLFormElement>(null);
  const shown = submit.error instanceof ApiError ? Object.keys(submit.error.fields).filter((x) => placeActionField(x) !== null) : [];
  const save = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      const a = await api.post<ProblemAction>(`/api/v1/problems/${p.id}/actions`, actionBody(d, timeZone));
      // The next action is most often another of the same kind, for the same people.
      setD((x) => ({ ...x, title: '', due_at: '' }));
      props.onAdded(a);
      refocus(form.current?.querySelector('input'));
    });
  };
  return (
    <form ref={form} className="stack add-action" onSubmit={save} noValidate aria-labelledby="add-action-heading">
      <h3 id="add-action-heading">{t('addAction')}</h3>
      <FormProblem error={submit.error} shown={shown} />
      <div className="row wrap">
        <SelectField
          label={t('actionKind')}
          value={d.kind}
          options={SOLUTION_KINDS.map((k) => ({ value: k, label: t(`kindOption_${k}`) }))}
          onChange={(e) => set({ kind: e.target.value as SolutionKind })}
          error={err('kind')}
        />
        <TextField label={t('actionTitle')} value={d.title} maxLength={200} required onChange={(e) => set({ title: e.target.value })} error={err('title')} />
      </div>
      <div className="row wrap">
        <SelectField
          label={t('actionOwner')}
          value={d.owner_user_id}
          options={staffOptions(users.data ?? [], null, t('chooseOwner'))}
          onChange={(e) => set({ owner_user_id: e.target.value })}
          error={err('owner_user_id')}
        />
        <SelectField
          label={t('actionTeam')}
          value={d.team_id}
          options={[
            { value: '', label: t('chooseTeam') },
            ...(teams.data ?? []).map((x) => ({ value: String(x.id), label: x.name })),
            ...(d.team_id && teams.data && !teams.data.some((x) => String(x.id) === d.team_id) ? [{ value: d.team_id, label: p.team_name || `#${d.team_id}` }] : []),
          ]}
          onChange={(e) => set({ team_id: e.target.value })}
          error={err('team_id')}
        />
        <TextField
          label={t('actionDue')}
          type="datetime-local"
          hint={t('dueHint', { zone: timeZone.replaceAll('_', ' ') })}
          value={d.due_at}
          onChange={(e) => set({ due_at: e.target.value })}
          error={err('due_at')}
        />
      </div>
      <FormButtons busy={submit.busy} label={t('addActionButton')} />
    </form>
  );
}

// ---- the files

export function ProblemFiles(props: { problem: Problem; onChanged: (message: string) => void }) {
  const t = useT(m);
  const f = useFormat();
  const { me } = useSession();
  const p = props.problem;
  const files = p.files ?? [];
  const [chosen, setChosen] = useState<File[]>([]);
  const submit = useSubmit();
  const fieldError = useFieldErrors(submit.error);
  const upload = (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length === 0) return;
    const count = chosen.length;
    void submit.run(async () => {
      // Each stored file leaves the list at once: a failure part-way keeps only those not sent.
      await uploadEach<ProblemFile>(
        chosen,
        (file) => `/api/v1/problems/${p.id}/attachments${query({ filename: file.name })}`,
        (_, file) => setChosen((left) => left.filter((x) => x !== file)),
      );
      props.onChanged(count === 1 ? t('uploadedOne') : t('uploadedMany', { count }));
    });
  };
  return (
    <section className="card stack problem-files" id="problem-files" aria-labelledby="problem-files-heading">
      <h2 id="problem-files-heading">{t('files')}</h2>
      {files.length === 0 ? (
        <p className="empty">{t('noFiles')}</p>
      ) : (
        <ul className="attachments" aria-label={t('files')}>
          {files.map((x) => (
            <li key={x.id}>
              <a href={`/api/v1/problem-files/${x.id}`} download={x.filename}>
                <Icon name="clip" /> {x.filename}
              </a>{' '}
              <span className="muted">
                {x.uploaded_by
                  ? t('fileBy', { size: f.bytes(x.size), name: personName(x.uploaded_by), when: f.dateTime(x.created_at) })
                  : t('fileOn', { size: f.bytes(x.size), when: f.dateTime(x.created_at) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {can(me, 'problem.write') && (
        <form className="stack" onSubmit={upload} noValidate>
          <ErrorBanner error={submit.error} shown={['filename', 'file']} />
          <AttachmentPicker files={chosen} onChange={setChosen} disabled={submit.busy} error={fieldError('filename') ?? fieldError('file')} />
          <FormButtons busy={submit.busy} label={t('upload')} disabled={chosen.length === 0} />
        </form>
      )}
    </section>
  );
}

// ---- recurrence

export function Recurrence(props: {
  problem: Problem;
  recurredMessage: string;
  onGrouped: (x: Problem, message: string) => void;
  onReload: () => void;
}) {
  const t = useT(m);
  const { locale } = useLocale();
  const { me } = useSession();
  const p = props.problem;
  const writable = can(me, 'problem.write');
  const suggestions = useAsync(() => api.get<{ items: Suggestion[] }>(`/api/v1/problems/${p.id}/suggestions`).then((x) => x.items), [p.id, p.group_id]);
  const submit = useSubmit();
  const group = (id: number) =>
    void submit.run(async () => {
      const x = await api.patch<Problem>(`/api/v1/problems/${p.id}`, { group_with: id, version: p.version });
      props.onGrouped(x, id === 0 ? t('leftGroup', { id: p.id }) : t('groupedWith', { id: p.id, other: id }));
    });
  const members = p.group ?? [];
  const inGroup = !!p.group_id || members.length > 1;
  return (
    <section className="card stack recurrence" id="recurrence" aria-labelledby="recurrence-heading">
      <h2 id="recurrence-heading">{t('recurrence')}</h2>
      {props.recurredMessage && <Notice kind="warning">{props.recurredMessage}</Notice>}
      <FormProblem error={submit.error} noForm onReload={props.onReload} />
      <h3 id="group-heading">{t('groupMembers')}</h3>
      {!inGroup ? (
        <p className="empty">{t('notGrouped')}</p>
      ) : (
        <>
          <ul className="plain group-members">
            {members.map((x) => (
              <li key={x.id}>
                {x.id === p.id ? (
                  <>
                    {t('problemLink', { id: x.id, title: x.title })} <span className="muted">{t('thisRecord')}</span>
                  </>
                ) : (
                  <Link to={`/guardian/problems/${x.id}`}>{t('problemLink', { id: x.id, title: x.title })}</Link>
                )}{' '}
                <ProblemStatusBadge status={x.status} />
              </li>
            ))}
          </ul>
          {writable && (
            <div className="row">
              <button type="button" onClick={() => group(0)} disabled={submit.busy}>
                {t('leaveGroup')}
              </button>
            </div>
          )}
        </>
      )}
      <h3 id="suggestions-heading">{t('suggestions')}</h3>
      <ErrorBanner error={suggestions.error} onRetry={suggestions.reload} />
      {suggestions.data === undefined ? (
        !suggestions.error && <Loading />
      ) : suggestions.data.length === 0 ? (
        <p className="empty">{t('noSuggestions')}</p>
      ) : (
        <ul className="plain suggestions" aria-labelledby="suggestions-heading">
          {suggestions.data.map((s) => (
            <li key={s.problem.id}>
              <Link to={`/guardian/problems/${s.problem.id}`}>{t('problemLink', { id: s.problem.id, title: s.problem.title })}</Link>{' '}
              <ProblemStatusBadge status={s.problem.status} />{' '}
              <span className="muted">
                {t('alike', { percent: similarityPercent(s.similarity, locale) })}
                {s.same_category && `, ${t('sameCategory')}`}
              </span>
              {writable && canGroupWith(s, p) && (
                <>
                  {' '}
                  <button type="button" onClick={() => group(s.problem.id)} disabled={submit.busy}>
                    {t('groupWith', { id: s.problem.id })}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// ---- the timeline

export function ProblemTimeline(props: { problem: Problem; tick: number; onCommented: (message: string) => void }) {
  const t = useT(m);
  const f = useFormat();
  const p = props.problem;
  const events = useAsync(() => api.get<{ items: ProblemEvent[] }>(`/api/v1/problems/${p.id}/events`).then((x) => x.items), [p.id, props.tick]);
  const teams = useAsync(() => directory.teams(), []);
  const ctx = {
    t,
    self: p.id,
    actions: p.actions ?? [],
    files: p.files ?? [],
    group: p.group ?? [],
    dateTime: (iso: string) => f.dateTime(iso),
    teamName: (id: string) => teams.data?.find((x) => String(x.id) === id)?.name,
  };
  return (
    <section className="card stack problem-timeline" id="problem-timeline" aria-labelledby="problem-timeline-heading">
      <h2 id="problem-timeline-heading">{t('timeline')}</h2>
      <ErrorBanner error={events.error} onRetry={events.reload} />
      {events.data === undefined ? (
        !events.error && <Loading />
      ) : events.data.length === 0 ? (
        <p className="empty">{t('noEvents')}</p>
      ) : (
        <ol className="timeline" aria-label={t('timeline')}>
          {events.data.map((e) => {
            const line = eventLine(e, ctx);
            const when = (
              <time dateTime={e.at} title={f.full(e.at)}>
                {f.dateTime(e.at)}
              </time>
            );
            if (e.type === 'comment') {
              return (
                <li key={e.id} className="entry reply">
                  <article aria-label={line.text}>
                    <header>
                      <span className="kind">{t('comment')}</span>
                      <strong>{e.author?.name ?? t('evSystem')}</strong> {when}
                    </header>
                    <div className="body">{line.body}</div>
                  </article>
                </li>
              );
            }
            return (
              <li key={e.id} className={`entry change event-${e.type}`}>
                <span className="what">
                  {line.text}
                  {line.link && (
                    <>
                      {' '}
                      {line.link.app ? (
                        <Link to={line.link.href}>{line.link.label}</Link>
                      ) : (
                        <a href={line.link.href} download={line.link.download}>
                          {line.link.label}
                        </a>
                      )}
                    </>
                  )}
                  {line.body && <span className="reason"> {line.body}</span>}
                </span>{' '}
                {when}
              </li>
            );
          })}
        </ol>
      )}
      <CommentBox problemId={p.id} onPosted={() => props.onCommented(t('commentPosted'))} />
    </section>
  );
}

function CommentBox(props: { problemId: number; onPosted: () => void }) {
  const t = useT(m);
  const [body, setBody] = useState('');
  const submit = useSubmit();
  const fieldError = useFieldErrors(submit.error);
  const form = useRef<HTMLFormElement>(null);
  const post = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      await api.post(`/api/v1/problems/${props.problemId}/comments`, { body });
      setBody('');
      props.onPosted();
      refocus(form.current?.querySelector('textarea'));
    });
  };
  return (
    <form ref={form} className="stack comment-box" onSubmit={post} noValidate>
      <ErrorBanner error={submit.error} shown={['body']} />
      <TextArea label={t('comment')} hint={t('commentHint')} rows={4} maxLength={20000} value={body} onChange={(e) => setBody(e.target.value)} error={fieldError('body')} />
      <FormButtons busy={submit.busy} label={t('postComment')} disabled={!body.trim()} />
    </form>
  );
}
