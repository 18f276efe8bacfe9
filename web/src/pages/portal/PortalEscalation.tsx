// A customer's view of an open ticket's escalation: the levels reached (names and times), and
// "Ask to escalate" with a reason when the ticket may move up now; when it may not, why, in plain
// words (asked recently: when it will be possible again; already at the highest level).
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../app/api';
import { useRefreshing } from '../../app/data';
import { useDraft } from '../../app/drafts';
import { useFormat, useT } from '../../app/i18n';
import { useSession } from '../../app/session';
import type { Ticket } from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { highestLevel, loadTicketEscalations, requestBlock, retryAfterFrom } from '../../ui/escalation';
import { useEscalationWords } from '../../ui/EscalationParts';
import { ErrorBanner, Notice, useFieldErrors } from '../../ui/feedback';
import { TextArea } from '../../ui/forms';
import { FormButtons, useSubmit } from '../../ui/kit';
import m from './portal.i18n';

type Hold = () => (ownVersion: number | null) => Promise<void>;
interface Moved {
  level: number;
  name: string;
}

export function PortalEscalation(props: { ticket: Ticket; hold: Hold }) {
  const t = useT(m);
  const words = useEscalationWords();
  const f = useFormat();
  const { me } = useSession();
  const { ticket } = props;
  const loaded = useRefreshing(() => loadTicketEscalations(ticket.id), [ticket.id, ticket.version]);
  const [asking, setAsking] = useState(false);
  const [moved, setMoved] = useState<Moved | null>(null);
  const data = loaded.data;
  // Tickets outside the escalation matrix: nothing to show or ask.
  if (!data || (data.levels === 0 && data.items.length === 0)) return null;
  const top = highestLevel(data.items);
  const block = requestBlock(data);
  return (
    <section className="card escalation" aria-labelledby="portal-escalation">
      <h2 id="portal-escalation">{words.t('escalation')}</h2>
      {moved && <Notice kind="success">{t('escalateDone', { level: words.level(moved.level, moved.name, true) })}</Notice>}
      <p>{top ? t('escalationAt', { level: words.level(top.level, top.name), time: f.dateTime(top.fired_at) }) : t('escalationNone')}</p>
      {data.items.length > 1 && (
        <ul className="plain" aria-label={t('escalationLevels')}>
          {data.items.map((e) => (
            <li key={e.id}>
              {words.level(e.level, e.name)} ·{' '}
              <time dateTime={e.fired_at} title={f.full(e.fired_at)}>
                {f.dateTime(e.fired_at)}
              </time>
              {e.cause === 'customer_request' && (
                <span className="muted"> · {e.requested_by && e.requested_by.id === me?.id ? words.t('cause_you') : words.cause(e)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {data.can_request && (
        <>
          <p className="muted">{t('escalationIntro')}</p>
          <button type="button" onClick={() => setAsking(true)}>
            {t('askEscalate')}
          </button>
        </>
      )}
      {block?.kind === 'cooldown' && <p>{t('escalateCooldown', { time: f.dateTime(block.until) })}</p>}
      {block?.kind === 'highest' && <p>{t('escalateHighest')}</p>}
      <EscalateDialog
        ticket={ticket}
        open={asking}
        hold={props.hold}
        onClose={() => setAsking(false)}
        onDone={(x) => {
          setAsking(false);
          setMoved(x);
          loaded.reload();
        }}
      />
    </section>
  );
}

// The request, with its reason (kept as a draft until sent). The dialog stays open whatever the
// card behind it shows, so a request refused meanwhile (asked from another tab) is explained here.
function EscalateDialog(props: { ticket: Ticket; open: boolean; hold: Hold; onClose: () => void; onDone: (x: Moved) => void }) {
  const t = useT(m);
  const f = useFormat();
  const [reason, setReason, clearReason] = useDraft(`portal-escalate-${props.ticket.id}`);
  const [missing, setMissing] = useState(false);
  const submit = useSubmit();
  const fieldError = useFieldErrors(submit.error);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      (e.currentTarget as HTMLFormElement).querySelector('textarea')?.focus();
      return;
    }
    setMissing(false);
    let moved: Moved | null = null;
    const release = props.hold();
    await submit.run(async () => {
      moved = await api.post<Moved>(`/api/v1/tickets/${props.ticket.id}/escalation-request`, { reason: reason.trim() });
    });
    await release(null);
    if (moved) {
      clearReason();
      props.onDone(moved);
    }
  };
  const err = submit.error;
  const retryAt = err instanceof ApiError && err.status === 429 ? retryAfterFrom(err.message) : null;
  return (
    <Dialog open={props.open} title={t('askEscalateTitle')} onClose={props.onClose}>
      <form className="stack" onSubmit={(e) => void send(e)} noValidate aria-busy={submit.busy}>
        <p>{t('askEscalateIntro')}</p>
        {retryAt ? (
          <div className="banner error" role="alert">
            <span>{t('escalateCooldown', { time: f.dateTime(retryAt) })}</span>
          </div>
        ) : (
          <ErrorBanner error={err} shown={['reason']} />
        )}
        <TextArea
          label={t('escalateReason')}
          hint={t('escalateReasonHint')}
          value={reason}
          rows={4}
          required
          autoFocus
          onChange={(e) => {
            setReason(e.target.value);
            if (missing && e.target.value.trim()) setMissing(false);
          }}
          error={missing ? t('escalateReasonRequired') : fieldError('reason')}
        />
        <FormButtons busy={submit.busy} label={t('askEscalateSend')} onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
