// Opening a ticket for a customer (a phone call, a walk-in, an e-mail forwarded by hand): pick
// the organisation and the person, say what happened, route it. Text is kept as a draft, a
// double click opens one ticket (Idempotency-Key), and files are attached once it exists.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, newIdempotencyKey, query } from '../../app/api';
import common from '../../app/common.i18n';
import { useDraft } from '../../app/drafts';
import { orgPlaces, useDirectory } from '../../app/directory';
import { useT } from '../../app/i18n';
import { navigate } from '../../app/router';
import { can, useSession } from '../../app/session';
import type { Channel, Contact, Level, ListOf, NetworkArea, Organisation, Priority, Site, Ticket, TicketType, Tier } from '../../model/types';
import { CHANNELS, LEVELS, PRIORITIES, TICKET_TYPES, TIERS } from '../../model/types';
import { AttachmentPicker, uploadFiles } from '../../ui/Attachments';
import { CustomFieldInputs, customFieldValues, fieldsFor } from '../../ui/CustomFieldInputs';
import { ErrorBanner, useFieldErrors } from '../../ui/feedback';
import { Checkbox, SelectField, TextArea, TextField } from '../../ui/forms';
import { CALL_FIELDS, CallFields, callBody, newCallForm } from './CallFields';
import m from './newticket.i18n';


const SHOWN = [
  'organisation_id', 'requester_id', 'channel', 'type', 'subject', 'description', 'impact', 'urgency', 'priority',
  'priority_reason', 'status', 'team_id', 'assignee_id', 'tier', 'site_id', 'network_area_id', 'category_id',
  'subcategory_id', 'tags', 'custom_fields', ...CALL_FIELDS,
];

// Finding an organisation by name and choosing it (also used to accept an e-mail waiting for triage).
export function OrganisationPicker(props: { value: Organisation | null; onChange: (o: Organisation | null) => void; error?: string }) {
  const t = useT(m);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Organisation[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api
        .get<ListOf<Organisation>>('/api/v1/organisations' + query({ q, active: true, limit: 20 }))
        .then((l) => live && setFound(l.items))
        .catch(() => live && setFound([]));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);
  const options = props.value && !found.some((o) => o.id === props.value!.id) ? [props.value, ...found] : found;
  return (
    <fieldset className="org-picker">
      <legend>{t('customer')}</legend>
      <TextField label={t('findOrganisation')} type="search" value={q} onChange={(e) => setQ(e.target.value)} hint={t('findHint')} />
      <SelectField
        label={t('organisation')}
        value={props.value ? String(props.value.id) : ''}
        required
        error={props.error}
        onChange={(e) => props.onChange(options.find((o) => String(o.id) === e.target.value) ?? null)}
        options={[{ value: '', label: options.length ? t('chooseOrganisation') : t('noOrganisations') }, ...options.map((o) => ({ value: String(o.id), label: o.name }))]}
      />
    </fieldset>
  );
}

export function NewTicketPage() {
  const t = useT(m);
  const c = useT(common);
  const dir = useDirectory(true);
  const [key] = useState(newIdempotencyKey);
  const [org, setOrg] = useState<Organisation | null>(null);
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [sites, setSites] = useState<Site[]>([]);
  const [areas, setAreas] = useState<NetworkArea[]>([]);
  const [requester, setRequester] = useState('');
  const [channel, setChannel] = useState<Channel>('phone');
  const [type, setType] = useState<TicketType>('incident');
  const [subject, setSubject] = useDraft('new-ticket-subject');
  const [description, setDescription, clearDescription] = useDraft('new-ticket-description');
  const [impact, setImpact] = useState<Level>('medium');
  const [urgency, setUrgency] = useState<Level>('medium');
  const [priority, setPriority] = useState<'' | Priority>('');
  const [priorityReason, setPriorityReason] = useState('');
  const [status, setStatus] = useState<'new' | 'open'>('new');
  const [team, setTeam] = useState('');
  const [assignee, setAssignee] = useState('');
  const [tier, setTier] = useState<Tier>('N1');
  const [site, setSite] = useState('');
  const [area, setArea] = useState('');
  const [category, setCategory] = useState('');
  const [subcategory, setSubcategory] = useState('');
  const [tags, setTags] = useState('');
  const [custom, setCustom] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<File[]>([]);
  // A phone call or visit is logged on the new ticket with it, in one step (POST /api/v1/calls).
  const [logCall, setLogCall] = useState(true);
  const [call, setCall] = useState(() => newCallForm());
  const { me } = useSession();
  const isCall = (channel === 'phone' || channel === 'in_person') && logCall;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldError = useFieldErrors(error);

  useEffect(() => {
    setRequester('');
    setSite('');
    setArea('');
    if (!org) return;
    let live = true;
    Promise.all([api.get<ListOf<Contact>>('/api/v1/contacts' + query({ organisation_id: org.id, active: true, limit: 500 })), orgPlaces(org.id)])
      .then(([cs, places]) => {
        if (!live) return;
        setContacts(cs.items);
        setSites(places.sites.filter((s) => s.active));
        setAreas(places.areas.filter((a) => a.active));
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [org]);

  const customFields = useMemo(() => fieldsFor(dir?.customFields ?? [], type), [dir, type]);
  const teamObj = dir?.teams.find((x) => String(x.id) === team);
  const assignable = (dir?.users ?? []).filter((u) => u.active && (!teamObj || teamObj.member_ids.includes(u.id)));
  const top = (dir?.categories ?? []).filter((x) => x.active && x.parent_id === null);
  const subs = (dir?.categories ?? []).filter((x) => x.active && x.parent_id !== null && String(x.parent_id) === category);
  const id = (v: string) => (v ? Number(v) : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = {
        organisation_id: org?.id ?? null,
        requester_id: id(requester),
        channel,
        type,
        subject,
        description,
        impact,
        urgency,
        status,
        team_id: id(team),
        assignee_id: id(assignee),
        tier,
        site_id: id(site),
        network_area_id: id(area),
        category_id: id(category),
        subcategory_id: id(subcategory),
        tags: tags.split(/[,\s]+/).filter(Boolean),
        custom_fields: customFieldValues(customFields, custom),
      };
      if (priority) {
        body.priority = priority;
        body.priority_reason = priorityReason;
      }
      const ticket = isCall
        ? await api.post<Ticket>('/api/v1/calls', { ...body, ...callBody(call) })
        : await api.post<Ticket>('/api/v1/tickets', body, { idempotencyKey: key });
      setSubject('');
      clearDescription();
      const failed: string[] = [];
      for (const file of files) {
        try {
          await uploadFiles(ticket.id, [file], false);
        } catch {
          failed.push(file.name);
        }
      }
      if (failed.length) sessionStorage.setItem(`farol.upload-failed.${ticket.id}`, failed.join(', '));
      navigate(`/tickets/${ticket.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="new-ticket">
      <h1>{t('title')}</h1>
      <form className="stack wide" onSubmit={submit} noValidate>
        <ErrorBanner error={error} shown={SHOWN} />
        <OrganisationPicker value={org} onChange={setOrg} error={fieldError('organisation_id')} />
        <div className="grid-2">
          <SelectField
            label={t('requester')}
            value={requester}
            disabled={!org}
            onChange={(e) => {
              // The requester is who is on the line, unless the agent already typed someone else.
              const name = (id: string) => contacts.find((x) => String(x.id) === id)?.name ?? '';
              const before = name(requester);
              const after = name(e.target.value);
              setCall((x) => (x.caller.trim() === '' || x.caller === before ? { ...x, caller: after } : x));
              setRequester(e.target.value);
            }}
            error={fieldError('requester_id')}
            options={[{ value: '', label: t('noRequester') }, ...contacts.map((x) => ({ value: String(x.id), label: `${x.name} <${x.email}>` }))]}
          />
          <SelectField
            label={t('channel')}
            value={channel}
            onChange={(e) => setChannel(e.target.value as Channel)}
            error={fieldError('channel')}
            options={CHANNELS.map((x) => ({ value: x, label: c(`channel_${x}`) }))}
          />
        </div>
        <SelectField
          label={t('type')}
          value={type}
          onChange={(e) => setType(e.target.value as TicketType)}
          error={fieldError('type')}
          options={TICKET_TYPES.map((x) => ({ value: x, label: c(`type_${x}`) }))}
        />
        <TextField label={t('subject')} value={subject} required maxLength={200} onChange={(e) => setSubject(e.target.value)} error={fieldError('subject')} />
        <TextArea label={t('description')} rows={8} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError('description')} />
        <div className="grid-2">
          <SelectField label={t('impact')} value={impact} onChange={(e) => setImpact(e.target.value as Level)} error={fieldError('impact')} hint={t('impactHint')} options={LEVELS.map((l) => ({ value: l, label: c(`level_${l}`) }))} />
          <SelectField label={t('urgency')} value={urgency} onChange={(e) => setUrgency(e.target.value as Level)} error={fieldError('urgency')} hint={t('urgencyHint')} options={LEVELS.map((l) => ({ value: l, label: c(`level_${l}`) }))} />
        </div>
        <div className="grid-2">
          <SelectField
            label={t('priority')}
            value={priority}
            onChange={(e) => setPriority(e.target.value as '' | Priority)}
            error={fieldError('priority')}
            options={[{ value: '', label: t('priorityAuto') }, ...PRIORITIES.map((p) => ({ value: p, label: p }))]}
          />
          {priority && <TextField label={t('priorityReason')} value={priorityReason} required onChange={(e) => setPriorityReason(e.target.value)} error={fieldError('priority_reason')} />}
        </div>
        <div className="grid-2">
          <SelectField
            label={t('team')}
            value={team}
            onChange={(e) => {
              setTeam(e.target.value);
              setAssignee('');
            }}
            error={fieldError('team_id')}
            options={[{ value: '', label: t('noTeam') }, ...(dir?.teams ?? []).map((x) => ({ value: String(x.id), label: x.name }))]}
          />
          <SelectField
            label={t('assignee')}
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
            error={fieldError('assignee_id')}
            options={[{ value: '', label: t('nobody') }, ...assignable.map((u) => ({ value: String(u.id), label: u.name }))]}
          />
          <SelectField label={t('tier')} value={tier} onChange={(e) => setTier(e.target.value as Tier)} error={fieldError('tier')} options={TIERS.map((x) => ({ value: x, label: x }))} />
          <SelectField
            label={t('status')}
            value={status}
            onChange={(e) => setStatus(e.target.value as 'new' | 'open')}
            error={fieldError('status')}
            options={[
              { value: 'new', label: c('status_new') },
              { value: 'open', label: c('status_open') },
            ]}
          />
        </div>
        {(sites.length > 0 || areas.length > 0) && (
          <div className="grid-2">
            <SelectField label={t('site')} value={site} onChange={(e) => setSite(e.target.value)} error={fieldError('site_id')} options={[{ value: '', label: c('none') }, ...sites.map((s) => ({ value: String(s.id), label: s.name }))]} />
            <SelectField label={t('area')} value={area} onChange={(e) => setArea(e.target.value)} error={fieldError('network_area_id')} options={[{ value: '', label: c('none') }, ...areas.map((a) => ({ value: String(a.id), label: a.name }))]} />
          </div>
        )}
        <div className="grid-2">
          <SelectField
            label={t('category')}
            value={category}
            onChange={(e) => {
              setCategory(e.target.value);
              setSubcategory('');
            }}
            error={fieldError('category_id')}
            options={[{ value: '', label: c('none') }, ...top.map((x) => ({ value: String(x.id), label: x.name }))]}
          />
          {subs.length > 0 && (
            <SelectField label={t('subcategory')} value={subcategory} onChange={(e) => setSubcategory(e.target.value)} error={fieldError('subcategory_id')} options={[{ value: '', label: c('none') }, ...subs.map((x) => ({ value: String(x.id), label: x.name }))]} />
          )}
        </div>
        <TextField label={t('tags')} value={tags} onChange={(e) => setTags(e.target.value)} error={fieldError('tags')} hint={t('tagsHint')} />
        {(channel === 'phone' || channel === 'in_person') && (
          <fieldset className="call">
            <legend>{t('callLegend')}</legend>
            <Checkbox label={t('logTheCall')} hint={t('logTheCallHint')} checked={logCall} onChange={(e) => setLogCall(e.target.checked)} />
            {logCall && <CallFields value={call} onChange={(change) => setCall((x) => ({ ...x, ...change }))} fe={fieldError} canResolve={can(me, 'ticket.update')} />}
          </fieldset>
        )}
        <CustomFieldInputs fields={customFields} values={custom} onChange={setCustom} fieldError={fieldError} disabled={busy} />
        <AttachmentPicker files={files} onChange={setFiles} disabled={busy} />
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? c('saving') : t('create')}
          </button>
        </div>
      </form>
    </section>
  );
}
