// One live conversation, for whoever is in it: the lines as they are said (a polite live region,
// so a screen reader hears each new line), where the chat stands, a composer (Enter sends), and
// ending the chat. Works over a session or a widget visitor's token alike (chat.ts).
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useFormat, useT } from '../../app/i18n';
import type { ChatConversation, ChatMessage } from '../../model/types';
import { ErrorBanner, Loading, Notice, useFieldErrors } from '../../ui/feedback';
import { TextArea } from '../../ui/forms';
import { isLive, stateLine, type ChatTransport } from './chat';
import m from './chat.i18n';

function Line(props: { line: ChatMessage; viewer: 'customer' | 'agent' }) {
  const t = useT(m);
  const f = useFormat();
  const { line } = props;
  const mine = (props.viewer === 'customer' && line.author === 'customer') || (props.viewer === 'agent' && line.author === 'agent');
  const who = line.author === 'system' ? t('system') : mine && props.viewer === 'customer' ? t('you') : line.author_name;
  return (
    <li className={`chat-line chat-${line.author}${mine ? ' chat-mine' : ''}`}>
      <span className="chat-who">{who}</span>{' '}
      <time className="muted" dateTime={line.at} title={f.full(line.at)}>
        {f.time(new Date(line.at))}
      </time>
      <p className="chat-body">{line.body}</p>
    </li>
  );
}

export function ChatWindow(props: {
  transport: ChatTransport;
  viewer: 'customer' | 'agent';
  // Shown above the conversation (the ticket's link for agents).
  extra?: (c: ChatConversation) => ReactNode;
  onChange?: (c: ChatConversation) => void;
}) {
  const t = useT(m);
  const id = useId();
  const { transport, onChange } = props;
  const [conv, setConv] = useState<ChatConversation | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);
  const fieldError = useFieldErrors(sendError);
  const log = useRef<HTMLDivElement>(null);
  // One load at a time; a change heard meanwhile loads once more afterwards.
  const loading = useRef(false);
  const again = useRef(false);
  const changeRef = useRef(onChange);
  changeRef.current = onChange;

  const reload = useCallback(async () => {
    if (loading.current) {
      again.current = true;
      return;
    }
    loading.current = true;
    try {
      do {
        again.current = false;
        try {
          const c = await transport.load();
          setConv(c);
          setLoadError(null);
          changeRef.current?.(c);
        } catch (e) {
          setLoadError(e);
        }
      } while (again.current);
    } finally {
      loading.current = false;
    }
  }, [transport]);

  useEffect(() => {
    void reload();
    return transport.follow(() => void reload());
  }, [transport, reload]);

  // The newest line stays in view.
  const count = conv?.messages.length ?? 0;
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);

  const send = async (e?: FormEvent) => {
    e?.preventDefault();
    if (sending) return;
    const body = text.trim();
    if (!body) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    setSending(true);
    setSendError(null);
    try {
      await transport.say(body);
      setText('');
      await reload();
    } catch (err) {
      setSendError(err);
    } finally {
      setSending(false);
    }
  };
  const keyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };
  const end = async () => {
    if (!window.confirm(t('confirmEnd'))) return;
    try {
      await transport.end();
      await reload();
    } catch (err) {
      setSendError(err);
    }
  };

  if (!conv) return loadError ? <ErrorBanner error={loadError} onRetry={() => void reload()} /> : <Loading />;
  const state = stateLine(conv.chat, props.viewer);
  const live = isLive(conv.chat);
  const messageError = empty ? t('messageRequired') : fieldError('body');
  return (
    <section className="chat" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} className="visually-hidden">
        {t('conversation')}
      </h2>
      <p className={`chat-state chat-state-${conv.chat.state}`} role="status">
        {t(state.key, state.vars)}
      </p>
      {props.extra?.(conv)}
      {loadError ? <ErrorBanner error={loadError} onRetry={() => void reload()} /> : null}
      <div className="chat-log" ref={log} role="log" aria-live="polite" aria-label={t('conversation')} tabIndex={0}>
        <ol>
          {conv.messages.map((line, i) => (
            <Line key={line.id ?? `n${i}`} line={line} viewer={props.viewer} />
          ))}
        </ol>
      </div>
      {conv.chat.state !== 'ended' ? (
        <form className="chat-composer" onSubmit={(e) => void send(e)} noValidate>
          {sendError && !fieldError('body') ? <ErrorBanner error={sendError} /> : null}
          <TextArea
            label={t('message')}
            hint={t('messageHint')}
            error={messageError}
            value={text}
            rows={2}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={keyDown}
          />
          <div className="buttons">
            <button type="submit" className="primary" disabled={sending}>
              {sending ? t('sending') : t('send')}
            </button>
            {live ? (
              <button type="button" onClick={() => void end()}>
                {t('endChat')}
              </button>
            ) : null}
          </div>
        </form>
      ) : (
        <Notice>{t('ended')}</Notice>
      )}
    </section>
  );
}
