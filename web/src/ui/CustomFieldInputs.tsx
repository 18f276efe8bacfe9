// The custom fields of a ticket type as form controls. Values travel as text, the way the API
// stores them ("true"/"false" for yes/no, YYYY-MM-DD for dates).
import type { CustomField, TicketType } from '../model/types';
import common from '../app/common.i18n';
import { useLocale, useT } from '../app/i18n';
import { SelectField, TextField } from './forms';

// The active fields of `type`, in their configured order.
export function fieldsFor(all: CustomField[], type: TicketType): CustomField[] {
  return all.filter((f) => f.active && f.ticket_type === type).sort((a, b) => a.position - b.position || a.id - b.id);
}

// Only the values of `fields` that are filled in (a field of another type is never sent).
export function customFieldValues(fields: CustomField[], values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.key];
    if (v !== undefined && v !== '') out[f.key] = v;
  }
  return out;
}

// A stored value as a person reads it: yes/no in words, a date in the reader's style (a calendar
// date, not a moment: the same whatever the viewer's time zone).
export function useCustomValue(defs: CustomField[]): (key: string, value: string) => string {
  const c = useT(common);
  const { locale } = useLocale();
  return (key, v) => {
    const def = defs.find((x) => x.key === key);
    if (def?.type === 'boolean') return v === 'true' ? c('yes') : v === 'false' ? c('no') : v;
    if (def?.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${v}T00:00:00Z`));
    }
    return v;
  };
}

export function CustomFieldInputs(props: {
  fields: CustomField[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  fieldError: (field: string) => string | undefined;
  disabled?: boolean;
}) {
  const c = useT(common);
  const set = (key: string, v: string) => props.onChange({ ...props.values, [key]: v });
  return (
    <>
      {props.fields.map((f) => {
        const label = f.required ? `${f.label} (${c('required')})` : f.label;
        const error = props.fieldError(`custom_fields.${f.key}`);
        const value = props.values[f.key] ?? '';
        switch (f.type) {
          case 'boolean':
          case 'select':
            return (
              <SelectField
                key={f.id}
                label={label}
                value={value}
                required={f.required}
                disabled={props.disabled}
                onChange={(e) => set(f.key, e.target.value)}
                error={error}
                options={[
                  { value: '', label: '—' },
                  ...(f.type === 'boolean'
                    ? [
                        { value: 'true', label: c('yes') },
                        { value: 'false', label: c('no') },
                      ]
                    : f.options.map((o) => ({ value: o, label: o }))),
                ]}
              />
            );
          default:
            return (
              <TextField
                key={f.id}
                label={label}
                type={f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : 'text'}
                value={value}
                required={f.required}
                disabled={props.disabled}
                onChange={(e) => set(f.key, e.target.value)}
                error={error}
              />
            );
        }
      })}
    </>
  );
}
