// Customers sign in by a link in an e-mail, against a real farol with a real mail server: a portal
// contact asks for a link on the sign-in page, the e-mail arrives with it, opening it lands the
// contact signed in on the portal with their tickets, and the link works only once. An address
// with no portal account gets the same answer and no e-mail. The page in Portuguese; and without
// a mail server, the plain refusal.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Api,
  expectAccessible,
  type Farol,
  launchBrowser,
  mainText,
  newPage,
  Pages,
  PASSWORD,
  seed,
  type SmtpSink,
  startFarol,
  startSmtpSink,
  type World,
} from './harness';

// The address farol puts in its e-mails. The test server listens on a port chosen when it starts,
// so the links name this address and the test opens their path on the test server.
const PUBLIC_URL = 'https://portal.farol.example';

let farol: Farol;
let smtp: SmtpSink;
let world: World;
let browser: Browser;
let alice: Api;
let admin: Api;

beforeAll(async () => {
  smtp = await startSmtpSink();
  farol = await startFarol({
    env: { FAROL_SMTP_URL: smtp.url, FAROL_SMTP_FROM: 'farol@farol.test', FAROL_PUBLIC_URL: PUBLIC_URL, FAROL_SCHEDULER_TICK_MS: '100' },
  });
  world = await seed(farol);
  browser = await launchBrowser();
  alice = await new Api(farol.url).login(world.alice.email, PASSWORD);
  admin = await new Api(farol.url).login(world.admin.email, PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await farol?.stop();
  await smtp?.stop();
});

const pages = new Pages(() => browser, () => farol);
const browse = (locale?: string) => pages.browse(locale);

// The e-mails sent to `email` so far.
const mailTo = (email: string) => smtp.messages().filter((msg) => new RegExp(`^To: ${email.replace(/[.+]/g, '\\$&')}\\s*$`, 'mi').test(msg));

// The sign-in links in an e-mail (quoted-printable or not).
function linksIn(msg: string): string[] {
  const text = msg.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  return [...text.matchAll(/(\S+\/signin\/link\?token=[\w-]+)/g)].map((m) => m[1]);
}

// Waits for an e-mail to `email` with a sign-in link not seen before, and returns it (the
// Maildir's files are in no particular order).
const seen = new Set<string>();
async function nextLink(email: string): Promise<{ link: string; message: string }> {
  let found = { link: '', message: '' };
  await expect
    .poll(
      () => {
        for (const message of mailTo(email)) {
          const link = linksIn(message).find((l) => !seen.has(l));
          if (link) found = { link, message };
        }
        return found.link;
      },
      { timeout: 15_000 },
    )
    .not.toBe('');
  seen.add(found.link);
  return found;
}

// Opens an e-mailed link the way a mail program would (a new load of the address), on the test server.
async function openLink(page: Page, link: string) {
  const url = new URL(link);
  await page.goto(url.pathname + url.search);
}

// The sign-in page's "E-mail me a sign-in link", filled with `email` and sent.
async function askForLink(page: Page, email: string, words = { ask: 'E-mail me a sign-in link', field: 'Your e-mail address', send: 'Send' }) {
  await page.getByRole('button', { name: words.ask }).click();
  await page.getByLabel(words.field).fill(email);
  await page.getByRole('button', { name: words.send, exact: true }).click();
}

const ON_ITS_WAY = 'If this address has a portal account, a sign-in link is on its way. It works once, for 15 minutes.';
const NOT_VALID = 'This sign-in link is not valid any more. Ask for a new one.';

let carlasLink = '';
let subject = '';

describe('a portal contact signs in by a link', () => {
  it('asks for it on the sign-in page (field messages first)', async () => {
    subject = 'Fibre cut on Avenida Paulista';
    await alice.ok('POST', '/api/v1/tickets', {
      organisation_id: world.acme.id,
      requester_id: world.carla.id,
      type: 'incident',
      subject,
      description: 'The building lost its fibre at 8:40.',
      priority: 'P3',
      priority_reason: 'one site',
      team_id: world.team.id,
    });
    const page = await browse();
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Sign in to farol' }).waitFor();
    await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
    await page.getByRole('heading', { level: 2, name: 'Sign in with a link by e-mail' }).waitFor();
    // The password form gave way to the link form (one e-mail field on the page), which has the focus.
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('email');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const field = page.getByLabel('Your e-mail address');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(await mainText(page)).toContain('is required');
    expect(await page.getByRole('alert').innerText()).toContain('Please correct the highlighted fields.');
    await field.fill('carla at acme');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => mainText(page)).toContain('is not an e-mail address');
    await expectAccessible(page);

    await field.fill(world.carla.email);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => mainText(page)).toContain(ON_ITS_WAY);
    expect(await page.getByRole('status').filter({ hasText: ON_ITS_WAY }).count()).toBe(1);
    expect(await page.getByLabel('Your e-mail address').count()).toBe(0);
    await expectAccessible(page);
  });

  it('gets an e-mail with a link to this farol', async () => {
    const { link } = await nextLink(world.carla.email);
    carlasLink = link;
    expect(link).toMatch(new RegExp(`^${PUBLIC_URL.replace(/[.]/g, '\\.')}/signin/link\\?token=[\\w-]{20,}$`));
    expect(mailTo(world.carla.email)).toHaveLength(1);
  });

  it('opens it and lands signed in on the portal, with their tickets; the token leaves the address', async () => {
    const page = await browse();
    await openLink(page, carlasLink);
    await page.getByRole('heading', { level: 1, name: 'My tickets' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/portal');
    expect(page.url()).not.toContain('token');
    await expect.poll(() => mainText(page)).toContain(subject);
    expect(await page.locator('header').innerText()).toContain('Carla Customer');
    // Nothing in the history holds the token either: back goes to where the tab was before.
    expect(await page.evaluate(() => history.length)).toBeLessThanOrEqual(2);
    await expectAccessible(page);
    // A real session (the cookie): still signed in after a reload, and allowed to write (CSRF).
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'My tickets' }).waitFor();
    await page.getByRole('link', { name: subject }).first().click();
    await page.getByRole('heading', { level: 1, name: new RegExp(subject) }).waitFor();
    expect((page as Page & { jsErrors?: string[] }).jsErrors ?? []).toEqual([]);
  });

  it('is refused when opened again, with a way to ask for a new one', async () => {
    const page = await browse();
    await openLink(page, carlasLink);
    await page.getByRole('heading', { level: 1, name: 'Sign-in link' }).waitFor();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain(NOT_VALID);
    expect(page.url()).not.toContain('token');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Ask for a new sign-in link' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to farol' }).waitFor();
    // The sign-in page opens on the link form.
    await page.getByLabel('Your e-mail address').waitFor();
    await page.getByRole('button', { name: 'Sign in with a password instead' }).click();
    await page.getByLabel('Password').waitFor();
  });
});

describe('an address with no portal account', () => {
  it('gets the same answer, and no e-mail', async () => {
    const page = await browse();
    await page.goto('/');
    await askForLink(page, 'nobody@acme.test');
    await expect.poll(() => mainText(page)).toContain(ON_ITS_WAY);
    // Staff sign in with their password: the same answer, no link.
    await page.getByRole('button', { name: 'Use another address' }).click();
    await page.getByLabel('Your e-mail address').fill(world.alice.email);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => mainText(page)).toContain(ON_ITS_WAY);
    // Then a contact's: once theirs has arrived, the two before would have too.
    await page.getByRole('button', { name: 'Use another address' }).click();
    await page.getByLabel('Your e-mail address').fill(world.dave.email);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => mainText(page)).toContain(ON_ITS_WAY);
    await nextLink(world.dave.email);
    await new Promise((ok) => setTimeout(ok, 1000));
    expect(mailTo('nobody@acme.test')).toEqual([]);
    expect(mailTo(world.alice.email)).toEqual([]);
    // Nor is one waiting to be sent.
    const queued = (await admin.ok('GET', '/api/v1/alerts/deliveries?limit=200')).items as Array<{ recipient: string; body: string }>;
    expect(queued.map((d) => d.recipient)).not.toContain('nobody@acme.test');
    expect(queued.map((d) => d.recipient)).not.toContain(world.alice.email);
    // And the delivery log never shows a link an admin could use.
    for (const d of queued) expect(d.body).not.toMatch(/signin\/link\?token=/);
  });
});

describe('in Portuguese', () => {
  it('asks for a link, and says a used link is not valid any more', async () => {
    const page = await browse('pt-BR');
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Entrar no farol' }).waitFor();
    await page.getByRole('button', { name: 'Receber um link de acesso por e-mail' }).click();
    await page.getByRole('heading', { level: 2, name: 'Entrar com um link por e-mail' }).waitFor();
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect.poll(() => mainText(page)).toContain('é obrigatório');
    expect(await page.getByRole('alert').innerText()).toContain('Corrija os campos destacados.');
    await expectAccessible(page);
    await page.getByLabel('Seu endereço de e-mail').fill(world.dave.email);
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect
      .poll(() => mainText(page))
      .toContain('Se este endereço tiver uma conta no portal, um link de acesso está a caminho. Ele funciona uma vez, por 15 minutos.');
    await expectAccessible(page);

    const used = await browse('pt-BR');
    await openLink(used, carlasLink);
    await used.getByRole('heading', { level: 1, name: 'Link de acesso' }).waitFor();
    await expect.poll(() => used.getByRole('alert').innerText()).toContain('Este link de acesso não é mais válido. Peça um novo.');
    expect(await used.getByRole('link', { name: 'Pedir um novo link de acesso' }).count()).toBe(1);
    await expectAccessible(used);

    // Dave's other link (never used) signs him in.
    const { link } = await nextLink(world.dave.email);
    const mine = await browse('pt-BR');
    await openLink(mine, link);
    await mine.getByRole('heading', { level: 1, name: 'My tickets' }).waitFor();
    expect(await mine.locator('header').innerText()).toContain('Dave Other');
  });
});

describe('without a mail server', () => {
  let plain: Farol | undefined;
  afterAll(async () => {
    await plain?.stop();
  });

  it('says plainly to sign in with the password', async () => {
    plain = await startFarol();
    const { context, page } = await newPage(browser, plain);
    pages.current = page;
    try {
      await page.goto('/');
      await askForLink(page, 'carla@acme.test');
      await expect.poll(() => page.getByRole('alert').innerText()).toContain('Sign-in links need an e-mail server; sign in with your password.');
      await page.getByLabel('Language').selectOption('pt-BR');
      await page.getByRole('button', { name: 'Enviar', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').innerText()).toContain('Os links de acesso precisam de um servidor de e-mail; entre com a sua senha.');
      await expectAccessible(page);
    } finally {
      await context.close();
    }
  });
});
