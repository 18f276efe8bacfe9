// Writing on a ticket: a public reply to the customer or an internal note for colleagues, with
// files. The switch between the two is explicit and the composer changes colour and wording with
// it, so nobody sends a note to a customer by mistake. The text is kept as a draft until sent.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../app/api';
import common from '../../app/common.i18n';
import { useDraft } from '../../app/drafts';
import { useT } from '../../app/i18n';
import type { Attachment, Ticket, TicketStatus } from '../../model/types';
import { AttachmentPicker, uploadFiles } from '../../ui/Attachments';
import { ErrorBanner, Notice, useFieldErrors } from '../../ui/feedback';
import { refocus } from '../../ui/focus';
import { SelectField, TextArea } from '../../ui/forms';
import m from './ticket.i18n';
import { isAllowedTransition, statusAfterReply } from './ticketRules';
import { Icon } from '../../ui/icons';

type Mode = 'reply' | 'note';

export function TicketComposer(props: {
  ticket: Ticket;
  canReply: boolean;
  canNote: boolean;
  canSetStatus: boolean;  // "then set the status" needs ticket.update
  // `from`: the version the writer started from (their own uploads came after it).
  onSent: (t: Ticket, from: number) => void;
  onConflict: () => void;
}) {
  const t = useT(m);
  const c = useT(common);
  const tk = props.ticket;
  const [mode, setModeState] = useState<Mode>(props.canReply ? 'reply' : 'note');
  const form = useRef<HTMLFormElement>(null);
  const [body, setBody, clearBody] = useDraft(`ticket-${tk.id}`);
  const [files, setFiles] = useState<File[]>([]);
  // Files already stored by an earlier attempt that then failed: sent again by id, not re-uploaded.
  const [uploaded, setUploaded] = useState<Attachment[]>([]);
  const [then, setThen] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState('');
  const fieldError = useFieldErrors(error);
  // The version the writer last saw plus the versions our own uploads added since: what the
  // reply's If-Match must carry so that only someone else's change counts as a conflict.
  const seen = useRef({ version: tk.version, ownUploads: 0 });
  useEffect(() => {
    seen.current = { version: tk.version, ownUploads: 0 };
  }, [tk.version]);

  // A reply can no longer be sent (the ticket was cancelled meanwhile): write a note instead.
  useEffect(() => {
    if (!props.canReply && mode === 'reply') setModeState('note');
  }, [props.canReply, mode]);
  const setMode = (m: Mode) => {
    // Files stored for a note are internal; a reply must not carry them (nor the reverse).
    if (m !== mode) setUploaded([]);
    setModeState(m);
  };

  const after = statusAfterReply(tk.status);
  const thenChoices: TicketStatus[] = (['pending_customer', 'pending_vendor', 'resolved'] as TicketStatus[]).filter((s) => isAllowedTransition(after, s));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSent('');
    try {
      const internal = mode === 'note';
      const all = [...uploaded];
      for (const file of files) {
        all.push(...(await uploadFiles(tk.id, [file], internal)));
        seen.current.ownUploads += 1;
        setUploaded([...all]);
        setFiles((left) => left.filter((f) => f !== file));
      }
      const ids = all.map((a) => a.id);
      const path = `/api/v1/tickets/${tk.id}/${internal ? 'notes' : 'replies'}`;
      const payload: Record<string, unknown> = { body, attachment_ids: ids };
      if (!internal && then) payload.status = then;
      const from = seen.current.version;
      const updated = await api.post<Ticket>(path, payload, { ifMatch: from + seen.current.ownUploads });
      clearBody();
      setUploaded([]);
      setThen('');
      setSent(internal ? t('noteAdded') : t('replySent'));
      props.onSent(updated, from);
      refocus(form.current?.querySelector('textarea'));
    } catch (err) {
      setError(err);
      if (err instanceof ApiError && err.isConflict) props.onConflict();
    } finally {
      setBusy(false);
    }
  };

  if (!props.canReply && !props.canNote) return null;
  const note = mode === 'note';
  return (
    <form ref={form} className={`composer ${note ? 'composer-note' : 'composer-reply'}`} onSubmit={submit} aria-label={t('composer')}>
      <fieldset className="mode-switch">
        <legend className="visually-hidden">{t('writeWhat')}</legend>
        {props.canReply && (
          <label className={mode === 'reply' ? 'selected' : ''}>
            <input type="radio" name="mode" value="reply" checked={mode === 'reply'} onChange={() => setMode('reply')} />
            {t('modeReply')}
          </label>
        )}
        {props.canNote && (
          <label className={mode === 'note' ? 'selected' : ''}>
            <input type="radio" name="mode" value="note" checked={mode === 'note'} onChange={() => setMode('note')} />
            <Icon name="lock" /> {t('modeNote')}
          </label>
        )}
      </fieldset>
      <p className="composer-who" aria-live="polite">
        {note ? t('noteExplain') : t('replyExplain', { name: tk.requester_name ?? t('theCustomer') })}
      </p>
      {sent && <Notice kind="success">{sent}</Notice>}
      {error instanceof ApiError && error.isConflict ? (
        <div className="banner warning" role="alert">
          {t('conflictComposer')}
        </div>
      ) : (
        <ErrorBanner error={error} shown={['body', 'status', 'attachment_ids']} />
      )}
      <TextArea
        label={note ? t('noteLabel') : t('replyLabel')}
        rows={6}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={fieldError('body')}
        hint={t('draftHint')}
      />
      <AttachmentPicker files={files} onChange={setFiles} disabled={busy} error={fieldError('attachment_ids')} />
      {uploaded.length > 0 && (
        <p className="muted">{t('alreadyUploaded', { names: uploaded.map((a) => a.filename).join(', ') })}</p>
      )}
      <div className="row composer-actions">
        {!note && props.canSetStatus && thenChoices.length > 0 && (
          <SelectField
            label={t('thenSet')}
            value={then}
            onChange={(e) => setThen(e.target.value)}
            error={fieldError('status')}
            options={[{ value: '', label: t('keepStatus', { status: c(`status_${after}`) }) }, ...thenChoices.map((s) => ({ value: s, label: c(`status_${s}`) }))]}
          />
        )}
        <button type="submit" className={note ? 'note-button' : 'primary'} disabled={busy || !body.trim()}>
          {busy ? t('sending') : note ? t('addNote') : t('sendReply')}
        </button>
      </div>
    </form>
  );
}
