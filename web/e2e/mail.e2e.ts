// E-mail in the browser against a real farol: an administrator reads the mail log and one
// message's HTML — isolated in a sandboxed frame, remote images held back until asked for —,
// downloads its original, reads a quarantined message again and takes in an .eml file; an agent
// accepts a message waiting for triage for an organisation and finds it on the new ticket's
// e-mails; someone without the permission has no E-mail page. Messages are arranged through the
// API's .eml upload; a small HTTP server on loopback stands in for a sender's image host and
// counts who asked it for the tracking pixel.
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectAccessible, type Farol, launchBrowser, mainText, Pages, PASSWORD, seed, startFarol, type World } from './harness';

let farol: Farol;
let world: World;
let browser: Browser;
let admin: Api;
let images: Server;
let imageHost = '';
let pixelHits = 0;

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

const eml = (lines: string[]) => lines.join('\r\n') + '\r\n';

// From a known customer: a ticket. Its HTML has a script, a tracking pixel and an inline image.
const customerMail = () =>
  eml([
    'From: Carla Customer <carla@acme.test>',
    'To: suporte@farol.test',
    'Subject: Link down at the HQ',
    'Message-ID: <e2e-customer-1@acme.test>',
    'Date: Fri, 04 Dec 2026 10:00:00 -0300',
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: multipart/alternative; boundary="alt"',
    '',
    '--alt',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Olá, the link is down since 9:40.',
    '--alt',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `<p>Olá, the <b>link</b> is down since 9:40.</p><script>parent.document.title = 'pwned'</script>` +
      `<img src="${imageHost}/pixel.png" alt="tracker" width="1" height="1"><img src="cid:graph@acme" alt="traffic graph">` +
      '<p><a href="https://status.acme.test/">status page</a></p>',
    '--alt--',
    '--rel',
    'Content-Type: image/png',
    'Content-ID: <graph@acme>',
    'Content-Disposition: inline; filename="graph.png"',
    'Content-Transfer-Encoding: base64',
    '',
    PNG,
    '--rel--',
  ]);

// From a domain no organisation has: waits for triage.
const strangerMail = (n: number) =>
  eml([
    'From: Sam Stranger <sam@nowhere.test>',
    'To: suporte@farol.test',
    `Subject: Quote for ${n} new circuits`,
    `Message-ID: <e2e-stranger-${n}@nowhere.test>`,
    'Date: Fri, 04 Dec 2026 11:00:00 -0300',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>Could you send us a quote for <i>${n} circuits</i>?</p>`,
  ]);

// No sender: unreadable, quarantined.
const brokenMail = eml(['To: suporte@farol.test', 'Subject: Who sent this', 'Message-ID: <e2e-broken@nowhere.test>', '', 'no From header']);

let customer = { message: 0, ticket: 0 };
let stranger = 0;
let broken = 0;

beforeAll(async () => {
  images = createServer((req, res) => {
    if (req.url === '/pixel.png') pixelHits++;
    res.writeHead(200, { 'Content-Type': 'image/png' }).end(Buffer.from(PNG, 'base64'));
  });
  await new Promise<void>((ok) => images.listen(0, '127.0.0.1', ok));
  imageHost = `http://127.0.0.1:${(images.address() as { port: number }).port}`;
  farol = await startFarol();
  world = await seed(farol);
  browser = await launchBrowser();
  admin = await new Api(farol.url).login(world.admin.email, PASSWORD);
  const upload = (raw: string) => admin.send('/api/v1/mail/messages', raw, 'message/rfc822');
  const c = await upload(customerMail());
  expect(c.outcome).toBe('ticket');
  customer = { message: c.message_id, ticket: c.ticket_id };
  const s = await upload(strangerMail(4));
  expect(s.outcome).toBe('triage');
  stranger = s.message_id;
  const b = await upload(brokenMail);
  expect(b.outcome).toBe('quarantined');
  broken = b.message_id;
});

afterAll(async () => {
  await browser?.close();
  await farol?.stop();
  await new Promise((ok) => images?.close(ok));
});

const pages = new Pages(() => browser, () => farol);
const person = (email: string, locale?: string) => pages.person(email, locale);

// The message's frame: its attributes and its document as the app built it.
async function frame(page: Page, scope = page.locator('main')) {
  const f = scope.locator('iframe.mail-frame');
  await f.waitFor();
  return { sandbox: await f.getAttribute('sandbox'), srcdoc: (await f.getAttribute('srcdoc')) ?? '', locator: f };
}

describe('the mail log', () => {
  it("shows an administrator every message, and one message's HTML only in a sandboxed frame", async () => {
    const page = await person(world.admin.email);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'E-mail' }).click();
    await page.getByRole('heading', { level: 1, name: 'E-mail' }).waitFor();
    const log = page.getByRole('region', { name: 'Every message, newest first' });
    await expect.poll(() => log.getByRole('row').count()).toBe(4);  // the header and three messages
    const row = (subject: string) => log.getByRole('row').filter({ hasText: subject });
    expect(await row('Link down at the HQ').innerText()).toMatch(/Carla Customer\s+carla@acme\.test.*New ticket.*#\d+/s);
    expect(await row('Quote for 4 new circuits').innerText()).toContain("no organisation has the sender's e-mail domain (nowhere.test)");
    // An unreadable message has no sender or subject farol could read: its reason says why.
    expect(await row('Quarantined').innerText()).toMatch(/\(no subject\).*Quarantined.*the message could not be read: the message has no sender address \(From\)/s);
    await expectAccessible(page);

    await row('Link down at the HQ').getByRole('link', { name: 'Link down at the HQ' }).click();
    const message = page.locator('.mail-detail');
    await message.getByRole('heading', { level: 2, name: 'Link down at the HQ' }).waitFor();
    expect(page.url()).toContain(`message=${customer.message}`);
    expect(await message.innerText()).toMatch(/From\s+Carla Customer <carla@acme\.test>/);
    expect(await message.getByRole('link', { name: `#${customer.ticket}` }).getAttribute('href')).toBe(`/tickets/${customer.ticket}`);

    // Isolated: an empty sandbox, the policy first, no script, the remote image held back.
    const before = await frame(page);
    expect(before.sandbox).toBe('');
    expect(before.srcdoc).toMatch(/^<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: cid:; /);
    expect(before.srcdoc).not.toMatch(/<script/i);
    expect(before.srcdoc).toContain(`data-remote-src="${imageHost}/pixel.png"`);
    expect(before.srcdoc).not.toContain(` src="${imageHost}`);
    const inside = page.frameLocator('main iframe.mail-frame');
    await expect.poll(() => inside.locator('body').innerText()).toContain('Olá, the link is down since 9:40.');
    // The inline image is the ticket's file, fetched by the app and given to the frame as data:.
    await expect.poll(() => inside.locator('img[alt="traffic graph"]').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(1);
    expect(await inside.locator('img[alt="traffic graph"]').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await page.title()).not.toBe('pwned');
    expect(pixelHits).toBe(0);
    expect(await message.getByRole('status').filter({ hasText: 'remote image' }).innerText()).toContain(
      'A remote image is not shown: loading it would tell the sender that the message was read, and from where.',
    );
    await expectAccessible(page);

    // Consent: a new document, still sandboxed, with the image's address back in src.
    await message.getByRole('button', { name: 'Show remote images' }).click();
    await message.getByText('Remote images are shown.').waitFor();
    const after = await frame(page);
    expect(after.sandbox).toBe('');
    expect(after.srcdoc).toContain(`<img src="${imageHost}/pixel.png" alt="tracker"`);
    expect(after.srcdoc).toMatch(/img-src data: cid: https: http:;/);
    expect(after.srcdoc).not.toMatch(/<script/i);

    // The original, as a download.
    const download = page.waitForEvent('download');
    await message.getByRole('link', { name: 'Download the original (.eml)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`message-${customer.message}.eml`);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync((await file.path())!, 'utf8')).toContain('Message-ID: <e2e-customer-1@acme.test>');
  });

  // A srcdoc document inherits the page's own Content-Security-Policy as well as its own, and
  // Consent loads the image from its host: the frame's policy and the page's both let it through.
  it('loads a remote image once the reader asks for it, and not before', async () => {
    const page = await person(world.admin.email);
    const before = pixelHits;
    await page.goto(`/mail?message=${customer.message}`);
    const inside = page.frameLocator('main iframe.mail-frame');
    await expect.poll(() => inside.locator('body').innerText()).toContain('Olá, the link is down since 9:40.');
    expect(await inside.locator('img[alt="tracker"]').getAttribute('src')).toBeNull();
    expect(pixelHits).toBe(before);
    await page.locator('.mail-detail').getByRole('button', { name: 'Show remote images' }).click();
    await expect.poll(() => inside.locator('img[alt="tracker"]').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(1);
    expect(pixelHits).toBeGreaterThan(before);
  });

  it('reads a quarantined message again, and takes in an .eml file chosen in the browser', async () => {
    const page = await person(world.admin.email);
    await page.goto('/mail');
    await page.getByRole('navigation', { name: 'Show' }).getByRole('link', { name: 'Quarantined' }).click();
    const log = page.getByRole('region', { name: 'Quarantined messages, newest first' });
    await log.getByRole('link', { name: '(no subject)' }).click();
    const message = page.locator('.mail-detail');
    await message.getByRole('heading', { level: 2, name: '(no subject)' }).waitFor();
    expect(await message.innerText()).toContain('Why\nthe message could not be read: the message has no sender address (From)');
    expect(await message.innerText()).toContain('This message has no formatted (HTML) version to show.');
    await message.getByRole('button', { name: 'Read again' }).click();
    await page.getByText(`Message #${broken} was read again: quarantined.`).waitFor();
    await expect.poll(() => message.innerText()).toMatch(/Times read\s+2/);

    await page.getByRole('button', { name: 'Take in an .eml file' }).click();
    const dialog = page.getByRole('dialog', { name: 'Take in a message from a file' });
    await dialog.getByRole('button', { name: 'Take it in' }).click();
    expect(await dialog.innerText()).toContain('Choose a file first.');
    await dialog.getByLabel('Message file (.eml)').setInputFiles({
      name: 'forwarded.eml',
      mimeType: 'message/rfc822',
      buffer: Buffer.from(
        eml([
          'From: Carla Customer <carla@acme.test>',
          'Subject: Printer on fire',
          'Message-ID: <e2e-uploaded@acme.test>',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Not literally.',
        ]),
      ),
    });
    await dialog.getByRole('button', { name: 'Take it in' }).click();
    await page.getByText('The message was taken in: a new ticket.').waitFor();
    await page.locator('.mail-detail').getByRole('heading', { level: 2, name: 'Printer on fire' }).waitFor();
    const link = page.getByRole('link', { name: /^Open ticket #\d+$/ });
    const ticket = Number(/#(\d+)/.exec(await link.innerText())![1]);
    expect((await admin.ok('GET', `/api/v1/tickets/${ticket}`)).subject).toBe('Printer on fire');
    await page.getByRole('navigation', { name: 'Show' }).getByRole('link', { name: 'All' }).click();
    await page.getByRole('region', { name: 'Every message, newest first' }).getByRole('link', { name: 'Printer on fire' }).waitFor();
    await expectAccessible(page);
  });
});

describe('triage', () => {
  it('lets an agent accept a message for an organisation, then find it on the new ticket', async () => {
    const page = await person(world.alice.email);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'E-mail' }).click();
    await page.getByRole('heading', { level: 1, name: 'E-mail' }).waitFor();
    // Agents have the triage queue only: no other states, no upload.
    expect(await page.getByRole('navigation', { name: 'Show' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Take in an .eml file' }).count()).toBe(0);
    const log = page.getByRole('region', { name: 'Messages waiting for triage, newest first' });
    await log.getByRole('link', { name: 'Quote for 4 new circuits' }).click();
    const message = page.locator('.mail-detail');
    await message.getByRole('heading', { level: 2, name: 'Quote for 4 new circuits' }).waitFor();
    expect(await message.getByRole('button', { name: 'Read again' }).count()).toBe(0);
    await expectAccessible(page);

    await message.getByRole('button', { name: 'Accept into an organisation' }).click();
    const dialog = page.getByRole('dialog', { name: `Accept message #${stranger}` });
    expect(await dialog.innerText()).toContain('The sender (sam@nowhere.test) becomes a contact of the organisation you choose');
    await dialog.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => dialog.innerText()).toContain('is required');
    await dialog.getByLabel('Find the organisation').fill('Globex');
    await expect.poll(() => dialog.getByLabel('Organisation', { exact: true }).locator('option').allInnerTexts()).toContain('Globex');
    await dialog.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Globex' });
    await dialog.getByRole('button', { name: 'Accept' }).click();
    await page.getByText(`Message #${stranger} was accepted: a new ticket.`).waitFor();
    await page.getByText('Nothing waits for triage.').waitFor();
    await expect.poll(() => message.innerText()).toContain('New ticket');

    await page.getByRole('link', { name: /^Open ticket #\d+$/ }).click();
    await page.getByRole('heading', { level: 1, name: /Quote for 4 new circuits/ }).waitFor();
    const emails = page.getByRole('region', { name: 'E-mails' });
    expect(await emails.innerText()).toMatch(/Sam Stranger <sam@nowhere\.test>.*Quote for 4 new circuits.*New ticket/s);
    await emails.getByRole('button', { name: `Show message #${stranger}` }).click();
    await emails.getByRole('heading', { level: 3, name: 'Quote for 4 new circuits' }).waitFor();
    const shown = await frame(page, emails);
    expect(shown.sandbox).toBe('');
    await expect.poll(() => page.frameLocator('main iframe.mail-frame').locator('body').innerText()).toContain('Could you send us a quote for 4 circuits?');
    expect((await admin.ok('GET', `/api/v1/contacts?organisation_id=${world.globex.id}`)).items.map((c: { email: string }) => c.email)).toContain('sam@nowhere.test');
    await expectAccessible(page);
  });

  it("shows a ticket's e-mails in Portuguese with the same viewer, remote images held back", async () => {
    const page = await person(world.bob.email);
    await page.getByLabel('Language').selectOption('pt-BR');
    // The choice is saved once the page speaks Portuguese: going on before that could beat it.
    await page.getByLabel('Idioma').waitFor();
    await page.goto(`/tickets/${customer.ticket}`);
    const emails = page.getByRole('region', { name: 'E-mails' });
    await emails.getByRole('button', { name: `Mostrar a mensagem #${customer.message}` }).click();
    await emails.getByRole('heading', { level: 3, name: 'Link down at the HQ' }).waitFor();
    expect(await emails.innerText()).toContain('Uma imagem remota não é mostrada');
    const shown = await frame(page, emails);
    expect(shown.sandbox).toBe('');
    expect(shown.srcdoc).toContain(`data-remote-src="${imageHost}/pixel.png"`);
    await emails.getByRole('button', { name: `Ocultar a mensagem #${customer.message}` }).click();
    expect(await emails.locator('iframe').count()).toBe(0);
  });

  it('has no E-mail page for staff without the permission', async () => {
    await admin.ok('POST', '/api/v1/users', {
      email: 'gil.guardian@farol.test', name: 'Gil Guardian', role: 'guardian', tier: 'N1', password: PASSWORD, locale: 'en', time_zone: 'UTC',
    });
    const page = await person('gil.guardian@farol.test');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'E-mail' }).count()).toBe(0);
    await page.goto('/mail');
    await page.getByRole('heading', { level: 1, name: 'E-mail' }).waitFor();
    expect(await mainText(page)).toContain('The mail log is for administrators');
  });
});
