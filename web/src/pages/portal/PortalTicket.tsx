// One ticket as its customer sees it: the facts, the description, the public history, a reply form,
// while open the escalation level reached (and asking to escalate) and, once resolved, the rating. The page follows the ticket live: when someone else changes it,
// it re-reads the ticket and says so. A reply is sent only if the ticket is still the version on
// screen; if not, the reply is kept and the person is asked to read the update first.
import { Fragment, useCallback, useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { api, ApiError } from '../../app/api';
import common from '../../app/common.i18n';
import { useAsync } from '../../app/data';
import { useDirectory, type Directory } from '../../app/directory';
import { useDraft } from '../../app/drafts';
import { useFormat, useT } from '../../app/i18n';
import { useTicketLive } from '../../app/live';
import { Link, navigate } from '../../app/router';
import { useSession } from '../../app/session';
import type { Attachment, Ticket, TicketEvent } from '../../model/types';
import { AttachmentPicker, uploadFiles } from '../../ui/Attachments';
import { StatusBadge } from '../../ui/badges';
import { ErrorBanner, LiveAnnouncement, Loading, Notice, useErrorText, useFieldErrors } from '../../ui/feedback';
import { TextArea } from '../../ui/forms';
import { Timeline } from '../../ui/Timeline';
import { useCustomValue } from '../../ui/CustomFieldInputs';
import { clearTicketFlash, peekTicketFlash } from './flash';
import { refocus } from '../../ui/focus';
import { RatingSection } from './PortalRating';
import { loadTicket } from '../agent/ticketData';
import { PortalEscalation } from './PortalEscalation';
import m from './portal.i18n';

interface Loaded {
  ticket: Ticket;
  events: TicketEvent[];
  attachments: Attachment[];
}

function fetchTicket(id: number): Promise<Loaded> {
  return loadTicket(id, { links: false });
}

const isMissing = (e: unknown) => e instanceof ApiError && (e.status === 404 || e.status === 403);

// A fresh page per ticket: moving from one ticket to another never carries a form's state over.
export function PortalTicketPage(props: { id: number }) {
  return <TicketView key={props.id} id={props.id} />;
}

function TicketView(props: { id: number }) {
  const t = useT(m);
  const { me } = useSession();
  const dir = useDirectory(false);
  const { id } = props;
  const loaded = useAsync(() => fetchTicket(id), [id]);
  const [gone, setGone] = useState(false);
  const [updates, setUpdates] = useState(0);
  const [flash] = useState(() => peekTicketFlash(id));
  const replyBox = useRef<HTMLElement>(null);

  useEffect(() => clearTicketFlash(id), [id]);

  // The version on screen, changes the viewer has under way, and versions the stream announced
  // meanwhile (their own uploads and replies echo back on the stream; those are not news).
  const shown = useRef<number | null>(null);
  const showing = loaded.data?.ticket.version ?? null;
  if (showing !== null && (shown.current === null || showing > shown.current)) shown.current = showing;
  const busy = useRef(0);
  const pending = useRef(0);
  const seq = useRef(0);
  const { setData } = loaded;

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const d = await fetchTicket(id);
      if (mine === seq.current) {
        // Known at once, before the next render, so the stream's echo of it is not taken as news.
        if (shown.current === null || d.ticket.version > shown.current) shown.current = d.ticket.version;
        setData(d);
      }
    } catch (e) {
      if (isMissing(e)) setGone(true);
      throw e;
    }
  }, [id, setData]);

  const announce = () => setUpdates((n) => n + 1);

  useTicketLive(id, {
    onVersion: (v) => {
      const now = shown.current;
      if (now === null || v <= now) return;
      if (busy.current > 0) {
        pending.current = Math.max(pending.current, v);
        return;
      }
      refresh().then(announce, () => {});
    },
    onGone: () => setGone(true),
  }, me?.csrf_token);

  // Marks a change by the viewer under way; the returned function ends it, re-reads the ticket and
  // announces an update only if the stream reported a version beyond the viewer's own.
  const hold = useCallback(() => {
    busy.current += 1;
    return async (ownVersion: number | null) => {
      try {
        await refresh();
      } catch {
        /* the page keeps what it has; an error shows on the next action */
      }
      busy.current -= 1;
      const seen = pending.current;
      if (busy.current === 0) pending.current = 0;
      if (seen && shown.current !== null && seen > shown.current) {
        // Someone changed it again after the re-read: fetch that too.
        refresh().then(announce, () => {});
      } else if (seen && ownVersion !== null && seen > ownVersion) {
        announce();
      }
    };
  }, [refresh]);

  const data = loaded.data && loaded.data.ticket.id === id ? loaded.data : undefined;
  const missing = gone || (isMissing(loaded.error) && !loaded.loading);

  if (missing) {
    return (
      <section className="stack">
        <p>
          <Link to="/portal">{t('backToList')}</Link>
        </p>
        <h1>{t('ticketNotFoundTitle')}</h1>
        <NotFoundText />
      </section>
    );
  }

  if (!data) {
    return (
      <section className="stack">
        <p>
          <Link to="/portal">{t('backToList')}</Link>
        </p>
        <h1>{t('ticketTitle')}</h1>
        {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : <Loading />}
      </section>
    );
  }

  const ticket = data.ticket;
  const finished = ticket.status === 'closed' || ticket.status === 'cancelled';
  const merged = ticket.merged_into !== null && ticket.merged_into !== 0;
  const rateable = ticket.status === 'resolved' || ticket.status === 'closed';
  const canRate = rateable && !merged && me?.kind === 'contact' && me.id === ticket.requester_id;

  return (
    <section className="portal-ticket">
      <p>
        <Link to="/portal">{t('backToList')}</Link>
      </p>
      <h1>
        #{ticket.number} {ticket.subject}
      </h1>
      <LiveAnnouncement message={updates ? t('ticketUpdated') + (updates % 2 ? '' : '\u00a0') : ''} />

      {flash?.created && <Notice kind="success">{t('createdNotice', { number: ticket.number })}</Notice>}
      {flash?.failed && flash.failed.length > 0 && (
        <div className="banner warning" role="alert">
          <span>{t('filesFailed')}</span>
          <ul>
            {flash.failed.map((x, i) => (
              <li key={i}>
                {x.name}: {x.reason}
              </li>
            ))}
          </ul>
          {!finished && <span>{t('filesFailedHint')}</span>}
        </div>
      )}

      {merged ? (
        <Notice
          kind="info"
          action={<Link to={`/portal/tickets/${ticket.merged_into}`}>{t('goToTicket', { number: ticket.merged_into ?? 0 })}</Link>}
        >
          {t('mergedNotice', { number: ticket.merged_into ?? 0 })}
        </Notice>
      ) : ticket.status === 'resolved' ? (
        <Notice
          kind="info"
          action={
            <button type="button" onClick={() => replyBox.current?.querySelector('textarea')?.focus()}>
              {t('notSolved')}
            </button>
          }
        >
          {t('resolvedNotice')}
        </Notice>
      ) : finished ? (
        <Notice kind="info" action={<Link to="/portal/new">{t('openNewTicket')}</Link>}>
          {ticket.status === 'closed' ? t('closedNotice') : t('cancelledNotice')}
        </Notice>
      ) : null}

      <div className="ticket-layout">
        <div className="ticket-main">
          <section className="card" aria-labelledby="portal-description">
            <h2 id="portal-description">{t('descriptionTitle')}</h2>
            {ticket.description ? <div className="body">{ticket.description}</div> : <p className="muted">{t('noDescription')}</p>}
          </section>

          <section aria-labelledby="portal-history">
            <h2 id="portal-history">{t('historyTitle')}</h2>
            <Timeline events={data.events} attachments={data.attachments} dir={dir} staff={false} ticketHref={(x) => `/portal/tickets/${x}`} />
          </section>

          {!finished && !merged ? <ReplyForm ticket={ticket} hold={hold} box={replyBox} /> : <UnsentReply ticketId={ticket.id} />}
        </div>

        <div className="ticket-side">
          <Summary ticket={ticket} dir={dir} />
          {!finished && !merged && ticket.status !== 'resolved' && <PortalEscalation ticket={ticket} hold={hold} />}
          {rateable && <RatingSection ticket={ticket} canRate={canRate} hold={hold} />}
        </div>
      </div>
    </section>
  );
}

function NotFoundText() {
  const c = useT(common);
  return <p>{c('notFound')}</p>;
}

function Summary(props: { ticket: Ticket; dir: Directory | null }) {
  const t = useT(m);
  const c = useT(common);
  const f = useFormat();
  const { ticket, dir } = props;
  const time = (iso: string) => (
    <time dateTime={iso} title={f.full(iso)}>
      {f.dateTime(iso)}
    </time>
  );
  const defs = (dir?.customFields ?? []).filter((x) => x.ticket_type === ticket.type);
  const customValues = Object.entries(ticket.custom_fields ?? {}).filter(([, v]) => v !== '');
  const shownValue = useCustomValue(defs);
  return (
    <section className="card" aria-labelledby="portal-summary">
      <h2 id="portal-summary">{t('detailsTitle')}</h2>
      <dl className="summary">
        <dt>{t('status')}</dt>
        <dd>
          <StatusBadge status={ticket.status} />
        </dd>
        <dt>{t('type')}</dt>
        <dd>{c(`type_${ticket.type}`)}</dd>
        <dt>{t('urgency')}</dt>
        <dd>{c(`level_${ticket.urgency}`)}</dd>
        <dt>{t('requester')}</dt>
        <dd>{ticket.requester_name ?? <span className="muted">{t('noRequester')}</span>}</dd>
        <dt>{t('created')}</dt>
        <dd>{time(ticket.created_at)}</dd>
        <dt>{t('updated')}</dt>
        <dd>{time(ticket.updated_at)}</dd>
        {ticket.resolved_at && (
          <>
            <dt>{t('resolvedAt')}</dt>
            <dd>{time(ticket.resolved_at)}</dd>
          </>
        )}
        {ticket.category_id !== null && dir && (
          <>
            <dt>{t('category')}</dt>
            <dd>
              {dir.categoryName(ticket.category_id)}
              {ticket.subcategory_id !== null && ` › ${dir.categoryName(ticket.subcategory_id)}`}
            </dd>
          </>
        )}
        {customValues.map(([key, v]) => (
          <Fragment key={key}>
            <dt>{defs.find((x) => x.key === key)?.label ?? key}</dt>
            <dd>{shownValue(key, v)}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

function ReplyForm(props: {
  ticket: Ticket;
  hold: () => (ownVersion: number | null) => Promise<void>;
  box: RefObject<HTMLElement | null>;
}) {
  const t = useT(m);
  const errorText = useErrorText();
  const { ticket } = props;
  const [body, setBody, clearBody] = useDraft(`portal-reply-${ticket.id}`);
  const [files, setFiles] = useState<File[]>([]);
  // Files already stored on the ticket by an earlier attempt that did not go through: reused, not
  // uploaded again.
  const uploaded = useRef(new Map<File, Attachment>());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  const [bodyMissing, setBodyMissing] = useState(false);
  const [fileError, setFileError] = useState<string | undefined>();
  const [sent, setSent] = useState<'sent' | 'reopened' | null>(null);
  const fieldError = useFieldErrors(error);
  const reopening = ticket.status === 'resolved';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!body.trim()) {
      setBodyMissing(true);
      props.box.current?.querySelector('textarea')?.focus();
      return;
    }
    setBodyMissing(false);
    setBusy(true);
    setError(null);
    setConflict(false);
    setFileError(undefined);
    setSent(null);
    // Each upload is a change to the ticket (it appears in the history), so the version expected
    // for the reply is the one on screen plus the uploads made now; anything beyond that is
    // someone else's change.
    const base = ticket.version;
    const wasResolved = ticket.status === 'resolved';
    let uploads = 0;
    let result: Ticket | null = null;
    const release = props.hold();
    try {
      const ids: number[] = [];
      for (const file of files) {
        let a = uploaded.current.get(file);
        if (!a) {
          try {
            [a] = await uploadFiles(ticket.id, [file], false);
          } catch (err) {
            setFileError(t('fileFailed', { name: file.name, reason: errorText(err) }));
            return;
          }
          uploaded.current.set(file, a);
          uploads += 1;
        }
        ids.push(a.id);
      }
      try {
        result = await api.post<Ticket>(
          `/api/v1/tickets/${ticket.id}/replies`,
          { body, attachment_ids: ids },
          { ifMatch: base + uploads },
        );
      } catch (err) {
        if (err instanceof ApiError && err.isConflict) setConflict(true);
        else setError(err);
        return;
      }
      clearBody();
      setFiles([]);
      uploaded.current.clear();
      setSent(wasResolved && result.status !== 'resolved' ? 'reopened' : 'sent');
    } finally {
      await release(result ? result.version : base + uploads);
      setBusy(false);
      refocus(props.box.current?.querySelector('button[type="submit"]'));
    }
  };

  const bodyError = bodyMissing ? t('replyRequired') : fieldError('body');

  return (
    <section className="card stack" aria-labelledby="portal-reply" ref={props.box}>
      <h2 id="portal-reply">{reopening ? t('reopenTitle') : t('replyTitle')}</h2>
      {sent && <Notice kind="success">{sent === 'reopened' ? t('replyReopened') : t('replySent')}</Notice>}
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        {conflict && (
          <div className="banner warning" role="alert">
            <span>{t('conflict')}</span>
          </div>
        )}
        <ErrorBanner error={error} shown={['body', 'attachment_ids']} />
        <TextArea
          label={reopening ? t('reopenLabel') : t('replyLabel')}
          hint={t('replyHint')}
          value={body}
          rows={6}
          required
          onChange={(e) => {
            setBody(e.target.value);
            if (bodyMissing && e.target.value.trim()) setBodyMissing(false);
          }}
          error={bodyError}
        />
        <AttachmentPicker
          files={files}
          onChange={(next) => {
            setFiles(next);
            setFileError(undefined);
          }}
          disabled={busy}
          error={fileError ?? fieldError('attachment_ids')}
        />
        <div className="row">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            {busy ? t('sending') : reopening ? t('sendAndReopen') : t('sendReply')}
          </button>
        </div>
      </form>
    </section>
  );
}

// A reply typed but not sent before the ticket was closed (or merged) stays in the browser; it is
// shown here so it is not silently lost, and can start a new ticket.
function UnsentReply(props: { ticketId: number }) {
  const t = useT(m);
  const [text, , clear] = useDraft(`portal-reply-${props.ticketId}`);
  const [newDescription, setNewDescription] = useDraft('portal-new-description');
  if (!text.trim()) return null;
  const moveToNewTicket = () => {
    setNewDescription(newDescription.trim() ? `${newDescription}\n\n${text}` : text);
    clear();
    navigate('/portal/new');
  };
  return (
    <section className="card stack" aria-labelledby="portal-unsent">
      <h2 id="portal-unsent">{t('unsentTitle')}</h2>
      <p>{t('unsentText')}</p>
      <div className="body">{text}</div>
      <div className="row">
        <button type="button" className="primary" onClick={moveToNewTicket}>
          {t('unsentUse')}
        </button>
        <button type="button" className="link" onClick={() => window.confirm(t('unsentDiscardConfirm')) && clear()}>
          {t('unsentDiscard')}
        </button>
      </div>
    </section>
  );
}

