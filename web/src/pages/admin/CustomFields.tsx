// Custom fields (catalog.write), grouped by ticket type. A field's ticket type, key and type are
// fixed once created (tickets store values under the key); label, options, required, active and
// position can change.
import { useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { invalidate } from '../../app/directory';
import { useFormat, useT } from '../../app/i18n';
import { TICKET_TYPES, type CustomField, type ListOf, type TicketType } from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { ErrorBanner, Loading, useFieldErrors } from '../../ui/feedback';
import { Checkbox, SelectField, TextArea, TextField } from '../../ui/forms';
import { ActiveBadge, Details, FormButtons, FormProblem, RowAction, splitLines, SuccessNotice, useSubmit, YesNo } from '../../ui/kit';
import shared from '../../ui/kit.i18n';
import m from './customFields.i18n';

type FieldType = CustomField['type'];
const FIELD_TYPES: FieldType[] = ['text', 'number', 'boolean', 'date', 'select'];
const FORM_FIELDS = ['ticket_type', 'key', 'type', 'label', 'options', 'required', 'active', 'position'];

function FieldForm(props: { field?: CustomField; ticketType: TicketType; onSaved: (x: CustomField) => void; onCancel: () => void; onReload?: () => void }) {
  const t = useT(m);
  const c = useT(common);
  const x = props.field;
  const [ticketType, setTicketType] = useState<TicketType>(x?.ticket_type ?? props.ticketType);
  const [key, setKey] = useState(x?.key ?? '');
  const [type, setType] = useState<FieldType>(x?.type ?? 'text');
  const [label, setLabel] = useState(x?.label ?? '');
  const [options, setOptions] = useState((x?.options ?? []).join('\n'));
  const [required, setRequired] = useState(x?.required ?? false);
  const [active, setActive] = useState(x?.active ?? true);
  const [position, setPosition] = useState(x ? String(x.position) : '');
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      label,
      required,
      active,
      position: position.trim() === '' ? undefined : Number(position),
    };
    if (type === 'select') body.options = splitLines(options);
    if (!x) Object.assign(body, { ticket_type: ticketType, key, type });
    void s.run(async () => {
      props.onSaved(
        x ? await api.patch<CustomField>(`/api/v1/custom-fields/${x.id}`, body, { ifMatch: x.version }) : await api.post<CustomField>('/api/v1/custom-fields', body),
      );
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <FormProblem error={s.error} shown={FORM_FIELDS} onReload={props.onReload} />
      {x ? (
        <div>
          <Details
            items={[
              [t('ticketType'), c(`type_${x.ticket_type}`)],
              [t('key'), <code>{x.key}</code>],
              [t('type'), t(`type_${x.type}`)],
            ]}
          />
          <p className="muted">{t('fixedHint')}</p>
        </div>
      ) : (
        <>
          <SelectField
            label={t('ticketType')}
            value={ticketType}
            onChange={(e) => setTicketType(e.target.value as TicketType)}
            options={TICKET_TYPES.map((tt) => ({ value: tt, label: c(`type_${tt}`) }))}
            error={fe('ticket_type')}
          />
          <TextField
            label={t('key')}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            hint={t('keyHint')}
            error={fe('key')}
            required
            maxLength={40}
            autoComplete="off"
            spellCheck={false}
          />
          <SelectField
            label={t('type')}
            value={type}
            onChange={(e) => setType(e.target.value as FieldType)}
            options={FIELD_TYPES.map((ft) => ({ value: ft, label: t(`type_${ft}`) }))}
            error={fe('type')}
          />
        </>
      )}
      <TextField label={t('label')} value={label} onChange={(e) => setLabel(e.target.value)} error={fe('label')} required maxLength={100} />
      {type === 'select' && (
        <TextArea label={t('options')} rows={5} value={options} onChange={(e) => setOptions(e.target.value)} hint={t('optionsHint')} error={fe('options')} />
      )}
      <Checkbox label={t('required')} hint={t('requiredHint')} checked={required} onChange={(e) => setRequired(e.target.checked)} error={fe('required')} />
      <Checkbox label={c('active')} hint={t('activeHint')} checked={active} onChange={(e) => setActive(e.target.checked)} error={fe('active')} />
      <TextField
        label={t('position')}
        type="number"
        step={1}
        inputMode="numeric"
        value={position}
        onChange={(e) => setPosition(e.target.value)}
        hint={t('positionHint')}
        error={fe('position')}
      />
      <FormButtons busy={s.busy} label={x ? c('save') : c('create')} onCancel={props.onCancel} />
    </form>
  );
}

type DialogState = { kind: 'new'; ticketType: TicketType } | { kind: 'edit'; id: number } | null;

export function CustomFieldsAdmin() {
  const t = useT(m);
  const c = useT(common);
  const s = useT(shared);
  const f = useFormat();
  const fields = useAsync(() => api.get<ListOf<CustomField>>('/api/v1/custom-fields').then((l) => l.items), []);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [notice, setNotice] = useState('');
  const all = fields.data ?? [];
  const current = dialog?.kind === 'edit' ? all.find((x) => x.id === dialog.id) : undefined;
  const saved = (x: CustomField, created: boolean) => {
    invalidate('customFields');
    fields.setData([...all.filter((y) => y.id !== x.id), x]);
    setDialog(null);
    setNotice(t(created ? 'created' : 'saved', { label: x.label }));
  };
  return (
    <>
      <p className="muted">{t('intro')}</p>
      {notice && <SuccessNotice onDismiss={() => setNotice('')}>{notice}</SuccessNotice>}
      <ErrorBanner error={fields.error} onRetry={fields.reload} />
      {!fields.data
        ? fields.loading && <Loading />
        : TICKET_TYPES.map((tt) => {
            const list = all.filter((x) => x.ticket_type === tt).sort((a, b) => a.position - b.position || a.label.localeCompare(b.label));
            return (
              <section key={tt} aria-labelledby={`cf-${tt}`}>
                <h2 id={`cf-${tt}`}>{c(`type_${tt}`)}</h2>
                {list.length === 0 ? (
                  <p className="empty">{t('noFields')}</p>
                ) : (
                  <div className="table-wrap">
                    <table className="data">
                      <caption>{t('fieldsOf', { type: c(`type_${tt}`) })}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('position')}</th>
                          <th scope="col">{t('label')}</th>
                          <th scope="col">{t('key')}</th>
                          <th scope="col">{t('type')}</th>
                          <th scope="col">{t('options')}</th>
                          <th scope="col">{t('required')}</th>
                          <th scope="col">{t('status')}</th>
                          <th scope="col">{s('actions')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {list.map((x) => (
                          <tr key={x.id}>
                            <td className="num">{f.number(x.position)}</td>
                            <td>{x.label}</td>
                            <td>
                              <code>{x.key}</code>
                            </td>
                            <td>{t(`type_${x.type}`)}</td>
                            <td>{x.options.join(', ')}</td>
                            <td>
                              <YesNo value={x.required} />
                            </td>
                            <td>
                              <ActiveBadge active={x.active} />
                            </td>
                            <td>
                              <RowAction label={c('edit')} of={x.label} onClick={() => setDialog({ kind: 'edit', id: x.id })} />
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
                <div className="toolbar">
                  <button type="button" onClick={() => setDialog({ kind: 'new', ticketType: tt })}>
                    {t('addField')}
                    <span className="visually-hidden"> ({c(`type_${tt}`)})</span>
                  </button>
                </div>
              </section>
            );
          })}
      <Dialog open={dialog?.kind === 'new'} title={t('newField')} onClose={() => setDialog(null)}>
        {dialog?.kind === 'new' && (
          <FieldForm ticketType={dialog.ticketType} onCancel={() => setDialog(null)} onSaved={(x) => saved(x, true)} />
        )}
      </Dialog>
      <Dialog open={dialog?.kind === 'edit' && !!current} title={t('editField', { label: current?.label ?? '' })} onClose={() => setDialog(null)}>
        {current && (
          <FieldForm
            key={current.version}
            field={current}
            ticketType={current.ticket_type}
            onCancel={() => setDialog(null)}
            onReload={fields.reload}
            onSaved={(x) => saved(x, false)}
          />
        )}
      </Dialog>
    </>
  );
}
