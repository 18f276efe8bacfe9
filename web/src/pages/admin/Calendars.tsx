// Business calendars (docs/CONTRACTS.md): the list, one calendar's editor (name, zone, working hours
// typed as `08:00-12:00, 13:00-18:00`, 24×7, holidays), holidays imported from a file, the audited
// re-apply to open tickets, and the versions. Staff read them; catalog.write changes them.
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useFormat, useLocale, useT } from '../../app/i18n';
import { Link, navigate } from '../../app/router';
import { can, useSession } from '../../app/session';
import type { ListOf } from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { usePlacedErrors } from '../../ui/fieldPlaces';
import { ErrorBanner, Loading, useFieldErrors } from '../../ui/feedback';
import { Checkbox, SelectField, TextArea, TextField } from '../../ui/forms';
import { FormButtons, FormProblem, SuccessNotice, timeZoneOptions, useSubmit } from '../../ui/kit';
import {
  calendarFromForm,
  calendarToForm,
  newCalendarForm,
  placeCalendarField,
  weekGroups,
  WEEKDAYS,
  type Calendar,
  type CalendarForm,
  type CalendarVersion,
} from './calendar';
import { AdminBackLink, AdminItem, AdminList, AuditLink, DefaultBadge, NotFoundHere, ReadOnlyNote } from './AdminParts';
import m from './calendars.i18n';

export function useCalendars() {
  return useAsync(() => api.get<ListOf<Calendar>>('/api/v1/calendars').then((l) => l.items), []);
}

export function CalendarsAdmin(props: { rest: string[] }) {
  const first = props.rest[0];
  if (!first) return <CalendarList />;
  if (first === 'new') return <NewCalendar />;
  if (/^\d+$/.test(first) && props.rest.length === 1) return <CalendarPage key={first} id={Number(first)} />;
  return <NotFoundHere />;
}

// "Mon–Fri 08:00-12:00, 13:00-18:00; Sat 08:00-12:00", or 24×7, or none.
export function useHoursSummary() {
  const t = useT(m);
  return (c: Calendar) => {
    if (c.always_open) return t('around');
    const groups = weekGroups(c.week);
    if (groups.length === 0) return t('noHours');
    return groups
      .map((g) => {
        const first = t(`short_${g.days[0]}`);
        const last = t(`short_${g.days[g.days.length - 1]}`);
        const days = g.days.length === 1 ? first : g.days.length === 2 ? `${first}, ${last}` : `${first}–${last}`;
        return `${days} ${g.hours}`;
      })
      .join('; ');
  };
}

function CalendarList() {
  const t = useT(m);
  const f = useFormat();
  const hours = useHoursSummary();
  const list = useCalendars();
  return (
    <AdminList
      intro={t('intro')}
      newLink={{ to: '/admin/calendars/new', label: t('newCalendar') }}
      list={list}
      empty={t('noCalendars')}
      className="calendars"
      head={
        <>
          <th scope="col">{t('name')}</th>
          <th scope="col">{t('timezone')}</th>
          <th scope="col">{t('colHours')}</th>
          <th scope="col">{t('colHolidays')}</th>
          <th scope="col">{t('colVersion')}</th>
        </>
      }
      row={(c: Calendar) => (
        <>
          <th scope="row">
            <Link to={`/admin/calendars/${c.id}`}>{c.name}</Link> {c.default && <DefaultBadge />}
          </th>
          <td>{c.timezone}</td>
          <td>{hours(c)}</td>
          <td className="num">{f.number(c.holidays.length)}</td>
          <td className="num">{c.version_id}</td>
        </>
      )}
    />
  );
}

function NewCalendar() {
  const t = useT(m);
  const { me } = useSession();
  return (
    <>
      <AdminBackLink to="/admin/calendars" label={t('allCalendars')} />
      <h2>{t('newCalendar')}</h2>
      {can(me, 'catalog.write') ? (
        <CalendarEditor onSaved={(c) => navigate(`/admin/calendars/${c.id}`, { replace: true })} />
      ) : (
        <ReadOnlyNote text={t('readOnly')} />
      )}
    </>
  );
}

function CalendarPage(props: { id: number }) {
  const t = useT(m);
  const { me } = useSession();
  const canWrite = can(me, 'catalog.write');
  return (
    <AdminItem
      load={() => api.get<Calendar>(`/api/v1/calendars/${props.id}`)}
      deps={[props.id]}
      back={{ to: '/admin/calendars', label: t('allCalendars') }}
    >
      {(c, e) => (
        <>
          <h2>
            {c.name} {c.default && <DefaultBadge />}
          </h2>
          {!canWrite && <ReadOnlyNote text={t('readOnly')} />}
          <CalendarEditor key={e.generation} calendar={c} readOnly={!canWrite} onReload={e.reload} onSaved={(saved) => e.saved(saved, t('saved'))} />
          {canWrite && <HolidayImport calendar={c} onImported={e.item.setData} />}
          {canWrite && <Reapply calendar={c} />}
          <Versions calendar={c} />
          {canWrite && <AuditLink kind="calendar" id={c.id} label={t('changes')} />}
        </>
      )}
    </AdminItem>
  );
}

function CalendarEditor(props: { calendar?: Calendar; readOnly?: boolean; onSaved: (c: Calendar) => void; onReload?: () => void }) {
  const t = useT(m);
  const c = useT(common);
  const { timeZone } = useLocale();
  const x = props.calendar;
  const [form, setForm] = useState<CalendarForm>(() => (x ? calendarToForm(x) : newCalendarForm(timeZone)));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const s = useSubmit();
  const errors = usePlacedErrors(s.error, placeCalendarField, problems);
  // Holidays imported from a file make a new version: take its holidays, keep the rest as typed.
  const holidays = x?.holidays.join('\n');
  useEffect(() => {
    if (holidays !== undefined) setForm((f) => ({ ...f, holidays }));
  }, [holidays, x?.version]);
  const set = (patch: Partial<CalendarForm>) => setForm({ ...form, ...patch });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const read = calendarFromForm(form);
    if ('problems' in read) {
      setProblems(Object.fromEntries(Object.entries(read.problems).map(([k, v]) => [k, t(`problem_${v}`)])));
      return;
    }
    setProblems({});
    void s.run(async () => {
      props.onSaved(
        x
          ? await api.put<Calendar>(`/api/v1/calendars/${x.id}`, { ...read.calendar, version: x.version })
          : await api.post<Calendar>('/api/v1/calendars', read.calendar),
      );
    });
  };
  return (
    <form className="stack wide editor" onSubmit={submit} noValidate>
      <FormProblem error={s.error} shown={errors.shown} onReload={props.onReload} />
      <fieldset className="bare stack" disabled={props.readOnly}>
        <TextField label={t('name')} value={form.name} onChange={(e) => set({ name: e.target.value })} error={errors.at('name')} required maxLength={100} />
        <SelectField
          label={t('timezone')}
          value={form.timezone}
          options={timeZoneOptions(form.timezone)}
          onChange={(e) => set({ timezone: e.target.value })}
          error={errors.at('timezone')}
        />
        <Checkbox label={t('alwaysOpen')} checked={form.alwaysOpen} onChange={(e) => set({ alwaysOpen: e.target.checked })} error={errors.at('always_open')} />
        {!form.alwaysOpen && (
          <fieldset className="stack">
            <legend>{t('week')}</legend>
            <p className="muted">{t('weekHint')}</p>
            {errors.at('week') && <span className="field-error">{errors.at('week')}</span>}
            {WEEKDAYS.map((d) => (
              <TextField
                key={d}
                label={t(`day_${d}`)}
                value={form.week[d]}
                placeholder="08:00-12:00, 13:00-18:00"
                onChange={(e) => set({ week: { ...form.week, [d]: e.target.value } })}
                error={errors.at(`week.${d}`)}
              />
            ))}
          </fieldset>
        )}
        <TextArea
          label={t('holidays')}
          hint={t('holidaysHint')}
          rows={4}
          value={form.holidays}
          onChange={(e) => set({ holidays: e.target.value })}
          error={errors.at('holidays')}
        />
        {!props.readOnly && <FormButtons busy={s.busy} label={x ? c('save') : c('create')} />}
      </fieldset>
    </form>
  );
}

function HolidayImport(props: { calendar: Calendar; onImported: (c: Calendar) => void }) {
  const t = useT(m);
  const f = useFormat();
  const [text, setText] = useState('');
  const [replace, setReplace] = useState(false);
  const [note, setNote] = useState('');
  const [empty, setEmpty] = useState(false);
  const [result, setResult] = useState<{ added: number; total: number } | null>(null);
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  // Every bad line is named: "line 7: is not a date …".
  const lineErrors =
    s.error instanceof ApiError
      ? Object.keys(s.error.fields).map((field) => {
          const n = /^line (\d+)$/.exec(field);
          return `${n ? t('line', { n: n[1] }) : field}: ${fe(field)}`;
        })
      : [];
  const read = (file: File | undefined) => {
    if (!file) return;
    file
      .text()
      .then((content) => {
        setText(content);
        setNote(t('fileRead', { name: file.name, count: f.number(content.split('\n').filter((l) => l.trim()).length) }));
      })
      .catch((e: unknown) => setNote(t('fileFailed', { reason: e instanceof Error ? e.message : String(e) })));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    setEmpty(!text.trim());
    if (!text.trim()) return;
    void s.run(async () => {
      const r = await api.post<{ added: number; total: number; calendar: Calendar }>(`/api/v1/calendars/${props.calendar.id}/holidays`, { text, replace });
      setResult({ added: r.added, total: r.total });
      setText('');
      setNote('');
      props.onImported(r.calendar);
    });
  };
  return (
    <section aria-labelledby="holiday-import" className="card">
      <h2 id="holiday-import">{t('importTitle')}</h2>
      <p className="muted">{t('importIntro')}</p>
      <form className="stack wide" onSubmit={submit} noValidate>
        {result && (
          <SuccessNotice onDismiss={() => setResult(null)}>
            {t('imported', { added: f.number(result.added), total: f.number(result.total) })}
          </SuccessNotice>
        )}
        <FormProblem error={s.error} shown={s.error instanceof ApiError ? Object.keys(s.error.fields) : []} />
        <TextField label={t('file')} type="file" accept=".txt,.csv,text/plain,text/csv" onChange={(e) => read(e.target.files?.[0])} hint={note || undefined} />
        <TextArea
          label={t('lines')}
          hint={t('linesHint')}
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={empty ? t('nothingToImport') : lineErrors.length ? lineErrors.join('; ') : undefined}
        />
        <Checkbox label={t('replace')} checked={replace} onChange={(e) => setReplace(e.target.checked)} />
        <div className="row">
          <button type="submit" className="primary" disabled={s.busy} aria-busy={s.busy}>
            {s.busy ? t('importing') : t('importButton')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Reapply(props: { calendar: Calendar }) {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<{ tickets: number; version_id: number } | null>(null);
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const ask = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    setMissing(!reason.trim());
    if (reason.trim()) {
      s.setError(null);
      setConfirming(true);
    }
  };
  const confirm = () =>
    void s
      .run(async () => {
        setDone(await api.post<{ tickets: number; version_id: number }>(`/api/v1/calendars/${props.calendar.id}/reapply`, { reason: reason.trim() }));
      })
      .then((ok) => {
        setConfirming(false);
        if (ok) setReason('');
      });
  const outcome = (d: { tickets: number; version_id: number }) =>
    d.tickets === 0
      ? t('reapplied_none')
      : t(d.tickets === 1 ? 'reapplied_one' : 'reapplied_other', { count: f.number(d.tickets), version: d.version_id });
  return (
    <section aria-labelledby="reapply" className="card">
      <h2 id="reapply">{t('reapplyTitle')}</h2>
      <p className="muted">{t('reapplyIntro')}</p>
      <p className="muted">{t('reapplySaved')}</p>
      {done && <SuccessNotice onDismiss={() => setDone(null)}>{outcome(done)}</SuccessNotice>}
      {!confirming && <FormProblem error={s.error} shown={['reason']} />}
      <form className="stack wide" onSubmit={ask} noValidate>
        <TextField
          label={t('reason')}
          hint={t('reasonHint')}
          value={reason}
          required
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          error={missing ? t('reasonRequired') : fe('reason')}
        />
        <div className="row">
          <button type="submit">{t('reapplyButton')}</button>
        </div>
      </form>
      <Dialog open={confirming} title={t('confirmTitle', { name: props.calendar.name })} onClose={() => setConfirming(false)}>
        <div className="stack">
          <p>{t('confirmText', { version: props.calendar.version_id })}</p>
          <p>{t('confirmKeep')}</p>
          <p>
            <strong>{t('reason')}:</strong> {reason}
          </p>
          <FormProblem error={s.error} />
          <div className="row">
            <button type="button" className="primary" onClick={confirm} disabled={s.busy} aria-busy={s.busy}>
              {s.busy ? t('reapplying') : t('confirmButton')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {c('cancel')}
            </button>
          </div>
        </div>
      </Dialog>
    </section>
  );
}

function Versions(props: { calendar: Calendar }) {
  const t = useT(m);
  const f = useFormat();
  const list = useAsync(
    () => api.get<ListOf<CalendarVersion>>(`/api/v1/calendars/${props.calendar.id}/versions`).then((l) => [...l.items].sort((a, b) => b.id - a.id)),
    [props.calendar.id, props.calendar.version_id],
  );
  return (
    <section aria-labelledby="calendar-versions">
      <h2 id="calendar-versions">{t('versions')}</h2>
      <p className="muted">{t('versionsIntro')}</p>
      <ErrorBanner error={list.error} onRetry={list.reload} />
      {!list.data ? (
        list.loading && <Loading />
      ) : (
        <div className="table-wrap">
          <table className="data calendar-versions">
            <thead>
              <tr>
                <th scope="col">{t('colVersionId')}</th>
                <th scope="col">{t('colSince')}</th>
                <th scope="col">{t('colBy')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((v) => (
                <tr key={v.id}>
                  <th scope="row">
                    {v.id} {v.id === props.calendar.version_id && <span className="badge">{t('current')}</span>}
                  </th>
                  <td>
                    {Date.parse(v.since) <= 0 ? (
                      t('sinceStart')
                    ) : (
                      <time dateTime={v.since} title={f.full(v.since)}>
                        {f.dateTime(v.since)}
                      </time>
                    )}
                  </td>
                  <td>{v.author.kind === 'system' ? t('farol') : v.author.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
