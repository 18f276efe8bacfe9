import { describe, expect, it } from 'vitest';
import { translateServerText } from '../../app/server-text';
import { belongs, filterFrom, inlineImageSources, mailCsp, mailFilters, mailHref, mailListPath, mailSrcdoc, remoteImageCount } from './mail';

// As the server's sanitiser writes a message: a remote image held back, an inline one resolved.
const sanitised =
  '<p>Olá, <b>equipe</b></p>' +
  '<img data-remote-src="https://cdn.example/logo.png" alt="Logo" width="120">' +
  '<img src="/api/v1/attachments/7" data-cid="chart@x" alt="chart">' +
  '<a href="https://status.example/1" rel="noopener noreferrer nofollow" target="_blank">status</a>';

const body = (doc: string) => doc.slice(doc.indexOf('<body>'));
const csp = (doc: string) => /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(doc)?.[1];

describe('the document an e-mail is shown in', () => {
  it('starts with a Content-Security-Policy that allows no script and no remote image', () => {
    const doc = mailSrcdoc(sanitised, { consent: false });
    expect(doc.indexOf('Content-Security-Policy')).toBeLessThan(doc.indexOf('<body>'));
    const policy = csp(doc)!;
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("style-src 'unsafe-inline'");
    expect(policy).toMatch(/img-src data: cid:;/);
    expect(policy).not.toMatch(/https: |http: /);
    expect(policy).not.toContain('script-src');
    expect(doc).toContain('<meta name="referrer" content="no-referrer">');
  });

  it('keeps remote images blocked without consent', () => {
    const doc = body(mailSrcdoc(sanitised, { consent: false }));
    expect(doc).toContain('<img data-remote-src="https://cdn.example/logo.png" alt="Logo" width="120">');
    expect(doc).not.toMatch(/\ssrc="https?:/);
    // an inline image (one of the ticket's files) has no src until the app has loaded it
    expect(doc).toContain('<img data-cid="chart@x" alt="chart">');
  });

  it("shows the ticket's files inline as data: addresses, and nothing else from the app's origin", () => {
    expect(inlineImageSources(sanitised)).toEqual(['/api/v1/attachments/7']);
    expect(inlineImageSources('<img src="/api/v1/attachments/7"><IMG SRC="/api/v1/attachments/7"><img src="/api/v1/tickets/1">')).toEqual(['/api/v1/attachments/7']);
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const doc = body(mailSrcdoc(sanitised, { consent: false, inline: { '/api/v1/attachments/7': png } }));
    expect(doc).toContain(`<img src="${png}" data-cid="chart@x" alt="chart">`);
    // other addresses of the app are never asked for from inside the message
    expect(body(mailSrcdoc('<img src="/api/v1/auth/session" alt="x"><img src="/api/v1/attachments/8" alt="y">', { consent: true }))).toBe(
      '<body><img alt="x"><img alt="y"></body></html>',
    );
  });

  it('holds back a remote image that arrives in src, however it is written', () => {
    for (const img of [
      '<img src="https://track.example/p.gif">',
      "<IMG SRC='http://track.example/p.gif'>",
      '<img src=//track.example/p.gif>',
      '<img src="&#104;ttps://track.example/p.gif">',
      '<img alt="a > b" src="https://track.example/p.gif">',
      '<img srcset="https://track.example/p.gif 2x" alt="x">',
    ]) {
      const doc = body(mailSrcdoc(img, { consent: false }));
      expect(doc, img).not.toMatch(/\ssrc(set)?=/i);
    }
  });

  it('swaps data-remote-src into src only with consent, and only for web addresses', () => {
    const doc = mailSrcdoc(sanitised, { consent: true });
    expect(body(doc)).toContain('<img src="https://cdn.example/logo.png" alt="Logo" width="120">');
    expect(body(doc)).not.toContain('data-remote-src');
    expect(csp(doc)).toMatch(/img-src data: cid: https: http:;/);
    // an inline image keeps its own file; other schemes are never promoted
    expect(
      body(mailSrcdoc('<img src="/api/v1/attachments/7" data-remote-src="https://x.example/a.png">', { consent: true, inline: { '/api/v1/attachments/7': 'data:image/png;base64,AA==' } })),
    ).toBe('<body><img src="data:image/png;base64,AA=="></body></html>');
    expect(body(mailSrcdoc('<img data-remote-src="javascript:alert(1)" alt="x">', { consent: true }))).toBe('<body><img alt="x"></body></html>');
  });

  it('lets no script, handler, frame or meta tag survive', () => {
    const hostile =
      '<p>hi</p><script>alert(1)</script><SCRIPT src="https://evil.example/x.js"></SCRIPT>' +
      '<img src=x onerror="alert(2)"><div onclick=alert(3) style="color:red">x</div>' +
      '<iframe srcdoc="<script>alert(4)</script>"></iframe><svg><script>alert(5)</script></svg>' +
      '<meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/">' +
      '<object data="x"></object><embed src="x"><form action="https://evil.example"><input name=a></form>' +
      '<script>unclosed';
    for (const consent of [false, true]) {
      const doc = body(mailSrcdoc(hostile, { consent }));
      expect(doc).not.toMatch(/<script/i);
      expect(doc).not.toMatch(/<(iframe|svg|meta|base|object|embed|form|input)\b/i);
      expect(doc).not.toMatch(/\son\w+=/i);
      expect(doc).not.toMatch(/<\w[^>]*\ssrcdoc=/i);
      expect(doc).not.toContain('alert(1)');
      expect(doc).toContain('<div style="color:red">x</div>');
      // what was a tag is shown as text
      expect(doc).toContain('&lt;embed src="x">');
    }
  });

  it('counts the images that wait for consent', () => {
    expect(remoteImageCount(sanitised)).toBe(1);
    expect(remoteImageCount('<p>no images</p><img src="/api/v1/attachments/1">')).toBe(0);
    expect(remoteImageCount('<img data-remote-src="https://a/1"><img data-remote-src="http://b/2"><img src="https://c/3">')).toBe(3);
  });

  it('names the reader consent in the policy only when given', () => {
    expect(mailCsp(false)).not.toContain('https:;');
    expect(mailCsp(true)).toContain('https: http:');
  });
});

describe('the mail log', () => {
  it('shows administrators every state and others the triage queue only', () => {
    expect(mailFilters(true, true)).toEqual(['all', 'triage', 'quarantined', 'ticket', 'reply', 'ignored', 'failed', 'queued', 'sent']);
    expect(mailFilters(false, true)).toEqual(['triage']);
    expect(mailFilters(false, false)).toEqual([]);
  });

  it('reads the filter from the address, falling back to the first allowed', () => {
    const admin = mailFilters(true, true);
    expect(filterFrom(new URLSearchParams('state=quarantined'), admin)).toBe('quarantined');
    expect(filterFrom(new URLSearchParams('state=nonsense'), admin)).toBe('all');
    expect(filterFrom(new URLSearchParams('state=quarantined'), ['triage'])).toBe('triage');
    expect(filterFrom(new URLSearchParams(''), [])).toBeNull();
  });

  it('keeps the filter and the open message in the address', () => {
    const admin = mailFilters(true, true);
    expect(mailHref('all', admin)).toBe('/mail');
    expect(mailHref('triage', admin, 12)).toBe('/mail?state=triage&message=12');
    expect(mailHref('triage', ['triage'], 12)).toBe('/mail?message=12');
  });

  it('asks the API for one page of a state, before a message', () => {
    expect(mailListPath('all', undefined, 50)).toBe('/api/v1/mail/messages?limit=50');
    expect(mailListPath('quarantined', 31, 50)).toBe('/api/v1/mail/messages?state=quarantined&limit=50&before=31');
  });

  it('takes a message out of a list it no longer belongs in', () => {
    expect(belongs('ticket', 'triage')).toBe(false);
    expect(belongs('ticket', 'all')).toBe(true);
    expect(belongs('quarantined', 'quarantined')).toBe(true);
  });

  it("says in Portuguese why a message was ignored, waits or was quarantined", () => {
    expect(translateServerText("no organisation has the sender's e-mail domain (unknown.test)", 'pt-BR')).toBe(
      'nenhuma organização tem o domínio de e-mail do remetente (unknown.test)',
    );
    expect(translateServerText('the message could not be read: no From header', 'pt-BR')).toBe('a mensagem não pôde ser lida: no From header');
    expect(translateServerText('bulk or mailing-list mail: it opens no ticket and gets no answer', 'pt-BR')).toMatch(/^envio em massa/);
    expect(translateServerText('Only a quarantined message can be retried; this one is ticket.', 'pt-BR')).toBe(
      'Só uma mensagem em quarentena pode ser lida de novo; esta está como novo chamado.',
    );
  });
});
