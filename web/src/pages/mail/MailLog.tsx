// The mail log (/mail; docs/EMAIL.md): every message farol took in, newest first, a page at a
// time — when it arrived, from whom, its subject, what became of it and why, its ticket. Which
// messages are shown and which one is open live in the address (?state=…&message=…). Choosing a
// message shows it (MailMessage.tsx): its headers, its original, its HTML in a sandboxed frame.
// Administrators see every state, read a quarantined message again and take in an .eml file;
// staff who may add contacts see the triage queue and accept a message for an organisation.
import { useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import { useFormat, useT } from '../../app/i18n';
import { Link, navigate, useLocation } from '../../app/router';
import { can, useSession } from '../../app/session';
import type { MailMessage, MailResult, Organisation } from '../../model/types';
import { Dialog } from '../../ui/dialog';
import { EmlUpload } from '../../ui/EmlUpload';
import { ErrorBanner, Loading, Notice, useFieldErrors } from '../../ui/feedback';
import { FormButtons, FormProblem, ShowMore, SuccessNotice, usePaged, useSubmit } from '../../ui/kit';
import { OrganisationPicker } from '../agent/NewTicket';
import { belongs, filterFrom, mailFilters, mailHref, mailListPath } from './mail';
import { MailMessageView, MailStateBadge, useReasonText } from './MailMessage';
import m from './mail.i18n';

const PAGE = 50;

function AcceptForm(props: { message: MailMessage; onDone: (r: MailResult) => void; onCancel: () => void }) {
  const t = useT(m);
  const [org, setOrg] = useState<Organisation | null>(null);
  const s = useSubmit();
  const fe = useFieldErrors(s.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      props.onDone(await api.post<MailResult>(`/api/v1/mail/messages/${props.message.id}/accept`, org ? { organisation_id: org.id } : {}));
    });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <p>{t('acceptIntro', { address: props.message.from.address })}</p>
      <FormProblem error={s.error} shown={['organisation_id']} />
      <OrganisationPicker value={org} onChange={setOrg} error={fe('organisation_id')} />
      <FormButtons busy={s.busy} label={t('acceptButton')} onCancel={props.onCancel} />
    </form>
  );
}

interface Done {
  text: string;
  ticket: number | null;
}

export function MailLogPage() {
  const t = useT(m);
  const f = useFormat();
  const reason = useReasonText();
  const { me } = useSession();
  const { search } = useLocation();
  const admin = can(me, 'catalog.write');
  const mayAccept = can(me, 'contact.write') && can(me, 'ticket.create');
  const allowed = mailFilters(admin, can(me, 'contact.write'));
  const filter = filterFrom(search, allowed);
  const requested = search.get('message') ?? '';
  const selected = /^\d+$/.test(requested) ? Number(requested) : null;
  const [chosen, setChosen] = useState(false);  // picked from the list: the keyboard follows
  const [done, setDone] = useState<Done | null>(null);
  const [uploading, setUploading] = useState(false);
  const [accepting, setAccepting] = useState<MailMessage | null>(null);
  const [changes, setChanges] = useState(0);  // the open message changed: read it again
  const action = useSubmit();
  const paged = usePaged<MailMessage, number>(
    (before) =>
      filter
        ? api.get<{ items: MailMessage[]; next_before: number | null }>(mailListPath(filter, before, PAGE)).then((p) => ({ items: p.items, next: p.next_before }))
        : Promise.resolve({ items: [], next: null }),
    [filter],
  );

  if (!filter) {
    return (
      <section>
        <h1>{t('title')}</h1>
        <Notice kind="warning">{t('noPermission')}</Notice>
      </section>
    );
  }

  const outcome = (r: MailResult) => t(`outcome_${r.outcome}`);
  // After an action the message's row shows its new state, or leaves a list it no longer belongs in.
  const changed = async (id: number) => {
    const fresh = await api.get<MailMessage>(`/api/v1/mail/messages/${id}`).catch(() => null);
    paged.update((items) =>
      fresh && belongs(fresh.state, filter) ? items.map((x) => (x.id === id ? { ...fresh, html: undefined } : x)) : items.filter((x) => x.id !== id),
    );
    setChanges((n) => n + 1);
  };
  const retry = (x: MailMessage) =>
    void action.run(async () => {
      const r = await api.post<MailResult>(`/api/v1/mail/messages/${x.id}/retry`);
      setDone({ text: t('retried', { id: x.id, outcome: outcome(r) }), ticket: r.ticket_id });
      await changed(x.id);
    });
  const caption = t(`caption_${filter}`);

  return (
    <section className="mail-log">
      <div className="page-head">
        <h1>{t('title')}</h1>
        {admin && (
          <button type="button" onClick={() => setUploading(true)}>
            {t('upload')}
          </button>
        )}
      </div>
      <p className="muted">{admin ? t('intro') : t('introTriage')}</p>
      {allowed.length > 1 && (
        <nav className="subnav" aria-label={t('show')}>
          {allowed.map((x) => (
            <Link key={x} to={mailHref(x, allowed)} aria-current={x === filter ? 'page' : undefined}>
              {t(`filter_${x}`)}
            </Link>
          ))}
        </nav>
      )}
      {done && (
        <SuccessNotice onDismiss={() => setDone(null)}>
          {done.text}
          {done.ticket && (
            <>
              {' '}
              <Link to={`/tickets/${done.ticket}`}>{t('openTicket', { id: done.ticket })}</Link>
            </>
          )}
        </SuccessNotice>
      )}
      <div className={selected ? 'mail-layout with-message' : 'mail-layout'}>
        <div className="mail-list">
          <ErrorBanner error={paged.error} onRetry={paged.reload} />
          {!paged.loaded ? (
            paged.loading && <Loading />
          ) : paged.items.length === 0 ? (
            <p className="empty">{t(`empty_${filter}`)}</p>
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={caption} aria-busy={paged.loading}>
              <table className="data mail">
                <caption className="visually-hidden">{caption}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('colReceived')}</th>
                    <th scope="col">{t('colFrom')}</th>
                    <th scope="col">{t('colSubject')}</th>
                    <th scope="col">{t('colState')}</th>
                    <th scope="col">{t('colReason')}</th>
                    <th scope="col">{t('colTicket')}</th>
                  </tr>
                </thead>
                <tbody>
                  {paged.items.map((x) => (
                    <tr key={x.id} className={x.id === selected ? 'selected' : undefined}>
                      <td>
                        <time dateTime={x.received_at} title={f.full(x.received_at)}>
                          {f.dateTime(x.received_at)}
                        </time>
                      </td>
                      <td className="mail-from">
                        {x.from.name ? (
                          <>
                            {x.from.name}
                            <br />
                            <span className="muted">{x.from.address}</span>
                          </>
                        ) : (
                          x.from.address || '—'
                        )}
                      </td>
                      <td>
                        <Link to={mailHref(filter, allowed, x.id)} aria-current={x.id === selected ? 'true' : undefined} onClick={() => setChosen(true)}>
                          {x.subject || t('noSubject')}
                        </Link>
                        {x.id === selected && <span className="visually-hidden"> ({t('selected')})</span>}
                      </td>
                      <td>
                        <MailStateBadge state={x.state} />
                      </td>
                      <td>{reason(x.reason) || '—'}</td>
                      <td>{x.ticket_id ? <Link to={`/tickets/${x.ticket_id}`}>#{x.ticket_id}</Link> : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ShowMore paged={paged} />
        </div>
        {selected && (
          <section className="card mail-detail" aria-label={t('showMessage', { id: selected })}>
            <p className="row">
              <Link to={mailHref(filter, allowed)}>{t('closeMessage')}</Link>
            </p>
            <FormProblem error={action.error} noForm />
            <MailMessageView
              key={selected}
              id={selected}
              reloadKey={String(changes)}
              focus={chosen}
              actions={(x) =>
                (x.state === 'quarantined' && admin) || (x.state === 'triage' && mayAccept) ? (
                  <div className="row toolbar">
                    {x.state === 'quarantined' && admin && (
                      <button type="button" onClick={() => retry(x)} disabled={action.busy} aria-busy={action.busy}>
                        {t('retry')}
                      </button>
                    )}
                    {x.state === 'triage' && mayAccept && (
                      <button type="button" className="primary" onClick={() => setAccepting(x)}>
                        {t('accept')}
                      </button>
                    )}
                  </div>
                ) : null
              }
            />
          </section>
        )}
      </div>
      <Dialog open={uploading} title={t('uploadTitle')} onClose={() => setUploading(false)}>
        {uploading && (
          <EmlUpload<MailResult>
            url="/api/v1/mail/messages"
            intro={t('uploadIntro')}
            button={t('uploadButton')}
            onCancel={() => setUploading(false)}
            onDone={(r) => {
              setUploading(false);
              setDone({ text: t('uploaded', { outcome: outcome(r) }), ticket: r.ticket_id });
              paged.reload();
              if (r.message_id) navigate(mailHref(filter, allowed, r.message_id));
            }}
          />
        )}
      </Dialog>
      <Dialog open={!!accepting} title={t('acceptTitle', { id: accepting?.id ?? '' })} onClose={() => setAccepting(null)}>
        {accepting && (
          <AcceptForm
            message={accepting}
            onCancel={() => setAccepting(null)}
            onDone={(r) => {
              const id = accepting.id;
              setAccepting(null);
              setDone({ text: t('accepted', { id, outcome: outcome(r) }), ticket: r.ticket_id });
              void changed(id);
            }}
          />
        )}
      </Dialog>
    </section>
  );
}
