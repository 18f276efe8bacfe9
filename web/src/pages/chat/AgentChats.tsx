// The agents' chat desk (/chats): my presence, the chats waiting for someone (oldest first, with
// the instant each is missed if nobody picks it up), the active ones, and the chat I am in. New
// waiting chats appear within a few seconds; a picked-up chat opens beside the queue.
import { useEffect, useMemo, useState } from 'react';
import { api, query } from '../../app/api';
import { useAsync } from '../../app/data';
import { useFormat, useT } from '../../app/i18n';
import { Link, navigate } from '../../app/router';
import { can, useSession } from '../../app/session';
import type { AgentPresence, Chat, ListOf, PresenceStatus } from '../../model/types';
import { useErrorText, ErrorBanner, Loading } from '../../ui/feedback';
import { sessionTransport } from './chat';
import { ChatWindow } from './ChatWindow';
import { setPresence, storedPresence } from './presence';
import m from './chat.i18n';

const REFRESH_MS = 3000;

function PresencePicker() {
  const t = useT(m);
  const errorText = useErrorText();
  const [status, setStatus] = useState<PresenceStatus>(storedPresence());
  const [error, setError] = useState<unknown>(null);
  const change = (s: PresenceStatus) => {
    setError(null);
    setPresence(s)
      .then(() => setStatus(s))
      .catch(setError);
  };
  return (
    <div className="field">
      <label htmlFor="presence">{t('presence')}</label>
      <select id="presence" value={status} onChange={(e) => change(e.target.value as PresenceStatus)} aria-describedby="presence-hint">
        {(['available', 'away', 'offline'] as const).map((s) => (
          <option key={s} value={s}>
            {t(`presence_${s}`)}
          </option>
        ))}
      </select>
      <span id="presence-hint" className="hint">
        {t('presenceHint')}
      </span>
      {error ? (
        <span role="alert" className="field-error">
          {t('presenceFailed', { reason: errorText(error) })}
        </span>
      ) : null}
    </div>
  );
}

function ChatRows(props: { chats: Chat[]; empty: string; pick?: (c: Chat) => void; open: (c: Chat) => void; current: number | null }) {
  const t = useT(m);
  const f = useFormat();
  if (props.chats.length === 0) return <p className="muted">{props.empty}</p>;
  return (
    <ul className="chat-queue">
      {props.chats.map((c) => (
        <li key={c.ticket_id} aria-current={c.ticket_id === props.current ? 'true' : undefined}>
          <strong>{c.requester_name}</strong> · {c.organisation_name}
          <br />
          <span>{c.subject}</span>
          <br />
          <span className="muted">
            {c.state === 'waiting'
              ? `${t('waitingSince', { time: f.time(new Date(c.started_at)) })}; ${t('missedAt', { time: f.time(new Date(c.pickup_deadline)) })}`
              : c.agent_name}
          </span>
          {c.from_widget ? <span className="badge warning">{t('notVerified')}</span> : null}
          <div className="buttons">
            {props.pick ? (
              <button type="button" className="primary" aria-label={t('pickUpNamed', { name: c.requester_name })} onClick={() => props.pick?.(c)}>
                {t('pickUp')}
              </button>
            ) : (
              <button type="button" aria-label={t('openNamed', { name: c.requester_name })} onClick={() => props.open(c)}>
                {t('open')}
              </button>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

export function AgentChatsPage(props: { id?: number }) {
  const t = useT(m);
  const { me } = useSession();
  const list = useAsync(() => api.get<ListOf<Chat>>(`/api/v1/chats${query({ state: 'waiting,active' })}`), []);
  const presence = useAsync(() => api.get<ListOf<AgentPresence>>('/api/v1/chat/presence'), []);
  const [error, setError] = useState<unknown>(null);
  const { reload } = list;
  const reloadPresence = presence.reload;
  useEffect(() => {
    const timer = setInterval(() => {
      reload();
      reloadPresence();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload, reloadPresence]);
  const current = props.id ?? null;
  const transport = useMemo(() => (current ? sessionTransport(current) : null), [current]);
  const chats = list.data?.items ?? [];
  const waiting = chats.filter((c) => c.state === 'waiting').sort((a, b) => a.started_at.localeCompare(b.started_at));
  const active = chats.filter((c) => c.state === 'active');
  const open = (c: Chat) => navigate(`/chats/${c.ticket_id}`);
  const pick = async (c: Chat) => {
    setError(null);
    try {
      await api.post<Chat>(`/api/v1/chats/${c.ticket_id}/pickup`);
      navigate(`/chats/${c.ticket_id}`);
    } catch (err) {
      setError(err);
    }
    reload();
  };
  return (
    <section className="stack">
      <h1>{t('chatsTitle')}</h1>
      <div className="chat-desk">
        <div className="stack">
          {can(me, 'ticket.reply') ? <PresencePicker /> : null}
          {error ? <ErrorBanner error={error} /> : null}
          {list.error && !list.data ? <ErrorBanner error={list.error} onRetry={reload} /> : null}
          <h2>
            {t('waitingChats')} ({waiting.length})
          </h2>
          {list.data ? <ChatRows chats={waiting} empty={t('noWaiting')} pick={(c) => void pick(c)} open={open} current={current} /> : <Loading />}
          <h2>
            {t('activeChats')} ({active.length})
          </h2>
          {list.data ? <ChatRows chats={active} empty={t('noActive')} open={open} current={current} /> : null}
          <h2>{t('teamPresence')}</h2>
          <ul className="plain">
            {(presence.data?.items ?? []).map((p) => (
              <li key={p.user_id}>
                {p.name}: {t(`presence_${p.status}`)}
              </li>
            ))}
          </ul>
        </div>
        <div>
          {transport && current ? (
            <ChatWindow
              key={current}
              transport={transport}
              viewer="agent"
              onChange={() => reload()}
              extra={(c) => (
                <p>
                  <Link to={`/tickets/${c.chat.ticket_id}`}>{t('openTicket', { id: c.chat.ticket_id })}</Link> · {c.chat.requester_name} ·{' '}
                  {c.chat.organisation_name}
                  {c.chat.from_widget ? <span className="badge warning">{t('notVerified')}</span> : null}
                </p>
              )}
            />
          ) : (
            <p className="muted">{t('noChatOpen')}</p>
          )}
        </div>
      </div>
    </section>
  );
}
