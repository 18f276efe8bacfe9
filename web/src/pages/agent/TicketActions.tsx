// The less frequent things done to a ticket, each in its own dialog: escalate to the next tier,
// link to another ticket, merge into another ticket, log a phone call; and raise it as a customer
// error for the guardian (no dialog: one press). Plus the links list.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../../app/api';
import type { Directory } from '../../app/directory';
import { useT } from '../../app/i18n';
import { Link, navigate } from '../../app/router';
import type { LinkKind, Ticket, TicketLink } from '../../model/types';
import { LINK_KINDS } from '../../model/types';
import { StatusBadge } from '../../ui/badges';
import { Dialog } from '../../ui/dialog';
import { ErrorBanner, useFieldErrors } from '../../ui/feedback';
import { SelectField, TextArea, TextField } from '../../ui/forms';
import { refocus } from '../../ui/focus';
import { FormButtons, isConflict, useSubmit } from '../../ui/kit';
import tickets from '../../ui/tickets.i18n';
import { CALL_FIELDS, CallFields, callBody, newCallForm } from './CallFields';
import m from './ticket.i18n';
import { canEscalate, nextTier } from './ticketRules';
import { Icon } from '../../ui/icons';
import { RaiseProblem } from '../guardian/RaiseProblem';

// A dialog holding one form: busy state, errors next to fields, conflict handling.
function ActionDialog(props: {
  open: boolean;
  title: string;
  submitLabel: string;
  fields: string[];
  onClose: () => void;
  run: () => Promise<void>;
  onConflict?: () => void;
  children: (fieldError: (f: string) => string | undefined) => ReactNode;
  canSubmit?: boolean;
}) {
  const t = useT(m);
  const { busy, error, setError, run } = useSubmit();
  const fieldError = useFieldErrors(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await run(props.run)) props.onClose();
  };
  useEffect(() => {
    if (isConflict(error)) props.onConflict?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [error]);
  const close = () => {
    setError(null);
    props.onClose();
  };
  return (
    <Dialog open={props.open} title={props.title} onClose={close}>
      <form className="stack" onSubmit={submit}>
        {isConflict(error) ? (
          <div className="banner warning" role="alert">
            {t('conflictAction')}
          </div>
        ) : (
          <ErrorBanner error={error} shown={props.fields} />
        )}
        {props.children(fieldError)}
        <FormButtons busy={busy} label={props.submitLabel} onCancel={close} disabled={props.canSubmit === false} />
      </form>
    </Dialog>
  );
}

type Open = '' | 'escalate' | 'link' | 'merge' | 'call';

export function TicketActions(props: {
  ticket: Ticket;
  dir: Directory | null;
  canUpdate: boolean;
  canReply: boolean;
  onChanged: (t?: Ticket) => void;
  onConflict: () => void;
}) {
  const t = useT(m);
  const tl = useT(tickets);
  const tk = props.ticket;
  const [open, setOpen] = useState<Open>('');
  // escalate
  const [reason, setReason] = useState('');
  const [escalateTeam, setEscalateTeam] = useState('');
  // link / merge
  const [other, setOther] = useState('');
  const [kind, setKind] = useState<LinkKind>('related');
  // call
  const [call, setCall] = useState(() => newCallForm(tk.requester_name ?? ''));

  const close = () => setOpen('');
  const next = nextTier(tk.tier);
  const otherId = /^\s*#?\d+\s*$/.test(other) ? Number(other.replace(/\D/g, '')) : NaN;
  const active = !['closed', 'cancelled'].includes(tk.status) && !tk.merged_into;

  return (
    <div className="actions card" role="group" aria-label={t('actions')}>
      <h2>{t('actions')}</h2>
      <div className="row wrap">
        {props.canUpdate && canEscalate(tk) && (
          <button type="button" onClick={() => setOpen('escalate')}>
            {t('escalateTo', { tier: next ?? '' })}
          </button>
        )}
        {props.canReply && !['closed', 'cancelled'].includes(tk.status) && !tk.merged_into && (
          <button type="button" onClick={() => setOpen('call')}>
            <Icon name="phone" /> {t('logCall')}
          </button>
        )}
        {props.canUpdate && (
          <button type="button" onClick={() => setOpen('link')}>
            {t('linkTicket')}
          </button>
        )}
        {props.canUpdate && active && (
          <button type="button" onClick={() => setOpen('merge')}>
            {t('mergeTicket')}
          </button>
        )}
      </div>
      <RaiseProblem ticketId={tk.id} />

      <ActionDialog
        open={open === 'escalate'}
        title={t('escalateTitle', { from: tk.tier, to: next ?? '' })}
        submitLabel={t('escalate')}
        fields={['reason', 'team_id']}
        onClose={close}
        onConflict={props.onConflict}
        run={async () => {
          const body: Record<string, unknown> = { reason };
          if (escalateTeam) body.team_id = Number(escalateTeam);
          props.onChanged(await api.post<Ticket>(`/api/v1/tickets/${tk.id}/escalate`, body, { ifMatch: tk.version }));
          setReason('');
          setEscalateTeam('');
        }}
      >
        {(fe) => (
          <>
            <TextArea label={t('escalateReason')} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} error={fe('reason')} />
            <SelectField
              label={t('escalateTeam')}
              value={escalateTeam}
              onChange={(e) => setEscalateTeam(e.target.value)}
              error={fe('team_id')}
              options={[{ value: '', label: t('keepTeam') }, ...(props.dir?.teams ?? []).map((x) => ({ value: String(x.id), label: x.name }))]}
            />
          </>
        )}
      </ActionDialog>

      <ActionDialog
        open={open === 'link'}
        title={t('linkTitle')}
        submitLabel={t('link')}
        fields={['ticket_id', 'kind']}
        onClose={close}
        canSubmit={!Number.isNaN(otherId)}
        run={async () => {
          await api.post(`/api/v1/tickets/${tk.id}/links`, { ticket_id: otherId, kind });
          setOther('');
          props.onChanged();
        }}
      >
        {(fe) => (
          <>
            <SelectField
              label={t('linkKind')}
              value={kind}
              onChange={(e) => setKind(e.target.value as LinkKind)}
              error={fe('kind')}
              options={LINK_KINDS.map((k) => ({ value: k, label: tl(`link_${k}`) }))}
            />
            <TextField label={t('otherTicket')} inputMode="numeric" value={other} onChange={(e) => setOther(e.target.value)} error={fe('ticket_id')} hint={t('otherTicketHint')} />
          </>
        )}
      </ActionDialog>

      <ActionDialog
        open={open === 'merge'}
        title={t('mergeTitle', { number: tk.number })}
        submitLabel={t('merge')}
        fields={['into_id']}
        onClose={close}
        canSubmit={!Number.isNaN(otherId)}
        run={async () => {
          const target = await api.post<Ticket>(`/api/v1/tickets/${tk.id}/merge`, { into_id: otherId });
          setOther('');
          navigate(`/tickets/${target.id}`);
        }}
      >
        {(fe) => (
          <>
            <p>{t('mergeExplain')}</p>
            <TextField label={t('mergeInto')} inputMode="numeric" value={other} onChange={(e) => setOther(e.target.value)} error={fe('into_id')} hint={t('otherTicketHint')} />
          </>
        )}
      </ActionDialog>

      <ActionDialog
        open={open === 'call'}
        title={t('logCall')}
        submitLabel={t('saveCall')}
        fields={CALL_FIELDS}
        onClose={close}
        canSubmit={!!call.caller.trim()}
        run={async () => {
          const updated = await api.post<Ticket>(`/api/v1/tickets/${tk.id}/calls`, callBody(call));
          setCall((c) => ({ ...c, notes: '' }));
          props.onChanged(updated);
        }}
      >
        {(fe) => <CallFields value={call} onChange={(change) => setCall((c) => ({ ...c, ...change }))} fe={fe} canResolve={props.canUpdate} />}
      </ActionDialog>
    </div>
  );
}

export function TicketLinks(props: { ticket: Ticket; links: TicketLink[]; canUpdate: boolean; onChanged: () => void }) {
  const t = useT(m);
  const tl = useT(tickets);
  const [error, setError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  if (props.links.length === 0) return null;
  const unlink = async (l: TicketLink) => {
    setError(null);
    try {
      await api.delete(`/api/v1/tickets/${props.ticket.id}/links/${l.kind}/${l.other_id}`);
      props.onChanged();
      refocus(heading.current);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card" aria-labelledby="links-heading">
      <h2 id="links-heading" ref={heading} tabIndex={-1}>
        {t('links')}
      </h2>
      <ErrorBanner error={error} />
      <ul className="plain">
        {props.links.map((l) => (
          <li key={`${l.kind}-${l.other_id}`}>
            {tl(`link_${l.kind}`)} <Link to={`/tickets/${l.other_id}`}>#{l.other_id}</Link> {l.other_subject} <StatusBadge status={l.other_status} />{' '}
            {props.canUpdate && (
              <button type="button" className="link" aria-label={t('unlinkFrom', { number: l.other_id })} onClick={() => void unlink(l)}>
                {t('unlink')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
