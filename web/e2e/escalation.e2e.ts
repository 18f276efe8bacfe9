// The escalation matrix in the browser, against a real farol with a real mail server: a P1
// incident fires level 1 on its own (the seed matrix of the default policy), an agent acknowledges
// it on the ticket page, the escalation log lists it, a customer asks to escalate from the portal,
// and the signed link in the e-mail acknowledges a level only when its button is pressed.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Api,
  expectAccessible,
  type Farol,
  launchBrowser,
  Pages,
  PASSWORD,
  seed,
  type SmtpSink,
  startFarol,
  startSmtpSink,
  type World,
} from './harness';

let farol: Farol;
let smtp: SmtpSink;
let world: World;
let browser: Browser;
let alice: Api;  // agent, team Network (level 1 of the seed matrix tells the ticket's team)

beforeAll(async () => {
  smtp = await startSmtpSink();
  farol = await startFarol({
    env: { FAROL_SMTP_URL: smtp.url, FAROL_SMTP_FROM: 'farol@farol.test', FAROL_SCHEDULER_TICK_MS: '100' },
  });
  world = await seed(farol);
  browser = await launchBrowser();
  alice = await new Api(farol.url).login(world.alice.email, PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await farol?.stop();
  await smtp?.stop();
});

const pages = new Pages(() => browser, () => farol);
const person = (email: string, locale?: string) => pages.person(email, locale);
const browse = (locale?: string) => pages.browse(locale);

// A P1 incident opened by staff for Acme's contact, on team Network.
async function openP1(subject: string): Promise<number> {
  const t = await alice.ok('POST', '/api/v1/tickets', {
    organisation_id: world.acme.id,
    requester_id: world.carla.id,
    type: 'incident',
    subject,
    description: 'Every site of the customer lost its uplink.',
    priority: 'P1',
    priority_reason: 'a whole customer is down',
    team_id: world.team.id,
  });
  return t.id;
}

// The acknowledgement link e-mailed to `email` for level 1 of `ticketId` (waits for the mail).
async function ackLink(email: string, ticketId: number): Promise<string> {
  let token = '';
  await expect
    .poll(
      () => {
        for (const msg of smtp.messages()) {
          if (!new RegExp(`^To: ${email}$`, 'm').test(msg) || !msg.includes(`Ticket: #${ticketId} `)) continue;
          token = /^Acknowledge: \S+\/ack\/(\S+)$/m.exec(msg)?.[1] ?? '';
        }
        return token;
      },
      { timeout: 15_000 },
    )
    .not.toBe('');
  return token;
}

// Opens the e-mail's link. farol answers a direct load of /ack/<token> with a JSON 404 today (its
// static-file server takes the dots of the token for a file name: see the last test), so a link
// that cannot be loaded directly is reached the way the app navigates, without a reload.
async function openAckLink(page: Page, token: string) {
  const direct = await page.goto(`/ack/${token}`);
  if (direct?.status() === 404 && (direct.headers()['content-type'] ?? '').includes('json')) {
    await page.goto('/ack/-');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.evaluate((to) => {
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/ack/${token}`);
  }
}

const levelOf = async (ticketId: number, level: number) =>
  ((await alice.ok('GET', `/api/v1/tickets/${ticketId}/escalations`)).items as Array<{ level: number; acknowledged_at: string | null; via: string | null }>).find(
    (x) => x.level === level,
  );

let acknowledgedInApp = 0;  // its level 1 is acknowledged on the ticket page
let byLink = 0;  // its level 1 is acknowledged from the e-mail

describe('the ticket page', () => {
  it('shows level 1 within seconds of a P1 opening; an agent acknowledges it there', async () => {
    acknowledgedInApp = await openP1('Core router down in São Paulo');
    const page = await person(world.alice.email);
    await page.goto(`/tickets/${acknowledgedInApp}`);
    await page.getByRole('heading', { level: 1, name: /Core router down/ }).waitFor();
    const panel = page.locator('section.escalation');
    // The scheduler fires the level on its own; the page shows it as soon as it has.
    await expect.poll(() => panel.innerText(), { timeout: 15_000 }).toMatch(/Level 1 — NOC \/ N1 team\s*Open/);
    const text = await panel.innerText();
    expect(text).toContain('the ticket was opened');
    expect(text).toMatch(/Told\s*Alice Agent, Bob Backline|Told\s*Bob Backline, Alice Agent/);
    expect(text).toMatch(/due in (1 h 5\d min|2 h)/);  // 120 business minutes, around the clock
    expect(text).toMatch(/Next: level 2 — NOC manager/);
    // The terms the ticket is measured by.
    expect(await page.locator('section.sla').innerText()).toMatch(/Contract\s*None \(default terms\)[\s\S]*SLA policy\s*Default policy[\s\S]*Calendar\s*Default calendar/);
    // (The level's name and cause are in the event's to/from, which the API leaves out today.)
    await expect.poll(() => page.locator('.timeline').innerText()).toMatch(/Escalated to level 1 — NOC \/ N1 team \(the ticket was opened\)\. Told: /);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Acknowledge (level 1 of ticket' }).click();
    await expect.poll(() => panel.innerText()).toMatch(/Level 1 — NOC \/ N1 team\s*Acknowledged/);
    expect(await panel.innerText()).toMatch(/Acknowledged by Alice Agent, .*, in farol — in time/);
    expect(await panel.getByRole('button', { name: /^Acknowledge/ }).count()).toBe(0);
    await expect.poll(() => page.locator('.timeline').innerText()).toMatch(/Level 1[^\n]* acknowledged by Alice Agent \(in farol\)\./);
    expect((await levelOf(acknowledgedInApp, 1))?.via).toBe('app');
    await expectAccessible(page);
  });
});

describe('the customer-update promise', () => {
  it('shows the third clock once the first response opens a cycle', async () => {
    const admin = await new Api(farol.url).login(world.admin.email, PASSWORD);
    const policy = await admin.ok('GET', '/api/v1/settings/sla-policy');
    for (const t of policy.targets) if (t.type === 'incident' && t.priority === 'P2') t.update_minutes = 60;
    await admin.ok('PUT', '/api/v1/settings/sla-policy', policy);
    const t = await alice.ok('POST', '/api/v1/tickets', {
      organisation_id: world.acme.id,
      requester_id: world.carla.id,
      type: 'incident',
      subject: 'Latency on the MPLS link',
      description: 'Pings of 400 ms since the morning.',
      priority: 'P2',
      priority_reason: 'degraded, not down',
      team_id: world.team.id,
    });
    const page = await person(world.alice.email);
    await page.goto(`/tickets/${t.id}`);
    const sla = page.locator('section.sla');
    await expect.poll(() => sla.innerText()).toMatch(/Customer updates\s*No update cycle yet/);
    await page.getByLabel('Your reply to the customer').fill('We are looking at the link now.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => sla.innerText()).toMatch(/Customer updates\s*Running\s*Due in (\d+ min|1 h)[\s\S]*Cycle 1; cycles missed: 0/);
    // A P2 is outside the seed matrix: no escalation panel.
    expect(await page.locator('section.escalation').count()).toBe(0);
    await expectAccessible(page);
  });
});

describe('the escalation log', () => {
  it('lists each level with its state in words, and acknowledges from the list', async () => {
    byLink = await openP1('Branch office offline');
    const fromList = await openP1('Voice trunk down');
    await expect.poll(async () => (await levelOf(byLink, 1)) !== undefined, { timeout: 15_000 }).toBe(true);
    await expect.poll(async () => (await levelOf(fromList, 1)) !== undefined, { timeout: 15_000 }).toBe(true);
    const page = await person(world.bob.email);
    // The queues mark a ticket whose level waits, in words.
    await page.goto('/queues/open');
    await expect.poll(() => page.getByRole('row', { name: /Branch office offline/ }).innerText()).toContain('Escalated · L1');
    expect(await page.getByRole('row', { name: /Core router down/ }).innerText()).not.toContain('Escalated');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Escalations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Escalations' }).waitFor();
    // Waiting for acknowledgement (the default): the new ticket's level, not the acknowledged one.
    const waiting = page.getByRole('row', { name: /Branch office offline/ });
    await waiting.waitFor();
    expect(await waiting.innerText()).toMatch(/Level 1 — NOC \/ N1 team[\s\S]*the ticket was opened[\s\S]*due in[\s\S]*Open/);
    expect(await page.getByRole('row', { name: /Core router down/ }).count()).toBe(0);
    await expectAccessible(page);
    // Acknowledged from the list: the row says so at once (and keeps its place until the next look).
    const trunk = page.getByRole('row', { name: /Voice trunk down/ });
    await trunk.getByRole('button', { name: /^Acknowledge/ }).click();
    await expect.poll(() => trunk.innerText()).toMatch(/Acknowledged[\s\S]*Bob Backline, .*, in farol — in time/);
    expect(await trunk.getByRole('button').count()).toBe(0);
    expect((await levelOf(fromList, 1))?.via).toBe('app');

    await page.getByRole('link', { name: 'Acknowledged', exact: true }).click();
    await expect.poll(() => page.url()).toContain('state=acknowledged');
    const done = page.getByRole('row', { name: /Core router down/ });
    await done.waitFor();
    expect(await done.innerText()).toMatch(/Acknowledged[\s\S]*Alice Agent, .*, in farol — in time/);
    expect(await done.getByRole('button').count()).toBe(0);

    await page.getByRole('link', { name: 'All', exact: true }).click();
    await page.getByRole('row', { name: /Branch office offline/ }).waitFor();
    expect(await page.getByRole('row', { name: /Core router down/ }).count()).toBe(1);
    await expectAccessible(page);
  });
});

describe('a customer asks to escalate', () => {
  let watching: Page;  // an agent's ticket page, open while the customer asks

  it('from the portal, with a reason; sees the level it moved to, and why a second request must wait', async () => {
    watching = await person(world.alice.email);
    await watching.goto(`/tickets/${acknowledgedInApp}`);
    await watching.locator('section.escalation').getByText(/Level 1 — NOC \/ N1 team/).waitFor();
    const page = await person(world.carla.email);
    await page.goto(`/portal/tickets/${acknowledgedInApp}`);
    const card = page.locator('section.escalation');
    await expect.poll(() => card.innerText()).toMatch(/Escalation reached: Level 1 — NOC \/ N1 team, since/);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Ask to escalate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Ask to escalate this ticket' });
    await dialog.getByRole('button', { name: 'Send the request' }).click();
    await expect.poll(() => dialog.innerText()).toContain('Tell us why, in a few words.');
    await expectAccessible(page);
    await dialog.getByLabel(/^Why it needs escalating/).fill('All 40 branches are offline and the stores open at 9.');

    // Meanwhile a second tab on the same ticket, its own request typed but not yet sent.
    const other = await page.context().newPage();
    await other.goto(`/portal/tickets/${acknowledgedInApp}`);
    await other.getByRole('button', { name: 'Ask to escalate' }).click();
    await other.getByLabel(/^Why it needs escalating/).fill('Asking again from the other tab.');

    await dialog.getByRole('button', { name: 'Send the request' }).click();
    await expect.poll(() => card.innerText()).toContain('Your request was sent: the ticket moved to level 2 — NOC manager.');
    expect(await dialog.isVisible()).toBe(false);
    await expect.poll(() => card.innerText()).toMatch(/Escalation reached: Level 2 — NOC manager, since/);
    expect(await card.innerText()).toMatch(/You asked to escalate this ticket recently\. You can ask again after \d/);
    expect(await card.getByRole('button', { name: 'Ask to escalate' }).count()).toBe(0);
    // The request is on the ticket's history for the customer too.
    await expect.poll(() => page.locator('.timeline').innerText()).toMatch(/Carla Customer asked to escalate to level 2[^:]*: All 40 branches are offline/);
    expect(await page.locator('.timeline').innerText()).not.toMatch(/Escalated to level/);  // staff only
    await expectAccessible(page);

    // The second try, from the other tab: refused, with when it will be possible, in local time.
    await other.getByRole('button', { name: 'Send the request' }).click();
    await expect
      .poll(() => other.getByRole('dialog').getByRole('alert').innerText())
      .toMatch(/You asked to escalate this ticket recently\. You can ask again after \d+\/\d+\/\d+, \d+:\d\d\s[AP]M\./);
    await other.close();
  });

  it('and staff see the request on the timeline and in the escalation panel at once, without reloading', async () => {
    const page = watching;
    pages.current = page;
    await expect.poll(() => page.locator('.timeline').innerText()).toMatch(/Carla Customer asked to escalate to level 2[^:]*: All 40 branches are offline/);
    const panel = page.locator('section.escalation');
    await expect.poll(() => panel.innerText()).toMatch(/Level 2 — NOC manager\s*Open[\s\S]*Carla Customer \(customer\) asked/);
    await expect.poll(() => page.locator('.timeline').innerText()).toMatch(/Escalated to level 2 — NOC manager \(the customer asked\)\./);
  });

  it('in Portuguese too', async () => {
    const page = await person(world.carla.email, 'pt-BR');
    // Switched on the page itself: a reload right after switching could beat the saved choice.
    await page.goto(`/portal/tickets/${acknowledgedInApp}`);
    await page.getByLabel('Language').selectOption('pt-BR');
    const card = page.locator('section.escalation');
    await expect.poll(() => card.innerText()).toMatch(/Escalonamento atual: Nível 2 — NOC manager, desde/);
    expect(await card.innerText()).toMatch(/Você pediu para escalar este chamado há pouco\. Poderá pedir de novo depois de \d/);
    await page.getByLabel('Idioma').selectOption('en');
  });
});

describe('the acknowledgement link in the e-mail', () => {
  it('shows a plain page for a tampered or unknown link', async () => {
    const token = await ackLink(world.alice.email, byLink);
    const page = await browse();
    await openAckLink(page, token.slice(0, -1) + (token.endsWith('0') ? '1' : '0'));
    await page.getByRole('heading', { level: 1, name: 'This link is not valid or has expired' }).waitFor();
    expect(await page.locator('main').innerText()).toContain('Open the ticket in farol instead');
    await expectAccessible(page);
    await page.goto('/ack/not-a-token');
    await page.getByRole('heading', { level: 1, name: 'This link is not valid or has expired' }).waitFor();
    expect((await levelOf(byLink, 1))?.acknowledged_at).toBeNull();
  });

  it('acknowledges when its button is pressed, never by being opened', async () => {
    const token = await ackLink(world.alice.email, byLink);
    const page = await browse();  // not signed in
    await openAckLink(page, token);
    await page.getByRole('heading', { level: 1, name: 'Acknowledge an escalation' }).waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/Ticket\s*#\d+ Branch office offline/);
    expect(text).toMatch(/Level\s*Level 1 — NOC \/ N1 team/);
    expect(text).toMatch(/Deadline\s*.*due in/);
    expect(text).toMatch(/Sent to\s*Alice Agent/);
    await expectAccessible(page);
    // Opened, even reloaded: nothing recorded.
    await openAckLink(page, token);
    await page.getByRole('button', { name: 'Acknowledge' }).waitFor();
    expect((await levelOf(byLink, 1))?.acknowledged_at).toBeNull();

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => page.locator('main').innerText()).toContain('Thank you, Alice Agent: level 1 of ticket');
    expect((await levelOf(byLink, 1))?.via).toBe('link');
    await expectAccessible(page);

    // Opened again later (or by Bob, from his own e-mail): already done, by whom and how.
    await openAckLink(page, await ackLink(world.bob.email, byLink));
    await expect.poll(() => page.locator('main').innerText()).toMatch(/already acknowledged by Alice Agent, .*, from the e-mail link/);
    expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);

    // And staff see how it was acknowledged.
    const staff = await person(world.bob.email);
    await staff.goto(`/tickets/${byLink}`);
    await expect.poll(() => staff.locator('.timeline').innerText()).toMatch(/acknowledged by Alice Agent \(from the e-mail link\)\./);
    expect(await staff.locator('section.escalation').innerText()).toMatch(/Acknowledged by Alice Agent, .*, from the e-mail link/);
  });

  // The link is a page address of the app (its token has no dots, which would make it look like a
  // file name to the static-file server).
  it('opens as a page when loaded straight from the e-mail', async () => {
    const token = await ackLink(world.alice.email, byLink);
    const page = await browse();
    const res = await page.goto(`/ack/${token}`);
    expect(res?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Acknowledge an escalation' }).waitFor({ timeout: 3000 });
  });
});
