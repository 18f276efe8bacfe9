// One e-mail, the same wherever it is shown (the mail log, a ticket's e-mails): its headers, what
// became of it and why, a link to its original, and its sanitised HTML — only ever inside a
// sandboxed iframe, with remote images held back until the reader asks for them (see mail.ts).
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../../app/api';
import { useAsync } from '../../app/data';
import { useFormat, useLocale, useT } from '../../app/i18n';
import { Link } from '../../app/router';
import { translateServerText } from '../../app/server-text';
import type { MailMessage, MailState } from '../../model/types';
import { ErrorBanner, Loading, Notice } from '../../ui/feedback';
import { Details } from '../../ui/kit';
import { INLINE_IMAGE_TYPES, inlineImageSources, mailSrcdoc, remoteImageCount } from './mail';
import m from './mail.i18n';

// What became of a message, in words (never a colour alone).
export function MailStateBadge(props: { state: MailState }) {
  const t = useT(m);
  return <span className={`badge mail-${props.state}`}>{t(`state_${props.state}`)}</span>;
}

// Why a message was ignored, waits for triage or was quarantined, in the reader's language.
export function useReasonText(): (reason: string) => string {
  const { locale } = useLocale();
  return (reason: string) => (reason ? translateServerText(reason, locale) ?? reason : '');
}

export function fromText(x: MailMessage): string {
  return x.from.name ? `${x.from.name} <${x.from.address}>` : x.from.address;
}

// The ticket's files a message shows inline, as data: addresses (the sandboxed document has no
// session to fetch them with). A file that cannot be read, or is not an image, is left out.
async function loadInlineImages(paths: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all(
    paths.map(async (path) => {
      try {
        const res = await fetch(path, { credentials: 'same-origin' });
        const blob = await res.blob();
        if (!res.ok || !INLINE_IMAGE_TYPES.includes(blob.type)) return;
        out[path] = await new Promise<string>((ok, fail) => {
          const reader = new FileReader();
          reader.onload = () => ok(String(reader.result));
          reader.onerror = () => fail(reader.error);
          reader.readAsDataURL(blob);
        });
      } catch {
        // shown without it
      }
    }),
  );
  return out;
}

// The message's HTML in a sandboxed iframe: no scripts, no origin, no forms or popups. The
// reader's consent to remote images gives the frame a new document (still sandboxed).
export function MailHtml(props: { html: string; subject: string }) {
  const t = useT(m);
  const [consent, setConsent] = useState(false);
  const [inline, setInline] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    const paths = inlineImageSources(props.html);
    if (paths.length) void loadInlineImages(paths).then((x) => live && setInline(x));
    return () => {
      live = false;
    };
  }, [props.html]);
  const remote = remoteImageCount(props.html);
  const srcdoc = useMemo(() => mailSrcdoc(props.html, { consent, inline }), [props.html, consent, inline]);
  return (
    <div className="mail-html">
      {remote > 0 &&
        (consent ? (
          <p className="muted" role="status">
            {t('remoteShown')}
          </p>
        ) : (
          <Notice
            kind="info"
            action={
              <button type="button" onClick={() => setConsent(true)}>
                {t('showRemote')}
              </button>
            }
          >
            {remote === 1 ? t('remoteBlockedOne') : t('remoteBlocked', { count: remote })}
          </Notice>
        ))}
      <iframe
        // Each document gets a new frame: Chromium, given a new srcdoc while the frame was still
        // loading the one before, at times kept showing the old one (inline images never appeared).
        key={srcdoc}
        className="mail-frame"
        sandbox=""
        referrerPolicy="no-referrer"
        title={t('frameTitle', { subject: props.subject || t('noSubject') })}
        srcDoc={srcdoc}
      />
      <p className="hint">{t('linksInert')}</p>
    </div>
  );
}

// One message, loaded by id. `heading` is its subject's level on the page; `actions` (given the
// message as loaded) sit under the headers: retry, accept…; `reloadKey` loads it again when it changes (after an action);
// `focus` moves the keyboard to its subject once it shows (it was just chosen from a list).
export function MailMessageView(props: {
  id: number;
  heading?: 2 | 3;
  actions?: (x: MailMessage) => ReactNode;
  reloadKey?: string;
  focus?: boolean;
}) {
  const t = useT(m);
  const f = useFormat();
  const reason = useReasonText();
  const msg = useAsync(() => api.get<MailMessage>(`/api/v1/mail/messages/${props.id}`), [props.id, props.reloadKey]);
  const x = msg.data?.id === props.id ? msg.data : undefined;
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = !!x;
  useEffect(() => {
    if (shown && props.focus) heading.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown, props.id]);
  const H = props.heading === 3 ? 'h3' : 'h2';
  if (!x) return msg.error ? <ErrorBanner error={msg.error} onRetry={msg.reload} /> : <Loading />;
  const items: Array<[ReactNode, ReactNode]> = [
    [t('from'), fromText(x)],
    [t('to'), x.to || '—'],
    [t('received'), <time dateTime={x.received_at} title={f.full(x.received_at)}>{f.dateTime(x.received_at)}</time>],
    [t('state'), <MailStateBadge state={x.state} />],
  ];
  if (x.reason) items.push([t('reason'), reason(x.reason)]);
  if (x.ticket_id) items.push([t('ticket'), <Link to={`/tickets/${x.ticket_id}`}>#{x.ticket_id}</Link>]);
  if (x.kind) items.push([t('kind'), t(`kind_${x.kind}`)]);
  items.push(
    [t('direction'), t(`direction_${x.direction}`)],
    [t('mailbox'), x.mailbox],
    [t('messageId'), <code>{x.message_id}</code>],
    [t('size'), f.bytes(x.raw_size)],
  );
  if (x.attempts > 1) items.push([t('attempts'), f.number(x.attempts)]);
  if (x.updated_at !== x.received_at) {
    items.push([t('updated'), <time dateTime={x.updated_at} title={f.full(x.updated_at)}>{f.dateTime(x.updated_at)}</time>]);
  }
  return (
    <article className="mail-message" aria-labelledby={`mail-${x.id}-subject`}>
      <H id={`mail-${x.id}-subject`} ref={heading} tabIndex={-1}>
        {x.subject || t('noSubject')}
      </H>
      <Details items={items} />
      <p>
        <a href={`/api/v1/mail/messages/${x.id}/raw`} download={`message-${x.id}.eml`}>
          {t('original')}
        </a>
      </p>
      {props.actions?.(x)}
      {x.html ? (
        // A new message (or the same one changed) starts with remote images blocked again.
        <MailHtml key={`${x.id}-${x.updated_at}`} html={x.html} subject={x.subject} />
      ) : (
        <p className="muted">{x.ticket_id ? t('noHtmlTicket') : t('noHtml')}</p>
      )}
    </article>
  );
}
