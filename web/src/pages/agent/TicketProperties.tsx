// The ticket's properties (status, priority with its reason, impact, urgency, type, team,
// assignee, tier, category, tags) edited together and saved in one change. Edits survive a
// reload of the ticket underneath them (a colleague's change arriving live) and a conflict.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../app/api';
import common from '../../app/common.i18n';
import type { Directory, Places } from '../../app/directory';
import { CustomFieldInputs, fieldsFor } from '../../ui/CustomFieldInputs';
import { useT } from '../../app/i18n';
import { useSession } from '../../app/session';
import type { Level, Priority, Ticket, TicketStatus, TicketType, Tier } from '../../model/types';
import { LEVELS, PRIORITIES, TICKET_TYPES, TIERS } from '../../model/types';
import { ErrorBanner, Notice, useFieldErrors } from '../../ui/feedback';
import { refocus } from '../../ui/focus';
import { SelectField, TextField } from '../../ui/forms';
import m from './ticket.i18n';
import { statusChoices } from './ticketRules';

interface Edits {
  status?: TicketStatus;
  priority?: Priority | 'matrix';
  priority_reason?: string;
  impact?: Level;
  urgency?: Level;
  type?: TicketType;
  team_id?: number | null;
  assignee_id?: number | null;
  tier?: Tier;
  category_id?: number | null;
  subcategory_id?: number | null;
  site_id?: number | null;
  network_area_id?: number | null;
  tags?: string;
  custom?: Record<string, string>;  // custom field values being edited ('' = no value)
}

const FIELDS = ['status', 'priority', 'priority_reason', 'impact', 'urgency', 'type', 'team_id', 'assignee_id', 'tier', 'category_id', 'subcategory_id', 'site_id', 'network_area_id', 'tags', 'custom_fields'];

// The PATCH body for the edits that differ from the ticket.
export function patchFor(tk: Ticket, e: Edits): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const differs = <K extends keyof Ticket>(k: K, v: unknown) => v !== undefined && JSON.stringify(v) !== JSON.stringify(tk[k]);
  if (differs('status', e.status)) out.status = e.status;
  if (e.priority === 'matrix') out.priority_from_matrix = true;
  else if (differs('priority', e.priority)) {
    out.priority = e.priority;
    out.priority_reason = e.priority_reason ?? '';
  }
  for (const k of ['impact', 'urgency', 'type', 'team_id', 'assignee_id', 'tier', 'category_id', 'subcategory_id', 'site_id', 'network_area_id'] as const) {
    if (differs(k, e[k])) out[k] = e[k];
  }
  if (e.tags !== undefined) {
    const tags = e.tags
      .split(/[,\s]+/)
      .map((x) => x.trim())
      .filter(Boolean);
    if (JSON.stringify(tags) !== JSON.stringify(tk.tags)) out.tags = tags;
  }
  if (e.custom) {
    // Only the values that changed; an emptied one is removed (null).
    const cf: Record<string, string | null> = {};
    for (const [k, v] of Object.entries(e.custom)) {
      if (v !== (tk.custom_fields[k] ?? '')) cf[k] = v === '' ? null : v;
    }
    if (Object.keys(cf).length) out.custom_fields = cf;
  }
  return out;
}

const num = (v: string) => (v === '' ? null : Number(v));

export function TicketProperties(props: {
  ticket: Ticket;
  dir: Directory | null;
  places: Places | null;
  canEdit: boolean;
  // The viewer's own latest change elsewhere on the page (a reply, an escalation...): edits begun
  // on the version it started from are not in conflict with it.
  ownChange: { from: number; to: number } | null;
  onSaved: (t: Ticket, from: number) => void;
  onConflict: () => void;
}) {
  const t = useT(m);
  const c = useT(common);
  const { me } = useSession();
  const tk = props.ticket;
  const [edits, setEdits] = useState<Edits>({});
  // The version the edits were started on: saving checks that nobody changed the ticket since,
  // even if the page has refreshed underneath (live), so an edit never silently overwrites.
  const [base, setBase] = useState<number | null>(null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const own = props.ownChange;
    if (own && base === own.from) setBase(own.to);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.ownChange]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const fieldError = useFieldErrors(error);
  const dir = props.dir;

  const value = <K extends keyof Edits>(k: K, fallback: Edits[K]) => (edits[k] !== undefined ? edits[k] : fallback);
  const set = (e: Edits) => {
    setSaved(false);
    if (base === null) setBase(tk.version);
    setEdits((x) => ({ ...x, ...e }));
  };
  const patch = patchFor(tk, edits);
  const dirty = Object.keys(patch).length > 0;

  // Runs one change; the edits stay on screen if it fails.
  const send = async (body: Record<string, unknown>, ifMatch: number, after: () => void) => {
    setBusy(true);
    setError(null);
    try {
      const updated = await api.patch<Ticket>(`/api/v1/tickets/${tk.id}`, body, { ifMatch });
      after();
      props.onSaved(updated, ifMatch);
      refocus(form.current?.querySelector('h2'));
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.isConflict) {
        // The person has now been told; the next save is checked against what the page shows.
        setBase(null);
        props.onConflict();
      }
    } finally {
      setBusy(false);
    }
  };

  const save = async (ev?: FormEvent) => {
    ev?.preventDefault();
    const body = patchFor(tk, edits);
    if (Object.keys(body).length === 0) return;
    await send(body, base ?? tk.version, () => {
      setEdits({});
      setBase(null);
      setSaved(true);
    });
  };

  // Only the assignee, whatever else is being edited (that stays as it is).
  const assignToMe = async () => {
    if (!me) return;
    await send({ assignee_id: me.id }, tk.version, () => setEdits((x) => ({ ...x, assignee_id: undefined })));
  };

  const teamId = value('team_id', tk.team_id);
  const team = dir?.teams.find((x) => x.id === teamId);
  // With a team, only its members can be assigned (the server checks the same).
  const assignable = (dir?.users ?? []).filter((u) => u.active && (!team || team.member_ids.includes(u.id)));
  const assigneeId = value('assignee_id', tk.assignee_id);
  if (assigneeId && !assignable.some((u) => u.id === assigneeId)) {
    const u = dir?.users.find((x) => x.id === assigneeId);
    if (u) assignable.unshift(u);
  }
  const categoryId = value('category_id', tk.category_id);
  const topCategories = (dir?.categories ?? []).filter((x) => x.parent_id === null && (x.active || x.id === tk.category_id));
  const subCategories = (dir?.categories ?? []).filter((x) => x.parent_id !== null && x.parent_id === categoryId && (x.active || x.id === tk.subcategory_id));
  const priority = value('priority', tk.priority);
  const priorityChanged = priority !== 'matrix' && priority !== tk.priority;
  const disabled = !props.canEdit || busy;
  const meIsMember = !team || (me ? team.member_ids.includes(me.id) : false);

  return (
    <form ref={form} className="properties card" onSubmit={save} aria-labelledby="properties-heading">
      <h2 id="properties-heading" tabIndex={-1}>
        {t('properties')}
      </h2>
      {saved && !dirty && <Notice kind="success">{t('changesSaved')}</Notice>}
      {dir?.failed && <Notice kind="warning">{t('directoryFailed')}</Notice>}
      {error instanceof ApiError && error.isConflict ? (
        <div className="banner warning" role="alert">
          {t('conflictProperties')}
        </div>
      ) : (
        <ErrorBanner error={error} shown={FIELDS} />
      )}
      <SelectField
        label={t('status')}
        value={value('status', tk.status)}
        disabled={disabled}
        onChange={(e) => set({ status: e.target.value as TicketStatus })}
        error={fieldError('status')}
        options={statusChoices(tk.status).map((s) => ({ value: s, label: c(`status_${s}`) }))}
      />
      <SelectField
        label={t('priority')}
        value={priority}
        disabled={disabled}
        onChange={(e) => set({ priority: e.target.value as Priority | 'matrix' })}
        error={fieldError('priority')}
        hint={tk.priority_manual ? t('priorityManual') : t('priorityMatrix')}
        options={[
          ...PRIORITIES.map((p) => ({ value: p, label: t(`priority_${p}`) })),
          ...(tk.priority_manual ? [{ value: 'matrix', label: t('priorityFromMatrix') }] : []),
        ]}
      />
      {priorityChanged && (
        <TextField
          label={t('priorityReason')}
          value={edits.priority_reason ?? ''}
          disabled={disabled}
          required
          maxLength={2000}
          onChange={(e) => set({ priority_reason: e.target.value })}
          error={fieldError('priority_reason')}
        />
      )}
      <div className="grid-2">
        <SelectField
          label={t('impact')}
          value={value('impact', tk.impact)}
          disabled={disabled}
          onChange={(e) => set({ impact: e.target.value as Level })}
          error={fieldError('impact')}
          options={LEVELS.map((l) => ({ value: l, label: c(`level_${l}`) }))}
        />
        <SelectField
          label={t('urgency')}
          value={value('urgency', tk.urgency)}
          disabled={disabled}
          onChange={(e) => set({ urgency: e.target.value as Level })}
          error={fieldError('urgency')}
          options={LEVELS.map((l) => ({ value: l, label: c(`level_${l}`) }))}
        />
      </div>
      <SelectField
        label={t('type')}
        value={value('type', tk.type)}
        disabled={disabled}
        onChange={(e) => set({ type: e.target.value as TicketType })}
        error={fieldError('type')}
        options={TICKET_TYPES.map((x) => ({ value: x, label: c(`type_${x}`) }))}
      />
      <SelectField
        label={t('team')}
        value={teamId === null ? '' : String(teamId)}
        disabled={disabled}
        onChange={(e) => set({ team_id: num(e.target.value) })}
        error={fieldError('team_id')}
        options={[{ value: '', label: t('noTeam') }, ...(dir?.teams ?? []).map((x) => ({ value: String(x.id), label: x.name }))]}
      />
      <SelectField
        label={t('assignee')}
        value={assigneeId === null ? '' : String(assigneeId)}
        disabled={disabled}
        onChange={(e) => set({ assignee_id: num(e.target.value) })}
        error={fieldError('assignee_id')}
        hint={team ? t('assigneeFromTeam', { team: team.name }) : undefined}
        options={[{ value: '', label: t('nobody') }, ...assignable.map((u) => ({ value: String(u.id), label: u.name }))]}
      />
      {props.canEdit && me && tk.assignee_id !== me.id && meIsMember && (
        <button type="button" className="link" disabled={busy} onClick={() => void assignToMe()}>
          {t('assignToMe')}
        </button>
      )}
      <SelectField
        label={t('tier')}
        value={value('tier', tk.tier)}
        disabled={disabled}
        onChange={(e) => set({ tier: e.target.value as Tier })}
        error={fieldError('tier')}
        options={TIERS.map((x) => ({ value: x, label: x }))}
      />
      <SelectField
        label={t('category')}
        value={categoryId === null ? '' : String(categoryId)}
        disabled={disabled}
        onChange={(e) => set({ category_id: num(e.target.value), subcategory_id: null })}
        error={fieldError('category_id')}
        options={[{ value: '', label: c('none') }, ...topCategories.map((x) => ({ value: String(x.id), label: x.name }))]}
      />
      {subCategories.length > 0 && (
        <SelectField
          label={t('subcategory')}
          value={String(value('subcategory_id', tk.subcategory_id) ?? '')}
          disabled={disabled}
          onChange={(e) => set({ subcategory_id: num(e.target.value) })}
          error={fieldError('subcategory_id')}
          options={[{ value: '', label: c('none') }, ...subCategories.map((x) => ({ value: String(x.id), label: x.name }))]}
        />
      )}
      {(props.places?.sites.length || props.places?.areas.length) && (
        <div className="grid-2">
          <SelectField
            label={t('site')}
            value={String(value('site_id', tk.site_id) ?? '')}
            disabled={disabled}
            onChange={(e) => set({ site_id: num(e.target.value) })}
            error={fieldError('site_id')}
            options={[
              { value: '', label: c('none') },
              ...(props.places?.sites ?? []).filter((x) => x.active || x.id === tk.site_id).map((x) => ({ value: String(x.id), label: x.name })),
            ]}
          />
          <SelectField
            label={t('area')}
            value={String(value('network_area_id', tk.network_area_id) ?? '')}
            disabled={disabled}
            onChange={(e) => set({ network_area_id: num(e.target.value) })}
            error={fieldError('network_area_id')}
            options={[
              { value: '', label: c('none') },
              ...(props.places?.areas ?? []).filter((x) => x.active || x.id === tk.network_area_id).map((x) => ({ value: String(x.id), label: x.name })),
            ]}
          />
        </div>
      ) || null}
      <CustomFieldInputs
        fields={fieldsFor(dir?.customFields ?? [], value('type', tk.type) as TicketType)}
        values={{ ...tk.custom_fields, ...edits.custom }}
        onChange={(v) => set({ custom: v })}
        fieldError={fieldError}
        disabled={disabled}
      />
      <TextField
        label={t('tags')}
        value={value('tags', tk.tags.join(', '))}
        disabled={disabled}
        onChange={(e) => set({ tags: e.target.value })}
        error={fieldError('tags')}
        hint={t('tagsHint')}
      />
      {props.canEdit && (
        <div className="row">
          <button type="submit" className="primary" disabled={busy || !dirty}>
            {busy ? c('saving') : t('saveChanges')}
          </button>
          {dirty && (
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setEdits({});
                setBase(null);
              }}
            >
              {t('discardChanges')}
            </button>
          )}
        </div>
      )}
    </form>
  );
}
