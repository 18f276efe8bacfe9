// Opening a ticket from the portal. The contact chooses what the API lets a customer choose (type,
// subject, description, urgency, site, network area, category, custom fields) and may attach
// files; organisation, requester and channel are filled in by the server. The subject and the
// description are kept in the browser until the ticket exists, so an error, a reload or an ended
// session loses nothing. The ticket is created once: files are uploaded to it afterwards, and a
// file that fails is reported on the ticket's page instead of creating the ticket again.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, newIdempotencyKey } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { orgPlaces, useDirectory } from '../../app/directory';
import { useDraft } from '../../app/drafts';
import { useT } from '../../app/i18n';
import { Link, navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { LEVELS, TICKET_TYPES, type CustomField, type Level, type NetworkArea, type Site, type Ticket, type TicketType } from '../../model/types';
import { AttachmentPicker, uploadFiles } from '../../ui/Attachments';
import { ErrorBanner, useErrorText, useFieldErrors } from '../../ui/feedback';
import { SelectField, TextArea, TextField, type Option } from '../../ui/forms';
import { setTicketFlash } from './flash';
import m from './portal.i18n';

const SUBJECT_MAX = 200;
const SUBJECT_DRAFT = 'portal-new-subject';
const DESCRIPTION_DRAFT = 'portal-new-description';

const idOrNull = (v: string) => (v ? Number(v) : null);

function CustomFieldControl(props: {
  field: CustomField;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const t = useT(m);
  const c = useT(common);
  const f = props.field;
  const label = (
    <>
      {f.label}
      {f.required && <span className="muted"> ({c('required')})</span>}
    </>
  );
  const common_ = {
    label,
    error: props.error,
    required: f.required,
    value: props.value,
  };
  switch (f.type) {
    case 'boolean':
      return (
        <SelectField
          {...common_}
          options={[
            { value: '', label: t('notAnswered') },
            { value: 'true', label: c('yes') },
            { value: 'false', label: c('no') },
          ]}
          onChange={(e) => props.onChange(e.target.value)}
        />
      );
    case 'select':
      return (
        <SelectField
          {...common_}
          options={[{ value: '', label: t('chooseOne') }, ...f.options.map((o) => ({ value: o, label: o }))]}
          onChange={(e) => props.onChange(e.target.value)}
        />
      );
    case 'number':
      return <TextField {...common_} type="number" step="any" inputMode="decimal" onChange={(e) => props.onChange(e.target.value)} />;
    case 'date':
      return <TextField {...common_} type="date" onChange={(e) => props.onChange(e.target.value)} />;
    default:
      return <TextField {...common_} type="text" maxLength={1000} onChange={(e) => props.onChange(e.target.value)} />;
  }
}

export function PortalNewTicketPage() {
  const t = useT(m);
  const c = useT(common);
  const { me } = useSession();
  const dir = useDirectory(false);
  const errorText = useErrorText();
  const orgId = me?.organisation_id;

  const [type, setType] = useState<TicketType>('incident');
  const [subject, setSubject, clearSubject] = useDraft(SUBJECT_DRAFT);
  const [description, setDescription, clearDescription] = useDraft(DESCRIPTION_DRAFT);
  const [urgency, setUrgency] = useState<Level>('medium');
  const [siteId, setSiteId] = useState('');
  const [areaId, setAreaId] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [subcategoryId, setSubcategoryId] = useState('');
  const [custom, setCustom] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  // The ticket, once created: a second press never creates another.
  const created = useRef<Ticket | null>(null);
  // One key per form: a retry after a lost response returns the ticket created the first time.
  const idempotencyKey = useRef(newIdempotencyKey());
  const form = useRef<HTMLFormElement>(null);

  const places = useAsync(async () => {
    if (!orgId) return { sites: [] as Site[], areas: [] as NetworkArea[] };
    const p = await orgPlaces(orgId);
    return { sites: p.sites.filter((x) => x.active), areas: p.areas.filter((x) => x.active) };
  }, [orgId]);

  const categories = useMemo(() => (dir?.categories ?? []).filter((x) => x.active && x.parent_id === null), [dir]);
  const subcategories = useMemo(
    () => (categoryId ? (dir?.categories ?? []).filter((x) => x.active && x.parent_id === Number(categoryId)) : []),
    [dir, categoryId],
  );
  const fields = useMemo(
    () =>
      (dir?.customFields ?? [])
        .filter((x) => x.active && x.ticket_type === type)
        .sort((a, b) => a.position - b.position || a.id - b.id),
    [dir, type],
  );

  const serverField = useFieldErrors(error);
  const fieldError = (name: string) => clientErrors[name] ?? serverField(name);
  const fixed = (name: string) => {
    if (name in clientErrors) {
      const rest = { ...clientErrors };
      delete rest[name];
      setClientErrors(rest);
    }
  };
  const shown = ['subject', 'description', 'type', 'urgency', 'site_id', 'network_area_id', 'category_id', 'subcategory_id', ...fields.map((x) => `custom_fields.${x.key}`)];

  // After a refused submit, take the keyboard to the first control at fault.
  useEffect(() => {
    if (attempt === 0) return;
    const bad = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    // With no control at fault, back to the button (it was disabled while sending, which drops focus).
    (bad ?? form.current?.querySelector<HTMLElement>('button[type="submit"]'))?.focus();
  }, [attempt]);

  const validate = (): Record<string, string> => {
    const errs: Record<string, string> = {};
    const s = subject.trim();
    if (!s) errs.subject = t('subjectRequired');
    else if (s.length > SUBJECT_MAX) errs.subject = t('subjectTooLong', { max: SUBJECT_MAX });
    for (const f of fields) {
      if (f.required && !(custom[f.key] ?? '').trim()) errs[`custom_fields.${f.key}`] = t('fieldRequired');
    }
    return errs;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (created.current) {
      // Created already (the page is about to move on); never send it twice.
      navigate(`/portal/tickets/${created.current.id}`);
      return;
    }
    const errs = validate();
    setClientErrors(errs);
    if (Object.keys(errs).length) {
      setError(null);
      setAttempt((n) => n + 1);
      return;
    }
    const customFields: Record<string, string> = {};
    for (const f of fields) {
      const v = (custom[f.key] ?? '').trim();
      if (v) customFields[f.key] = v;
    }
    setBusy(true);
    setError(null);
    let ticket: Ticket;
    try {
      ticket = await api.post<Ticket>('/api/v1/tickets', {
        type,
        subject: subject.trim(),
        description,
        urgency,
        site_id: idOrNull(siteId),
        network_area_id: idOrNull(areaId),
        category_id: idOrNull(categoryId),
        subcategory_id: categoryId ? idOrNull(subcategoryId) : null,
        custom_fields: customFields,
      }, { idempotencyKey: idempotencyKey.current });
    } catch (err) {
      setError(err);
      setBusy(false);
      setAttempt((n) => n + 1);
      return;
    }
    created.current = ticket;
    clearSubject();
    clearDescription();
    const failed: Array<{ name: string; reason: string }> = [];
    for (const file of files) {
      try {
        await uploadFiles(ticket.id, [file], false);
      } catch (err) {
        failed.push({ name: file.name, reason: errorText(err) });
      }
    }
    setTicketFlash(ticket.id, { created: true, failed });
    navigate(`/portal/tickets/${ticket.id}`);
  };

  const typeOptions: Option[] = TICKET_TYPES.map((x) => ({ value: x, label: c(`type_${x}`) }));
  const urgencyOptions: Option[] = LEVELS.map((x) => ({ value: x, label: c(`level_${x}`) }));
  const none = (label: string): Option => ({ value: '', label });
  const hasErrors = Object.keys(clientErrors).length > 0;
  const place = places.data;
  const dirty = !!(subject || description || files.length);

  const clearForm = () => {
    if (!window.confirm(t('clearConfirm'))) return;
    clearSubject();
    clearDescription();
    setType('incident');
    setUrgency('medium');
    setSiteId('');
    setAreaId('');
    setCategoryId('');
    setSubcategoryId('');
    setCustom({});
    setFiles([]);
    setError(null);
    setClientErrors({});
  };

  return (
    <section className="stack">
      <p>
        <Link to="/portal">{t('backToList')}</Link>
      </p>
      <h1>{t('newTitle')}</h1>
      <p className="muted">{t('newIntro')}</p>
      <form ref={form} onSubmit={(e) => void submit(e)} className="stack" noValidate aria-busy={busy}>
        {hasErrors && (
          <div className="banner error" role="alert">
            {c('fixFields')}
          </div>
        )}
        <ErrorBanner error={error} shown={shown} />

        <SelectField
          label={t('type')}
          hint={t('typeHint')}
          value={type}
          options={typeOptions}
          onChange={(e) => setType(e.target.value as TicketType)}
          error={fieldError('type')}
        />
        <TextField
          label={
            <>
              {t('subject')} <span className="muted">({c('required')})</span>
            </>
          }
          hint={t('subjectHint', { max: SUBJECT_MAX })}
          value={subject}
          maxLength={SUBJECT_MAX}
          required
          onChange={(e) => {
            setSubject(e.target.value);
            fixed('subject');
          }}
          error={fieldError('subject')}
        />
        <TextArea
          label={t('description')}
          hint={t('descriptionHint')}
          value={description}
          rows={8}
          onChange={(e) => setDescription(e.target.value)}
          error={fieldError('description')}
        />
        <SelectField
          label={t('urgency')}
          hint={t('urgencyHint')}
          value={urgency}
          options={urgencyOptions}
          onChange={(e) => setUrgency(e.target.value as Level)}
          error={fieldError('urgency')}
        />

        {places.error ? <ErrorBanner error={places.error} onRetry={places.reload} /> : null}
        {place && (place.sites.length > 0 || place.areas.length > 0) ? (
          <div className="grid-2">
            {place.sites.length > 0 && (
              <SelectField
                label={t('site')}
                hint={t('siteHint')}
                value={siteId}
                options={[none(t('noSite')), ...place.sites.map((s) => ({ value: String(s.id), label: s.city ? `${s.name} — ${s.city}` : s.name }))]}
                onChange={(e) => setSiteId(e.target.value)}
                error={fieldError('site_id')}
              />
            )}
            {place.areas.length > 0 && (
              <SelectField
                label={t('networkArea')}
                hint={t('networkAreaHint')}
                value={areaId}
                options={[none(t('noNetworkArea')), ...place.areas.map((a) => ({ value: String(a.id), label: a.name }))]}
                onChange={(e) => setAreaId(e.target.value)}
                error={fieldError('network_area_id')}
              />
            )}
          </div>
        ) : null}

        {categories.length > 0 && (
          <div className="grid-2">
            <SelectField
              label={t('category')}
              value={categoryId}
              options={[none(t('noCategory')), ...categories.map((x) => ({ value: String(x.id), label: x.name }))]}
              onChange={(e) => {
                setCategoryId(e.target.value);
                setSubcategoryId('');
              }}
              error={fieldError('category_id')}
            />
            {subcategories.length > 0 && (
              <SelectField
                label={t('subcategory')}
                value={subcategoryId}
                options={[none(t('noSubcategory')), ...subcategories.map((x) => ({ value: String(x.id), label: x.name }))]}
                onChange={(e) => setSubcategoryId(e.target.value)}
                error={fieldError('subcategory_id')}
              />
            )}
          </div>
        )}

        {fields.length > 0 && (
          <fieldset className="stack">
            <legend>{t('moreDetails', { type: c(`type_${type}`) })}</legend>
            {fields.map((f) => (
              <CustomFieldControl
                key={f.id}
                field={f}
                value={custom[f.key] ?? ''}
                onChange={(v) => {
                  setCustom((prev) => ({ ...prev, [f.key]: v }));
                  fixed(`custom_fields.${f.key}`);
                }}
                error={fieldError(`custom_fields.${f.key}`)}
              />
            ))}
          </fieldset>
        )}

        <AttachmentPicker files={files} onChange={setFiles} disabled={busy} />

        <div className="row">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            {busy ? t('sending') : t('submitTicket')}
          </button>
          {dirty && (
            <button type="button" className="link" onClick={clearForm} disabled={busy}>
              {t('clearForm')}
            </button>
          )}
        </div>
        {busy && (
          <p className="muted" role="status">
            {files.length > 0 ? t('creatingWithFiles') : t('creating')}
          </p>
        )}
      </form>
    </section>
  );
}
