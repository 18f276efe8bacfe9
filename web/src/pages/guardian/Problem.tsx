// One problem record (/guardian/problems/:id) and a new one (/guardian/problems/new): what
// happened; who and where; the cause; the GUT grades with the live score (the server's
// gut-preview under the current rule, asked a moment after the grades settle, an older answer
// never replacing a newer one) and the solutions the level makes mandatory marked in their labels;
// the solutions; the linked tickets and problems. A record's status with a button for each move
// allowed from here (docs/GUARDIAN.md, "Moving on"): a move saves what was changed with it, and a
// refused one shows the server's messages under the fields they name. Saved with the version last
// read (someone else's save first: the plain conflict message, the edit kept). While a new record
// is typed, the records that look alike ("Looks like:", asked a moment after typing stops). A saved
// record's action plan, files, recurrence and timeline follow the form (ProblemSections.tsx); a
// change there reads the record again without losing what was typed in the form.
import { useEffect, useRef, useState, type FormEvent, type MutableRefObject, type ReactNode } from 'react';
import { api, ApiError, query } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { directory, loadAll } from '../../app/directory';
import { useFormat, useLocale, useT } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { translateServerText } from '../../app/server-text';
import { can, useSession } from '../../app/session';
import type { Contact, ListOf, Organisation, TicketStatus } from '../../model/types';
import { StatusBadge } from '../../ui/badges';
import { ErrorBanner, LiveAnnouncement, Loading, Notice, useErrorText } from '../../ui/feedback';
import { usePlacedErrors } from '../../ui/fieldPlaces';
import { SelectField, TextArea, TextField, type Option } from '../../ui/forms';
import { CheckboxGroup, Details, FormButtons, FormProblem, RowAction, staffOptions, useSubmit } from '../../ui/kit';
import {
  allowedMoves,
  alreadyRecorded,
  CAUSE_CATEGORIES,
  gradeChoices,
  gradesOf,
  joinWords,
  moveLabelKey,
  parseId,
  placeProblemField,
  problemBody,
  problemChanges,
  problemDraft,
  recurredIds,
  similarityPercent,
  SOLUTION_KINDS,
  suggestText,
  withId,
  type GuardianSettings,
  type GutResult,
  type Move,
  type Problem,
  type ProblemDraft,
  type ProblemStatus,
  type SolutionKind,
  type Suggestion,
} from './guardian';
import { levelName, ProblemStatusBadge, statusName } from './Guardian';
import m from './guardian.i18n';
import { ActionPlan, ProblemFiles, ProblemTimeline, Recurrence } from './ProblemSections';

type Focus = 'save' | 'status' | null;

// The form as opened and as it is now: kept when the record is read again after a change below the
// form (an action, a file, a group), so what was typed survives the new version.
interface FormState {
  initial: ProblemDraft;
  draft: ProblemDraft;
}

export function ProblemPage(props: { id?: number }) {
  const t = useT(m);
  const f = useFormat();
  const { locale } = useLocale();
  const { search } = useLocation();
  const existing = useAsync(() => (props.id ? api.get<Problem>(`/api/v1/problems/${props.id}`) : Promise.resolve(null)), [props.id]);
  const settings = useAsync(() => api.get<GuardianSettings>('/api/v1/guardian/settings'), []);
  const orgs = useAsync(() => loadAll<Organisation>('/api/v1/organisations', { active: true }), []);
  // Reached by uploading an apology e-mail recorded before (Guardian.tsx): said once it is shown.
  const [announce, setAnnounce] = useState(() => (props.id && alreadyRecorded(search) ? t('alreadyRecorded', { id: props.id }) : ''));
  // Where the keyboard goes once the saved record's form replaces the one that saved it.
  const [focus, setFocus] = useState<Focus>(null);
  // The timeline is read again whenever this moves on.
  const [tick, setTick] = useState(0);
  // What came back when this record joined a group (docs/GUARDIAN.md, "Recurrence").
  const [recurred, setRecurred] = useState('');
  const formState = useRef<FormState | null>(null);
  const [carry, setCarry] = useState<FormState | null>(null);
  if (existing.error) return <ErrorBanner error={existing.error} onRetry={existing.reload} />;
  if (existing.data === undefined) return <Loading />;
  const p = existing.data;
  // The record as read again after a change below the form; the form keeps what was typed.
  const adopt = (x: Problem) => {
    const s = formState.current;
    setCarry(s && Object.keys(problemChanges(s.initial, s.draft)).length > 0 ? s : null);
    setFocus(null);  // the keyboard stays where the change was made
    existing.setData(x);
    setTick((n) => n + 1);
  };
  const refresh = (message: string) => {
    if (message) setAnnounce(message);
    if (!p) return;
    api.get<Problem>(`/api/v1/problems/${p.id}`).then(adopt, () => setTick((n) => n + 1));
  };
  const grouped = (x: Problem, message: string) => {
    const ids = recurredIds(x.recurred);
    setRecurred(ids.length ? t(ids.length === 1 ? 'recurredOne' : 'recurredMany', { records: joinWords(ids.map((id) => t('problemN', { id })), locale) }) : '');
    adopt(x);
    setAnnounce(message);
  };
  const saved = (x: Problem, how: 'saved' | 'moved') => {
    setCarry(null);
    setTick((n) => n + 1);
    existing.setData(x);
    setFocus(how === 'moved' ? 'status' : 'save');
    setAnnounce(how === 'moved' ? t('moved', { id: x.id, status: statusName(t, x.status) }) : t('saved', { id: x.id }));
  };
  return (
    <article className="stack problem-page">
      <LiveAnnouncement message={announce} />
      <p className="breadcrumbs">
        <Link to="/guardian">{t('backToBoard')}</Link>
      </p>
      <h1>{p ? t('recordTitle', { id: p.id, title: p.title }) : t('newTitle')}</h1>
      {p && search.get('created') && <Notice kind="success">{t('created', { id: p.id })}</Notice>}
      {p && (
        <Details
          items={[
            [t('reportedAt'), <time dateTime={p.reported_at}>{f.dateTime(p.reported_at)}</time>],
            [t('createdAt'), <time dateTime={p.created_at}>{f.dateTime(p.created_at)}</time>],
            [t('updatedAt'), <time dateTime={p.updated_at}>{f.dateTime(p.updated_at)}</time>],
            ...(p.closed_at ? [[t('closedAt'), <time dateTime={p.closed_at}>{f.dateTime(p.closed_at)}</time>] as [ReactNode, ReactNode]] : []),
          ]}
        />
      )}
      {settings.error ? <ErrorBanner error={settings.error} onRetry={settings.reload} /> : null}
      <ProblemForm
        key={p ? `${p.id}-${p.version}` : 'new'}
        problem={p}
        settings={settings.data}
        organisations={orgs.data ?? []}
        focus={focus}
        carry={carry}
        state={formState}
        onSaved={saved}
        onAnnounce={setAnnounce}
        onReload={() => {
          setCarry(null);
          existing.reload();
        }}
      />
      {p && (
        <>
          <ActionPlan problem={p} onChanged={refresh} onReload={() => refresh('')} />
          <ProblemFiles problem={p} onChanged={refresh} />
          <Recurrence problem={p} recurredMessage={recurred} onGrouped={grouped} onReload={() => refresh('')} />
          <ProblemTimeline
            problem={p}
            tick={tick}
            onCommented={(message) => {
              setAnnounce(message);
              setTick((n) => n + 1);
            }}
          />
        </>
      )}
    </article>
  );
}

// The live score of the grades chosen: the record's own while its grades are as saved, otherwise
// the server's preview under the current rule, asked once the grades have settled for a moment.
// An answer that arrives after the grades changed again is dropped.
function useGutPreview(draft: ProblemDraft, problem: Problem | null): { result: GutResult | null; error: unknown } {
  const grades = gradesOf(draft);
  const key = grades ? `${grades.gravity},${grades.urgency},${grades.tendency}` : '';
  const savedKey = problem?.gut ? `${problem.gravity},${problem.urgency},${problem.tendency}` : null;
  const [state, setState] = useState<{ key: string; result: GutResult | null; error: unknown }>(() => ({
    key: savedKey ?? '',
    result: problem?.gut ?? null,
    error: null,
  }));
  useEffect(() => {
    if (!grades) {
      setState({ key: '', result: null, error: null });
      return;
    }
    if (problem?.gut && key === savedKey) {
      setState({ key, result: problem.gut, error: null });
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      api.post<GutResult>('/api/v1/guardian/gut-preview', grades).then(
        (result) => live && setState({ key, result, error: null }),
        (error) => live && setState({ key, result: null, error }),
      );
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  // Until the answer for these grades arrives, the last one stays on screen.
  return { result: state.result, error: state.key === key ? state.error : null };
}

function ProblemForm(props: {
  problem: Problem | null;
  settings: GuardianSettings | undefined;
  organisations: Organisation[];
  focus: Focus;
  carry: FormState | null;
  state: MutableRefObject<FormState | null>;
  onSaved: (p: Problem, how: 'saved' | 'moved') => void;
  onAnnounce: (text: string) => void;
  onReload: () => void;
}) {
  const t = useT(m);
  const c = useT(common);
  const { locale } = useLocale();
  const errorText = useErrorText();
  const { me } = useSession();
  const p = props.problem;
  const writable = can(me, 'problem.write');
  const [initial] = useState(() => props.carry?.initial ?? problemDraft(p, new Date(), me?.kind === 'staff' ? me.id : undefined));
  const [d, setD] = useState(() => props.carry?.draft ?? initial);
  props.state.current = { initial, draft: d };
  const looksLike = useLooksLike(!p && can(me, 'problem.read') ? suggestText(d.title, d.description) : '', d.error_category);
  const set = (patch: Partial<ProblemDraft>) => setD((x) => ({ ...x, ...patch }));
  const submit = useSubmit();
  const placed = usePlacedErrors(submit.error, placeProblemField, {});
  const err = placed.at;
  const gut = useGutPreview(d, p);
  const required = new Set<SolutionKind>(gut.result?.required ?? []);
  const teams = useAsync(() => directory.teams(), []);
  const users = useAsync(() => directory.users(), []);
  const orgKey = [...d.organisation_ids].sort().join(',');
  const contacts = useAsync(
    () =>
      Promise.all(
        d.organisation_ids.map((o) => api.get<ListOf<Contact>>('/api/v1/contacts' + query({ organisation_id: o, active: true, limit: 500 })).then((l) => l.items)),
      ).then((lists) => lists.flat()),
    [orgKey],
  );
  const statusHeading = useRef<HTMLHeadingElement>(null);
  const saveArea = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.focus === 'status') statusHeading.current?.focus();
    else if (props.focus === 'save') saveArea.current?.querySelector<HTMLButtonElement>('button[type="submit"]')?.focus();
    // Only as the form appears (it replaced the one that saved).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const save = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      if (!p) {
        const made = await api.post<Problem>('/api/v1/problems', problemBody(d));
        navigate(`/guardian/problems/${made.id}?created=1`);
        return;
      }
      const changes = problemChanges(initial, d);
      if (Object.keys(changes).length === 0) {
        props.onAnnounce(t('nothingChanged'));
        return;
      }
      props.onSaved(await api.patch<Problem>(`/api/v1/problems/${p.id}`, { ...changes, version: p.version }), 'saved');
    });
  };
  const move = (to: ProblemStatus) => {
    if (!p) return;
    void submit.run(async () => {
      props.onSaved(await api.patch<Problem>(`/api/v1/problems/${p.id}`, { ...problemChanges(initial, d), status: to, version: p.version }), 'moved');
    });
  };

  const scaleMax = Math.max(props.settings?.gut.scale_max ?? 3, ...[d.gravity, d.urgency, d.tendency].map((g) => Number(g) || 0));
  const gradeOptions: Option[] = [{ value: '', label: t('notGradedOption') }, ...gradeChoices(scaleMax).map((n) => ({ value: String(n), label: String(n) }))];
  const categories = props.settings?.error_categories ?? [];
  const categoryOptions: Option[] = [
    { value: '', label: t('noCategory') },
    ...[...categories, ...(d.error_category && !categories.includes(d.error_category) ? [d.error_category] : [])].map((x) => ({ value: x, label: x })),
  ];
  const teamOptions: Option[] = [{ value: '', label: t('noTeam') }, ...(teams.data ?? []).map((x) => ({ value: String(x.id), label: x.name }))];
  if (d.team_id && !teamOptions.some((o) => o.value === d.team_id)) teamOptions.push({ value: d.team_id, label: p?.team_name || `#${d.team_id}` });
  const orgName = (id: string) => props.organisations.find((o) => String(o.id) === id)?.name ?? p?.organisations.find((o) => String(o.id) === id)?.name ?? `#${id}`;
  const reporterOptions: Option[] = [
    { value: '', label: t('noReporter') },
    ...staffOptions(users.data ?? [], p?.reporter?.kind === 'user' ? p.reporter.id : null).map((o) => ({ value: `user:${o.value}`, label: t('reporterStaff', { name: o.label }) })),
    ...(contacts.data ?? []).map((x) => ({ value: `contact:${x.id}`, label: t('reporterContact', { name: x.name, organisation: orgName(String(x.organisation_id)) }) })),
  ];
  if (d.reporter && !reporterOptions.some((o) => o.value === d.reporter)) {
    const r = p?.reporter;
    const name = r && `${r.kind}:${r.id}` === d.reporter ? r.name : d.reporter;
    reporterOptions.push({ value: d.reporter, label: r?.kind === 'contact' ? t('reporterContactOnly', { name }) : t('reporterStaff', { name }) });
  }

  const previewError =
    gut.error instanceof ApiError && Object.keys(gut.error.fields).length
      ? Object.values(gut.error.fields).map((x) => translateServerText(x, locale) ?? x)[0]
      : gut.error
        ? errorText(gut.error)
        : '';
  const kindsText = (kinds: SolutionKind[]) => joinWords(kinds.map((k) => t(`kind_${k}`)), locale);
  const scoreText = previewError
    ? t('scoreFailed', { reason: previewError })
    : gut.result
    ? t('scoreLine', {
        score: gut.result.score,
        max: gut.result.max,
        level: levelName(t, gut.result.level),
        required:
          gut.result.required.length === 0
            ? t('requiredNone')
            : t(gut.result.required.length === 1 ? 'requiredOne' : 'requiredMany', { kinds: kindsText(gut.result.required) }),
      })
    : gradesOf(d)
      ? t('scoreWorking')
      : t('scorePending');
  const solutionLabel = (k: SolutionKind) => (required.has(k) ? t('solutionRequired', { label: t(`solution_${k}`) }) : t(`solution_${k}`));
  const moveLabel = (mv: Move) => t(moveLabelKey(mv) as keyof typeof m.en);

  return (
    <form className="stack problem-form" onSubmit={save} noValidate aria-label={p ? t('recordForm', { id: p.id }) : t('newTitle')}>
      <FormProblem error={submit.error} shown={placed.shown} onReload={props.onReload} />
      {p && (
        <section className="card problem-status" aria-labelledby="problem-status-heading">
          <h2 id="problem-status-heading" ref={statusHeading} tabIndex={-1}>
            {t('statusHeading')}: <ProblemStatusBadge status={p.status} />
          </h2>
          {writable && (
            <>
              <div className="row wrap" role="group" aria-label={t('moves')} aria-describedby={err('status') ? 'problem-status-error' : 'problem-move-hint'}>
                {allowedMoves(p.status).map((mv) => (
                  <button key={mv.to} type="button" className={mv.kind === 'back' ? undefined : 'primary'} disabled={submit.busy} onClick={() => move(mv.to)}>
                    {moveLabel(mv)}
                  </button>
                ))}
              </div>
              <p className="hint" id="problem-move-hint">
                {t('moveHint')}
              </p>
              {err('status') && (
                <p className="field-error" id="problem-status-error">
                  {err('status')}
                </p>
              )}
            </>
          )}
        </section>
      )}
      <fieldset disabled={!writable} className="stack bare">
        <fieldset className="stack">
          <legend>{t('groupWhat')}</legend>
          <TextField label={t('title')} value={d.title} maxLength={200} required onChange={(e) => set({ title: e.target.value })} error={err('title')} />
          <TextArea label={t('description')} rows={5} value={d.description} maxLength={20000} onChange={(e) => set({ description: e.target.value })} error={err('description')} />
          {!p && <LooksLike items={looksLike} />}
          <TextField label={t('reportedAt')} type="datetime-local" value={d.reported_at} onChange={(e) => set({ reported_at: e.target.value })} error={err('reported_at')} />
          <SelectField label={t('errorCategory')} value={d.error_category} options={categoryOptions} onChange={(e) => set({ error_category: e.target.value })} error={err('error_category')} />
          <TextArea label={t('impact')} rows={3} value={d.impact} onChange={(e) => set({ impact: e.target.value })} error={err('impact')} />
        </fieldset>
        <fieldset className="stack">
          <legend>{t('groupWho')}</legend>
          <CheckboxGroup
            legend={t('organisations')}
            options={orgOptions(props.organisations, d.organisation_ids, p, c)}
            value={d.organisation_ids}
            onChange={(v) => set({ organisation_ids: v })}
            error={err('organisation_ids')}
            filterLabel={t('findOrganisation')}
            empty={t('noOrganisations')}
          />
          <SelectField
            label={t('reporter')}
            hint={t('reporterHint')}
            value={d.reporter}
            options={reporterOptions}
            onChange={(e) => set({ reporter: e.target.value })}
            error={err('reporter')}
          />
          <SelectField label={t('teamWhere')} value={d.team_id} options={teamOptions} onChange={(e) => set({ team_id: e.target.value })} error={err('team_id')} />
        </fieldset>
        <fieldset className="stack">
          <legend>{t('groupCause')}</legend>
          <TextArea label={t('rootCause')} rows={3} value={d.root_cause} onChange={(e) => set({ root_cause: e.target.value })} error={err('root_cause')} />
          <SelectField
            label={t('causeCategory')}
            value={d.cause_category}
            options={[{ value: '', label: t('noCause') }, ...CAUSE_CATEGORIES.map((x) => ({ value: x, label: t(`cause_${x}`) }))]}
            onChange={(e) => set({ cause_category: e.target.value })}
            error={err('cause_category')}
          />
        </fieldset>
        <fieldset className="stack gut" aria-describedby={err('gut') ? 'gut-error' : undefined}>
          <legend>{t('groupGut')}</legend>
          <p className="hint">{t('gutHint', { max: scaleMax })}</p>
          <div className="row wrap">
            <SelectField label={t('gravity')} hint={t('gravityHint')} value={d.gravity} options={gradeOptions} onChange={(e) => set({ gravity: e.target.value })} error={err('gravity')} />
            <SelectField label={t('urgency')} hint={t('urgencyHint')} value={d.urgency} options={gradeOptions} onChange={(e) => set({ urgency: e.target.value })} error={err('urgency')} />
            <SelectField label={t('tendency')} hint={t('tendencyHint')} value={d.tendency} options={gradeOptions} onChange={(e) => set({ tendency: e.target.value })} error={err('tendency')} />
          </div>
          <p className="gut-score" role="status" id="gut-score">
            {scoreText}
          </p>
          {err('gut') && (
            <p className="field-error" id="gut-error">
              {err('gut')}
            </p>
          )}
        </fieldset>
        <fieldset className="stack">
          <legend>{t('groupSolutions')}</legend>
          {SOLUTION_KINDS.map((k) => (
            <TextArea
              key={k}
              label={solutionLabel(k)}
              aria-required={required.has(k) || undefined}
              rows={3}
              value={d[`solution_${k}`]}
              onChange={(e) => set({ [`solution_${k}`]: e.target.value } as Partial<ProblemDraft>)}
              error={err(`solution_${k}`)}
            />
          ))}
        </fieldset>
        <fieldset className="stack">
          <legend>{t('groupLinks')}</legend>
          <LinkedIds
            kind="ticket"
            readOnly={!writable}
            ids={d.ticket_ids}
            error={err('ticket_ids')}
            onChange={(ticket_ids) => set({ ticket_ids })}
            render={(id) => {
              const x = p?.tickets.find((y) => y.id === id);
              return (
                <>
                  <Link to={`/tickets/${id}`}>{x ? t('ticketLink', { id, subject: x.subject }) : t('ticketN', { id })}</Link>{' '}
                  {x ? <StatusBadge status={x.status as TicketStatus} /> : <span className="muted">{t('linkedOnSave')}</span>}
                </>
              );
            }}
          />
          <LinkedIds
            kind="problem"
            readOnly={!writable}
            ids={d.problem_ids}
            self={p?.id}
            error={err('problem_ids')}
            onChange={(problem_ids) => set({ problem_ids })}
            render={(id) => {
              const x = p?.problems.find((y) => y.id === id);
              return (
                <>
                  <Link to={`/guardian/problems/${id}`}>{x ? t('problemLink', { id, title: x.title }) : t('problemN', { id })}</Link>{' '}
                  {x ? <ProblemStatusBadge status={x.status} /> : <span className="muted">{t('linkedOnSave')}</span>}
                </>
              );
            }}
          />
        </fieldset>
      </fieldset>
      {writable && (
        <div ref={saveArea}>
          <FormButtons busy={submit.busy} label={p ? t('saveRecord') : t('createRecord')} />
        </div>
      )}
    </form>
  );
}

// The active organisations to choose from, each with its segment, and any the record names that
// is not among them (deactivated since), so saving never drops it unseen.
function orgOptions(organisations: Organisation[], chosen: string[], p: Problem | null, c: (k: keyof typeof common.en) => string): Option[] {
  const seg = (s: string) => c(`segment_${s}` as keyof typeof common.en);
  const options = organisations.map((o) => ({ value: String(o.id), label: `${o.name} (${seg(o.segment)})` }));
  const missing = chosen
    .filter((id) => !options.some((o) => o.value === id))
    .map((id) => {
      const o = p?.organisations.find((x) => String(x.id) === id);
      return { value: id, label: o ? `${o.name} (${seg(o.segment)})` : `#${id}` };
    });
  return [...options, ...missing];
}

// The linked tickets or problems: each a link with its state and a button to take it off, and a
// box to add one by its number (Enter adds it; the form is not sent). Saved with the record.
function LinkedIds(props: {
  kind: 'ticket' | 'problem';
  ids: number[];
  self?: number;
  error?: string;
  onChange: (ids: number[]) => void;
  readOnly: boolean;
  render: (id: number) => ReactNode;
}) {
  const t = useT(m);
  const c = useT(common);
  const [text, setText] = useState('');
  const [local, setLocal] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const ticket = props.kind === 'ticket';
  const add = () => {
    const id = parseId(text);
    if (id === null) return setLocal(t(ticket ? 'typeTicketNumber' : 'typeProblemNumber'));
    if (id === props.self) return setLocal(t('notItself'));
    if (props.ids.includes(id)) return setLocal(t('alreadyLinked', { id }));
    setLocal('');
    setText('');
    props.onChange(withId(props.ids, id));
  };
  const remove = (id: number) => {
    props.onChange(props.ids.filter((x) => x !== id));
    requestAnimationFrame(() => box.current?.querySelector<HTMLInputElement>('input')?.focus());
  };
  const legend = t(ticket ? 'linkedTickets' : 'linkedProblems');
  const errorId = `linked-${props.kind}-error`;
  return (
    <fieldset className="stack" aria-describedby={props.error ? errorId : undefined}>
      <legend>{legend}</legend>
      {props.ids.length === 0 ? (
        <p className="empty">{t(ticket ? 'noTickets' : 'noProblems')}</p>
      ) : (
        <ul className="plain">
          {props.ids.map((id) => (
            <li key={id}>
              {props.render(id)}{' '}
              {!props.readOnly && <RowAction label={c('remove')} of={t(ticket ? 'ticketN' : 'problemN', { id })} onClick={() => remove(id)} />}
            </li>
          ))}
        </ul>
      )}
      {props.error && (
        <p className="field-error" id={errorId}>
          {props.error}
        </p>
      )}
      {!props.readOnly && (
      <div className="row wrap align-end" ref={box}>
        <TextField
          label={t(ticket ? 'ticketNumber' : 'problemNumber')}
          inputMode="numeric"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();  // adding, not sending the form
              add();
            }
          }}
          error={local || undefined}
        />
        <button type="button" onClick={add}>
          {t(ticket ? 'addTicket' : 'addProblem')}
        </button>
      </div>
      )}
    </fieldset>
  );
}

// The records that look like the new one being typed: asked (POST /api/v1/guardian/suggest) once
// the text has settled for 400 ms; an answer for older text is dropped.
function useLooksLike(text: string, category: string): Suggestion[] {
  const [items, setItems] = useState<Suggestion[]>([]);
  useEffect(() => {
    if (!text) {
      setItems([]);
      return;
    }
    let live = true;
    const timer = window.setTimeout(() => {
      api.post<{ items: Suggestion[] }>('/api/v1/guardian/suggest', { text, error_category: category }).then(
        (x) => live && setItems(x.items),
        () => live && setItems([]),
      );
    }, 400);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [text, category]);
  return items;
}

// "Looks like:" and each record, opening in a new tab (the form being typed stays as it is). A
// status region, always there, so screen readers hear the list appear.
function LooksLike(props: { items: Suggestion[] }) {
  const t = useT(m);
  const { locale } = useLocale();
  return (
    <div className="looks-like" role="status" id="looks-like">
      {props.items.length > 0 && (
        <>
          <span>{t('looksLike')}</span>
          <ul className="plain">
            {props.items.map((s) => (
              <li key={s.problem.id}>
                <a href={`/guardian/problems/${s.problem.id}`} target="_blank" rel="noreferrer">
                  {t('problemLink', { id: s.problem.id, title: s.problem.title })}
                  <span className="visually-hidden"> {t('opensNewTab')}</span>
                </a>{' '}
                <ProblemStatusBadge status={s.problem.status} /> <span className="muted">{t('similarityOf', { percent: similarityPercent(s.similarity, locale) })}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
