// The portal's chat: a signed-in customer writes their first line, and the conversation opens at
// /portal/chat/<ticket>. The chat is a ticket, so it also shows in their ticket list.
import { useMemo, useState, type FormEvent } from 'react';
import { api } from '../../app/api';
import { useT } from '../../app/i18n';
import { Link, navigate } from '../../app/router';
import type { ChatStarted } from '../../model/types';
import { useFieldErrors } from '../../ui/feedback';
import { TextArea } from '../../ui/forms';
import { FormProblem } from '../../ui/kit';
import { sessionTransport } from './chat';
import { ChatWindow } from './ChatWindow';
import m from './chat.i18n';

export function PortalChatStartPage() {
  const t = useT(m);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);
  const fe = useFieldErrors(error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!text.trim()) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    setBusy(true);
    setError(null);
    try {
      const started = await api.post<ChatStarted>('/api/v1/chats', { message: text.trim() });
      navigate(`/portal/chat/${started.chat.ticket_id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <section className="stack narrow">
      <h1>{t('chatTitle')}</h1>
      <p>{t('chatIntro')}</p>
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <FormProblem error={error} shown={['message']} />
        <TextArea label={t('firstMessage')} value={text} rows={4} error={empty ? t('messageRequired') : fe('message')} onChange={(e) => setText(e.target.value)} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('starting') : t('start')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function PortalChatPage(props: { id: number }) {
  const t = useT(m);
  const transport = useMemo(() => sessionTransport(props.id), [props.id]);
  return (
    <section className="stack narrow">
      <h1>{t('chatTitle')}</h1>
      <ChatWindow
        transport={transport}
        viewer="customer"
        extra={(c) =>
          c.chat.state === 'ended' || c.chat.state === 'missed' ? (
            <p>
              <Link to={`/portal/tickets/${c.chat.ticket_id}`}>{t('openTicket', { id: c.chat.ticket_id })}</Link> ·{' '}
              <Link to="/portal/chat">{t('chatAgain')}</Link>
            </p>
          ) : null
        }
      />
    </section>
  );
}
