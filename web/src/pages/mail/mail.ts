// E-mail in the app, the parts without React: the document an e-mail's HTML is shown in, and the
// mail log's filters.
//
// The server sanitises every message's HTML against an allowlist (docs/EMAIL.md) and holds remote
// images back in data-remote-src. The app adds walls of its own: the HTML is shown only inside an
// iframe with sandbox="" (no scripts, an opaque origin, no forms, no popups), as a srcdoc built
// here with a Content-Security-Policy that forbids everything but inline styles and images from
// data: — and from the web only once the reader consents; and this builder turns any script,
// frame, object or meta tag that might still be there into text, drops event handlers and moves a
// remote image's address out of src again. Consent is a new srcdoc (the iframe is still
// sandboxed), never a script inside the message.
//
// Inline images (cid:) point at the ticket's files, /api/v1/attachments/N. A sandboxed document
// has no origin and so no session cookie: the app fetches those files itself and puts them into
// the document as data: addresses (`inline`); until they arrive such an image has no src.
import { query } from '../../app/api';
import type { MailState } from '../../model/types';

// A ticket's file, as the server writes an inline image's address.
const ATTACHMENT = /^\/api\/v1\/attachments\/\d+$/;

// The image types a file may be shown inline as (the server names no others).
export const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

// The policy of the message's document.
export function mailCsp(consent: boolean): string {
  const images = ['data:', 'cid:', ...(consent ? ['https:', 'http:'] : [])];
  return `default-src 'none'; img-src ${images.join(' ')}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'`;
}

// Elements that must never be elements in the message's document: removed with their content
// when they are whole, and any tag of theirs left over becomes visible text.
const DROPPED_WITH_CONTENT = /<(script|style|template|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const NEUTRALISED =
  /<(\/?)(script|style|iframe|frame|frameset|object|embed|applet|base|meta|link|form|input|button|textarea|select|template|noscript|svg|math|portal|fencedframe)(?=[\s/>]|$)/gi;

// A start tag with its attributes (quoted values may hold '>').
const ATTRIBUTE = String.raw`[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>\x60]+))?`;
const TAG = new RegExp(String.raw`<([a-zA-Z][a-zA-Z0-9-]*)((?:[\s/]+${ATTRIBUTE})*)[\s/]*>`, 'g');
const ONE_ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

type Attribute = [name: string, value: string | undefined];

function attributes(text: string): Attribute[] {
  const out: Attribute[] = [];
  for (const m of text.matchAll(ONE_ATTRIBUTE)) {
    let v = m[2];
    if (v !== undefined && (v.startsWith('"') || v.startsWith("'"))) v = v.slice(1, -1);
    out.push([m[1].toLowerCase(), v]);
  }
  return out;
}

function serialise(name: string, attrs: Attribute[]): string {
  const parts = attrs.map(([k, v]) => (v === undefined ? k : `${k}="${v.replace(/"/g, '&quot;')}"`));
  return `<${name}${parts.length ? ' ' + parts.join(' ') : ''}>`;
}

// An attribute's value as the browser reads it, as far as an address's scheme goes.
function decode(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_m, h: string) => String.fromCodePoint(Math.min(parseInt(h, 16), 0x10ffff)))
    .replace(/&#(\d+);?/g, (_m, d: string) => String.fromCodePoint(Math.min(Number(d), 0x10ffff)))
    .replace(/&colon;/gi, ':')
    .replace(/&sol;/gi, '/')
    .replace(/&(?:tab|newline);/gi, '')
    .replace(/[\t\n\r]/g, '');
}
const isRemote = (url: string) => /^\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(decode(url));
const isWeb = (url: string) => /^\s*https?:\/\//i.test(decode(url));

// An image's attributes: a remote address in src only with consent, else in data-remote-src; one
// of the ticket's files as its data: address once loaded; a data: image as it is; nothing else.
function image(attrs: Attribute[], consent: boolean, inline: Record<string, string>): Attribute[] {
  let remote = '';
  let src = '';
  const kept: Attribute[] = [];
  for (const [k, v] of attrs) {
    if (k === 'srcset') continue;
    if (k === 'src' || k === 'data-remote-src') {
      if (v === undefined) continue;
      if (isRemote(v)) {
        if (!remote && isWeb(v)) remote = v.trim();
      } else if (k === 'src' && ATTACHMENT.test(v.trim())) {
        src = inline[v.trim()] ?? '';
      } else if (k === 'src' && /^\s*data:image\//i.test(decode(v))) {
        src = v.trim();
      }
      continue;
    }
    kept.push([k, v]);
  }
  if (src) kept.unshift(['src', src]);
  else if (remote) kept.unshift([consent ? 'src' : 'data-remote-src', remote]);
  return kept;
}

function rewrite(html: string, consent: boolean, inline: Record<string, string>): string {
  return html
    .replace(DROPPED_WITH_CONTENT, '')
    .replace(NEUTRALISED, '&lt;$1$2')
    .replace(TAG, (_whole, tag: string, rest: string) => {
      const name = tag.toLowerCase();
      let attrs = attributes(rest).filter(([k]) => !k.startsWith('on') && k !== 'srcdoc' && k !== 'formaction');
      if (name === 'img') attrs = image(attrs, consent, inline);
      return serialise(name, attrs);
    });
}

// How many images in `html` wait for the reader's consent.
export function remoteImageCount(html: string): number {
  let n = 0;
  for (const m of html.matchAll(TAG)) {
    if (m[1].toLowerCase() === 'img' && attributes(m[2]).some(([k, v]) => (k === 'src' || k === 'data-remote-src') && v !== undefined && isWeb(v))) n++;
  }
  return n;
}

// The ticket's files `html` shows inline (their addresses, each once).
export function inlineImageSources(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(TAG)) {
    if (m[1].toLowerCase() !== 'img') continue;
    for (const [k, v] of attributes(m[2])) if (k === 'src' && v !== undefined && ATTACHMENT.test(v.trim())) out.add(v.trim());
  }
  return [...out];
}

// The whole document shown in the sandboxed iframe: the policy first, a plain readable style,
// then the message.
// `inline`: the ticket's files the message shows, by address, as data: addresses.
export function mailSrcdoc(html: string, options: { consent: boolean; inline?: Record<string, string> }): string {
  const csp = mailCsp(options.consent);
  return (
    '<!doctype html><html><head>' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<meta name="referrer" content="no-referrer">' +
    '<style>body{margin:0.75rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",sans-serif;' +
    'color:#1b1f24;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{max-width:100%}' +
    'img[data-remote-src]{display:inline-block;min-width:1.5rem;min-height:1rem;border:1px dashed #c9ced6}</style>' +
    '</head><body>' +
    rewrite(html, options.consent, options.inline ?? {}) +
    '</body></html>'
  );
}

// ---- the mail log

// What the log shows: everything (admins), or one state.
export type MailFilter = 'all' | MailState;

// The filters a reader may use: admins every state; agents (contact.write) the triage queue only.
export function mailFilters(admin: boolean, triage: boolean): MailFilter[] {
  if (admin) return ['all', 'triage', 'quarantined', 'ticket', 'reply', 'ignored', 'failed', 'queued', 'sent'];
  return triage ? ['triage'] : [];
}

// The filter in the address (?state=…), or the reader's first one.
export function filterFrom(search: URLSearchParams, allowed: MailFilter[]): MailFilter | null {
  const s = search.get('state') ?? '';
  return allowed.find((f) => f === s) ?? allowed[0] ?? null;
}

// The mail log's address for a filter and a chosen message.
export function mailHref(filter: MailFilter, allowed: MailFilter[], message?: number | null): string {
  return '/mail' + query({ state: filter === allowed[0] ? undefined : filter, message: message ?? undefined });
}

// The API's list address for a filter and a page.
export function mailListPath(filter: MailFilter, before: number | undefined, limit: number): string {
  return '/api/v1/mail/messages' + query({ state: filter === 'all' ? undefined : filter, limit, before });
}

// Whether a message belongs in the list shown under `filter` (after an action changed its state).
export function belongs(state: MailState, filter: MailFilter): boolean {
  return filter === 'all' || filter === state;
}
