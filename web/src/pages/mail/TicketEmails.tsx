// A ticket's e-mails (GET /api/v1/tickets/{id}/emails), on the ticket page for staff: the
// messages that opened or joined it, newest first, each opened on demand with the same viewer as
// the mail log (its headers, its original, its HTML in a sandboxed frame). Nothing is shown for a
// ticket that never had e-mail.
import { useState } from 'react';
import { api } from '../../app/api';
import { useAsync } from '../../app/data';
import { useFormat, useT } from '../../app/i18n';
import type { MailMessage } from '../../model/types';
import { ErrorBanner } from '../../ui/feedback';
import { MailMessageView, MailStateBadge, fromText } from './MailMessage';
import m from './mail.i18n';

// `version`: the ticket's; a new e-mail on the ticket changes it, and the list is read again.
export function TicketEmails(props: { id: number; version: number }) {
  const t = useT(m);
  const f = useFormat();
  const list = useAsync(() => api.get<{ items: MailMessage[] }>(`/api/v1/tickets/${props.id}/emails`).then((l) => l.items), [props.id, props.version]);
  const [open, setOpen] = useState<number[]>([]);
  const items = list.data ?? [];
  if (list.error && !list.data) return <ErrorBanner error={list.error} onRetry={list.reload} />;
  if (items.length === 0) return null;
  const toggle = (id: number) => setOpen((o) => (o.includes(id) ? o.filter((x) => x !== id) : [...o, id]));
  return (
    <section className="ticket-emails" aria-labelledby="emails-heading">
      <h2 id="emails-heading">{t('emails')}</h2>
      <p className="muted">{t('emailsIntro')}</p>
      <ul className="plain mail-items">
        {items.map((x) => {
          const shown = open.includes(x.id);
          return (
            <li key={x.id} className="card">
              <div className="row wrap mail-item-head">
                <time dateTime={x.received_at} title={f.full(x.received_at)}>
                  {f.dateTime(x.received_at)}
                </time>
                <strong>{fromText(x)}</strong>
                <span>{x.subject || t('noSubject')}</span>
                <MailStateBadge state={x.state} />
                <button type="button" className="link" aria-expanded={shown} aria-controls={`ticket-mail-${x.id}`} onClick={() => toggle(x.id)}>
                  {shown ? t('hideMessage', { id: x.id }) : t('showMessage', { id: x.id })}
                </button>
              </div>
              <div id={`ticket-mail-${x.id}`}>{shown && <MailMessageView id={x.id} heading={3} reloadKey={x.updated_at} />}</div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
