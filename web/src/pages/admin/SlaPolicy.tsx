// The SLA policy editor: the business calendar (zone, working hours per day, holidays, 24×7),
// first-response and resolution targets per ticket type × priority, pause statuses, warning
// thresholds and whether logged calls count as a response. Saved as a whole.
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useDirectory } from '../../app/directory';
import { useT } from '../../app/i18n';
import { ACTIVE_STATUSES, PRIORITIES, TICKET_TYPES } from '../../model/types';
import { ErrorBanner, Loading, useFieldErrors } from '../../ui/feedback';
import { Checkbox, SelectField, TextArea, TextField } from '../../ui/forms';
import { CheckboxGroup, FormButtons, FormProblem, SuccessNotice, timeZoneOptions, useSubmit } from '../../ui/kit';
import { fromForm, targetKey, toForm, WEEKDAYS, type PolicyForm, type SlaPolicy } from './slaPolicy';
import m from './slaPolicy.i18n';

const URL = '/api/v1/settings/sla-policy';

export function SlaPolicyAdmin() {
  const t = useT(m);
  const c = useT(common);
  const loaded = useAsync(() => api.get<SlaPolicy>(URL), []);
  const [form, setForm] = useState<PolicyForm | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const s = useSubmit();
  const serverError = useFieldErrors(s.error);
  const dir = useDirectory(true);
  useEffect(() => {
    if (loaded.data) setForm(toForm(loaded.data));
  }, [loaded.data]);

  if (loaded.error) return <ErrorBanner error={loaded.error} onRetry={loaded.reload} />;
  if (!form) return <Loading />;
  const set = (patch: Partial<PolicyForm>) => setForm({ ...form, ...patch });
  const fieldError = (field: string) => problems[field] ?? serverError(field);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const read = fromForm(form);
    if ('problems' in read) {
      setProblems(Object.fromEntries(Object.entries(read.problems).map(([k, v]) => [k, t(`problem_${v}`)])));
      return;
    }
    setProblems({});
    if (await s.run(async () => setForm(toForm(await api.put<SlaPolicy>(URL, read.policy))))) setDone(true);
  };

  return (
    <form className="stack wide" onSubmit={submit} noValidate>
      <p>{t('intro')}</p>
      {done && <SuccessNotice onDismiss={() => setDone(false)}>{t('saved')}</SuccessNotice>}
      <FormProblem error={s.error} onReload={loaded.reload} shown={['calendar', 'targets', 'warn_percents', 'pause_statuses', 'olas']} />
      <fieldset className="stack">
        <legend>{t('calendar')}</legend>
        <SelectField
          label={t('timezone')}
          value={form.timezone}
          options={timeZoneOptions(form.timezone)}
          onChange={(e) => set({ timezone: e.target.value })}
          error={fieldError('calendar.timezone')}
        />
        <Checkbox label={t('alwaysOpen')} checked={form.alwaysOpen} onChange={(e) => set({ alwaysOpen: e.target.checked })} />
        {!form.alwaysOpen && (
          <fieldset className="stack">
            <legend>{t('week')}</legend>
            <p className="muted">{t('weekHint')}</p>
            {WEEKDAYS.map((d) => (
              <TextField
                key={d}
                label={t(`day_${d}`)}
                value={form.week[d]}
                placeholder="08:00-12:00, 13:00-18:00"
                onChange={(e) => set({ week: { ...form.week, [d]: e.target.value } })}
                error={fieldError(`calendar.week.${d}`)}
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
          error={fieldError('calendar.holidays')}
        />
      </fieldset>
      <div className="table-wrap">
        <table className="data sla-targets">
          <caption>{t('targets')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ticketType')}</th>
              {PRIORITIES.map((p) => (
                <th key={p} scope="col">
                  {p}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {TICKET_TYPES.map((type) => (
              <tr key={type}>
                <th scope="row">{c(`type_${type}`)}</th>
                {PRIORITIES.map((p) => {
                  const key = targetKey(type, p);
                  const cell = form.targets[key];
                  const label = (what: string) => t('cellLabel', { what, type: c(`type_${type}`), priority: p });
                  const error = fieldError(`targets.${key}`);
                  return (
                    <td key={p}>
                      <span className="row nowrap">
                        <input
                          inputMode="numeric"
                          size={5}
                          aria-label={label(t('firstResponse'))}
                          aria-invalid={!!error}
                          value={cell.fr}
                          onChange={(e) => set({ targets: { ...form.targets, [key]: { ...cell, fr: e.target.value } } })}
                        />
                        /
                        <input
                          inputMode="numeric"
                          size={5}
                          aria-label={label(t('resolution'))}
                          aria-invalid={!!error}
                          value={cell.res}
                          onChange={(e) => set({ targets: { ...form.targets, [key]: { ...cell, res: e.target.value } } })}
                        />
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
      <CheckboxGroup
        legend={t('pause')}
        options={ACTIVE_STATUSES.map((x) => ({ value: x, label: c(`status_${x}`) }))}
        value={form.pause}
        onChange={(v) => set({ pause: v as PolicyForm['pause'] })}
        error={fieldError('pause_statuses')}
      />
      <TextField label={t('warn')} hint={t('warnHint')} value={form.warn} onChange={(e) => set({ warn: e.target.value })} error={fieldError('warn_percents')} />
      <Checkbox label={t('calls')} checked={form.calls} onChange={(e) => set({ calls: e.target.checked })} />
      <fieldset className="stack">
        <legend>{t('olas')}</legend>
        <p className="muted">{t('olasHint')}</p>
        {fieldError('olas') && <span className="field-error">{fieldError('olas')}</span>}
        {[...(dir?.teams ?? [])]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((x) => (
            <TextField
              key={x.id}
              label={t('olaFor', { team: x.name })}
              inputMode="numeric"
              value={form.olas[String(x.id)] ?? ''}
              onChange={(e) => set({ olas: { ...form.olas, [String(x.id)]: e.target.value } })}
              error={fieldError(`olas.${x.id}`)}
            />
          ))}
      </fieldset>
      <FormButtons busy={s.busy} label={c('save')} />
    </form>
  );
}
