// The web app end to end, in Chromium against a real farol: what people see and do.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Api,
  expectAccessible,
  type Farol,
  launchBrowser,
  mainText,
  Pages,
  PASSWORD,
  seed,
  startFarol,
  type World,
} from './harness';

let farol: Farol;
let world: World;
let browser: Browser;

beforeAll(async () => {
  farol = await startFarol();
  world = await seed(farol);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await farol?.stop();
});

const pages = new Pages(() => browser, () => farol);
const person = (email: string, locale?: string) => pages.person(email, locale);

const text = mainText;

let ticketId = 0;

describe('signing in', () => {
  it('explains a wrong password in plain words, keeps the e-mail, then lets the right one in', async () => {
    const page = await pages.browse();
    await page.goto('/');
    await expectAccessible(page);
    await page.getByLabel('E-mail address').fill(world.alice.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('The e-mail address or password is not right.');
    expect(await page.getByLabel('E-mail address').inputValue()).toBe(world.alice.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Assigned to me' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to farol' }).waitFor();
  });

  it('makes a user with a generated password choose a new one first', async () => {
    const admin = await new Api(farol.url).login(world.admin.email, PASSWORD);
    const temp = 'temporary-pass-123';
    await admin.ok('POST', `/api/v1/users/${world.bob.id}/password`, { password: temp, must_change_password: true });
    const page = await pages.browse();
    await page.goto('/');
    await page.getByLabel('E-mail address').fill(world.bob.email);
    await page.getByLabel('Password').fill(temp);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The only thing possible now is choosing a new password.
    await page.getByLabel('Current password').fill(temp);
    await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('New password again').fill(PASSWORD);
    await page.getByRole('button', { name: /Change password/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Assigned to me' }).waitFor();
  });
});

describe('a customer opens a ticket and an agent works it', () => {
  it('the contact opens a ticket with a file from the portal', async () => {
    const page = await person(world.carla.email);
    await page.getByRole('heading', { level: 1, name: 'My tickets' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'New ticket' }).first().click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByLabel(/^Subject/).fill('VPN drops every 10 minutes');
    await page.getByLabel(/^Description/).fill('Since Monday the VPN to the São Paulo office drops.\nIt reconnects after a minute.');
    await page.getByLabel(/^Urgency/).selectOption('high');
    await page.getByLabel(/^Site/).selectOption({ label: 'São Paulo HQ — São Paulo' });
    await page.getByLabel(/Attach/).setInputFiles({ name: 'vpn.log', mimeType: 'text/plain', buffer: Buffer.from('12:00 tunnel down\n12:01 tunnel up\n') });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send ticket' }).click();
    await page.getByRole('heading', { level: 1, name: /VPN drops every 10 minutes/ }).waitFor();
    ticketId = Number(/\/portal\/tickets\/(\d+)/.exec(page.url())![1]);
    expect(ticketId).toBeGreaterThan(0);
    await expect.poll(() => text(page)).toContain('vpn.log');
    await expectAccessible(page);
  });

  it('the agent finds it in the unassigned queue with the keyboard, replies with a file and resolves it', async () => {
    const page = await person(world.alice.email);
    await page.getByRole('link', { name: 'Unassigned' }).click();
    await page.getByRole('heading', { level: 1, name: 'Unassigned' }).waitFor();
    const row = page.getByRole('row', { name: /VPN drops every 10 minutes/ });
    await row.waitFor();
    // Its SLA column counts down to the first response (the default policy: around the clock).
    await expect.poll(() => row.innerText()).toMatch(/Response in \d/);
    await expectAccessible(page);
    // Sorting by a column puts the choice in the address bar, ready to bookmark.
    await page.getByRole('button', { name: /^Priority/ }).click();
    await expect.poll(() => page.url()).toContain('sort=priority');
    // Keyboard: focus the row and open it with Enter.
    await page.getByRole('row', { name: /VPN drops every 10 minutes/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /VPN drops every 10 minutes/ }).waitFor();
    expect(page.url()).toContain(`/tickets/${ticketId}`);
    // The service level (the default policy, around the clock): both clocks running, with a countdown.
    const sla = page.locator('section.sla');
    await expect.poll(() => sla.innerText()).toMatch(/First response\s*Running[\s\S]*Due in[\s\S]*Resolution\s*Running/);
    await expectAccessible(page);

    // An internal note first: it says plainly that the customer will not see it.
    await page.getByRole('radio', { name: /Internal note/ }).check();
    await expect.poll(() => text(page)).toContain('only staff will see it');
    await page.getByLabel('Your internal note').fill('Customer router firmware is old; suspect keepalive.');
    await page.getByRole('button', { name: 'Add internal note' }).click();
    await page.getByText('Internal note added.').waitFor();
    const note = page.locator('.timeline .entry.note').filter({ hasText: 'keepalive' });
    await expect.poll(() => note.innerText()).toMatch(/Internal note[\s\S]*Not visible to the customer/i);
    expect(await sla.innerText()).toMatch(/First response\s*Running/);  // a note is not a response

    // Then the public reply, with a file, resolving the ticket.
    await page.getByRole('radio', { name: 'Reply to customer' }).check();
    await page.getByLabel('Your reply to the customer').fill('We raised the keepalive interval; please check now.');
    await page.locator('.composer').getByLabel(/Attach/).setInputFiles({ name: 'fix.txt', mimeType: 'text/plain', buffer: Buffer.from('keepalive 10\n') });
    await page.getByLabel('Then set the status to').selectOption('resolved');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Reply sent.').waitFor();
    await expect.poll(() => page.locator('.ticket-head').innerText()).toContain('Resolved');
    // Answered and resolved within the targets: both clocks stopped and met.
    await expect.poll(() => sla.innerText()).toMatch(/First response\s*Met[\s\S]*Stopped[\s\S]*Resolution\s*Met/);
    const reply = page.locator('.timeline .entry.reply').filter({ hasText: 'keepalive interval' });
    await expect.poll(() => reply.innerText()).toContain('fix.txt');
    expect(await reply.innerText()).not.toMatch(/Not visible/);
    // The draft is gone once sent.
    expect(await page.getByLabel('Your reply to the customer').inputValue()).toBe('');
  });

  it('the contact sees the reply but never the note, and rates the ticket', async () => {
    const page = await person(world.carla.email);
    await page.goto(`/portal/tickets/${ticketId}`);
    await page.getByRole('heading', { level: 1, name: /VPN drops/ }).waitFor();
    await expect.poll(() => text(page)).toContain('We raised the keepalive interval');
    const body = await text(page);
    expect(body).not.toContain('keepalive.');  // the internal note's text
    expect(body).not.toContain('router firmware');
    expect(body).toContain('fix.txt');
    await page.getByRole('radio', { name: /4 stars — satisfied/ }).check();
    await page.getByLabel(/^Comment/).fill('Quick and clear, thanks.');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send rating' }).click();
    await expect.poll(() => text(page)).toContain('Quick and clear, thanks.');
  });

  it('the agent sees the rating on the ticket', async () => {
    const page = await person(world.alice.email);
    await page.goto(`/tickets/${ticketId}`);
    await page.getByRole('heading', { level: 1, name: /VPN drops/ }).waitFor();
    await expect.poll(() => text(page)).toContain('Quick and clear, thanks.');
    expect(await page.getByRole('img', { name: '4 of 5 stars' }).count()).toBeGreaterThan(0);
  });
});

describe('one customer never sees another', () => {
  it("refuses another organisation's contact, in the page and in the API", async () => {
    const page = await person(world.dave.email);
    await page.getByRole('heading', { level: 1, name: 'My tickets' }).waitFor();
    expect(await text(page)).not.toContain('VPN drops');
    await page.goto(`/portal/tickets/${ticketId}`);
    await expect.poll(() => text(page)).toMatch(/not found|Not found/i);
    expect(await text(page)).not.toContain('VPN drops');
    const status = await page.evaluate(async (id) => (await fetch(`/api/v1/tickets/${id}`)).status, ticketId);
    expect(status).toBe(404);
  });
});

describe('languages', () => {
  it('switches to Portuguese, formats dates the Brazilian way, and remembers the choice', async () => {
    const page = await person(world.alice.email);
    await page.getByRole('heading', { level: 1, name: 'Assigned to me' }).waitFor();
    await page.getByLabel('Language').selectOption('pt-BR');
    await page.getByRole('heading', { level: 1, name: 'Atribuídos a mim' }).waitFor();
    expect(await page.getAttribute('.app', 'lang')).toBe('pt-BR');
    await page.goto(`/tickets/${ticketId}`);
    await page.getByRole('heading', { level: 2, name: 'Histórico' }).waitFor();
    // dd/mm/yyyy, hh:mm in the viewer's time zone
    expect(await page.locator('.timeline time').first().innerText()).toMatch(/^\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}$/);
    await expectAccessible(page);
    // Remembered for the person, not the browser: a new browser signs in in Portuguese.
    const again = await person(world.alice.email, 'en-US');
    await again.getByRole('heading', { level: 1, name: 'Atribuídos a mim' }).waitFor();
    await again.getByLabel('Idioma').selectOption('en');
    await again.getByRole('heading', { level: 1, name: 'Assigned to me' }).waitFor();
  });
});

describe('working together', () => {
  let id = 0;
  beforeAll(async () => {
    const alice = await new Api(farol.url).login(world.alice.email, PASSWORD);
    const t = await alice.ok('POST', '/api/v1/tickets', {
      organisation_id: world.acme.id,
      requester_id: world.carla.id,
      channel: 'phone',
      subject: 'Printer on floor 3 offline',
      description: 'Reported by phone.',
      team_id: world.team.id,
    });
    id = t.id;
  });

  it("shows a colleague's change live, and refuses an edit made on the old version with a clear message", async () => {
    const page = await person(world.alice.email);
    await page.goto(`/tickets/${id}`);
    await page.getByRole('heading', { level: 1, name: /Printer on floor 3/ }).waitFor();
    // Alice starts changing the priority...
    await page.getByLabel('Priority', { exact: true }).selectOption('P2');
    await page.getByLabel('Why change the priority?').fill('Whole floor cannot print');
    // ...while Bob, elsewhere, takes the ticket and writes a note.
    const bob = await new Api(farol.url).login(world.bob.email, PASSWORD);
    const t = await bob.ok('GET', `/api/v1/tickets/${id}`);
    await bob.ok('POST', `/api/v1/tickets/${id}/notes`, { body: 'Bob here: I am on site, checking the printer.' }, { 'If-Match': `"${t.version}"` });
    // Alice's page shows Bob's note without a reload and says so.
    await expect.poll(() => text(page), { timeout: 10_000 }).toContain('Bob here: I am on site');
    await expect.poll(() => page.locator('.live-region').innerText()).toContain('Bob Backline');
    // Her unsaved edit is still there; saving it now is refused, not silently applied.
    expect(await page.getByLabel('Priority', { exact: true }).inputValue()).toBe('P2');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.properties [role=alert]').innerText()).toContain('Someone else changed this ticket');
    expect(await page.getByLabel('Priority', { exact: true }).inputValue()).toBe('P2');
    expect(await page.getByLabel('Why change the priority?').inputValue()).toBe('Whole floor cannot print');
    // Having seen the change, she saves again and it goes through.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    await expect.poll(() => page.locator('.ticket-head').innerText()).toContain('P2');
  });

  it('keeps what was typed when the session ends, and sends it after signing in again', async () => {
    const page = await person(world.alice.email);
    await page.goto(`/tickets/${id}`);
    await page.getByRole('heading', { level: 1, name: /Printer on floor 3/ }).waitFor();
    await page.getByRole('radio', { name: /Internal note/ }).check();
    await page.getByLabel('Your internal note').fill('Toner replaced; waiting for the customer to confirm.');
    // The session ends behind the page's back (signed out elsewhere).
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Add internal note' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    // It cannot be waved away: Escape leaves it open (signing in is the only way on).
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    // A close would come as an event: let two frames pass so it would have happened.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByLabel('Your internal note').inputValue()).toBe('Toner replaced; waiting for the customer to confirm.');
    await page.getByRole('button', { name: 'Add internal note' }).click();
    await page.getByText('Internal note added.').waitFor();
    await expect.poll(() => text(page)).toContain('Toner replaced');
  });

  it('opens a ticket for a customer on the phone, and finds it with the global search', async () => {
    const page = await person(world.alice.email);
    await page.getByRole('link', { name: 'New ticket' }).click();
    await page.getByRole('heading', { level: 1, name: 'New ticket' }).waitFor();
    await page.getByLabel('Find the organisation').fill('Acme');
    await page.getByLabel(/^Organisation/).selectOption({ label: 'Acme Telecom' });
    await expect.poll(async () => (await page.getByLabel('Requester').locator('option').allInnerTexts()).join('|')).toContain('Carla Customer');
    await page.getByLabel('Requester').selectOption({ label: 'Carla Customer <carla@acme.test>' });
    await page.getByLabel('Subject').fill('Wi-Fi slow in the meeting rooms');
    await expectAccessible(page);
    // A mistake is shown next to the field that caused it, and nothing typed is lost.
    await page.getByLabel('Priority').selectOption('P1');
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await expect.poll(() => page.locator('.field-error').first().innerText()).toContain('is required when the priority is set by hand');
    expect(await page.getByLabel('Subject').inputValue()).toBe('Wi-Fi slow in the meeting rooms');
    await page.getByLabel('Why this priority?').fill('Board meeting at 2 pm');
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await page.getByRole('heading', { level: 1, name: /Wi-Fi slow in the meeting rooms/ }).waitFor();
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill('meeting rooms');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Results for/ }).waitFor();
    await page.getByRole('row', { name: /Wi-Fi slow in the meeting rooms/ }).waitFor();
    // The call was logged with it, the requester as the caller.
    await page.getByRole('row', { name: /Wi-Fi slow in the meeting rooms/ }).getByRole('link').first().click();
    await page.getByRole('article', { name: /Phone call logged by/ }).waitFor();
    expect(await page.getByRole('article', { name: /Phone call logged by/ }).innerText()).toContain('Carla Customer');
  });

  it('logs a call that was solved on the line as a new ticket: resolved, first-contact resolution', async () => {
    const page = await person(world.alice.email);
    await page.getByRole('link', { name: 'New ticket' }).click();
    await page.getByRole('heading', { level: 1, name: 'New ticket' }).waitFor();
    await page.getByLabel('Find the organisation').fill('Acme');
    await page.getByLabel(/^Organisation/).selectOption({ label: 'Acme Telecom' });
    await page.getByLabel('Subject').fill('Password reset for the VPN');
    const call = page.getByRole('group', { name: 'The call' });
    expect(await call.getByLabel('Log the call on the ticket').isChecked()).toBe(true);
    // No caller: the server's message under the field, nothing opened.
    await call.getByLabel('Outcome').selectOption({ label: 'resolved on the call' });
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await expect.poll(() => call.locator('.field-error').first().innerText()).toContain('must not be empty');
    await call.getByLabel('Who was on the line').fill('Dario, +55 11 5555-0199');
    await call.getByLabel('Duration (minutes)').fill('7');
    await call.getByLabel('Notes').fill('Reset the VPN password with him on the line.');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await page.getByRole('heading', { level: 1, name: /Password reset for the VPN/ }).waitFor();
    await expect.poll(() => text(page)).toContain('Solved on first contact');
    const entry = page.getByRole('article', { name: /Phone call logged by/ });
    expect(await entry.innerText()).toContain('Dario, +55 11 5555-0199');
    const id = Number(page.url().split('/').pop());
    const admin = await new Api(farol.url).login(world.admin.email, PASSWORD);
    const ticket = await admin.ok('GET', `/api/v1/tickets/${id}`);
    expect(ticket).toMatchObject({ status: 'resolved', channel: 'phone', first_contact_resolution: true });
  });
});

describe('administration', () => {
  it('an admin creates a team, a staff user and a custom field that the new user then uses', async () => {
    const page = await person(world.admin.email);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(page);

    await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Teams' }).click();
    await page.getByRole('button', { name: 'New team' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Field Ops');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Team Field Ops was created.').waitFor();

    await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Staff users' }).click();
    await page.getByRole('button', { name: 'New staff user' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Rita Field');
    await page.getByLabel('E-mail', { exact: true }).fill('rita.field@farol.test');
    await page.getByRole('checkbox', { name: 'Field Ops' }).check();
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Staff user Rita Field was created.').waitFor();

    await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Custom fields' }).click();
    await page.getByRole('button', { name: /New custom field|Add field/ }).first().click();
    await page.getByLabel('Ticket type').selectOption('incident');
    await page.getByLabel(/^Key/).fill('circuit_id');
    await page.getByLabel('Label', { exact: true }).fill('Circuit ID');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Custom field Circuit ID was created.').waitFor();
    await expectAccessible(page);

    // Rita signs in, sees her team's (empty) queue and the new field on a new incident.
    const rita = await person('rita.field@farol.test');
    await rita.getByRole('link', { name: 'My teams' }).click();
    await rita.getByRole('heading', { level: 1, name: 'My teams' }).waitFor();
    await rita.getByRole('link', { name: 'New ticket' }).click();
    await rita.getByLabel('Circuit ID').waitFor();
  });

  it('shows an organisation with its contacts and tickets', async () => {
    const page = await person(world.admin.email);
    await page.goto('/organisations');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Acme Telecom' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acme Telecom' }).waitFor();
    await expect.poll(() => text(page)).toContain('Carla Customer');
    await expect.poll(() => text(page)).toContain('Printer on floor 3 offline');
    await expectAccessible(page);
  });
  it('an admin sets the default calendar and policy: office hours, targets, and plain words for what cannot be used', async () => {
    const page = await person(world.admin.email);
    await page.getByRole('link', { name: 'Administration' }).click();
    const sections = page.getByRole('navigation', { name: 'Administration sections' });
    await sections.getByRole('link', { name: 'Calendars' }).click();
    await page.getByRole('link', { name: 'Default calendar' }).click();
    await page.getByRole('checkbox', { name: /Open around the clock/ }).waitFor();
    await page.getByRole('checkbox', { name: /Open around the clock/ }).uncheck();
    await page.getByLabel('Time zone').selectOption('America/Sao_Paulo');
    const monday = page.getByLabel('Monday', { exact: true });
    // Something that is not a window is explained before anything is sent.
    await monday.fill('8 to 6');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Write windows like 08:00-12:00, 13:00-18:00.').waitFor();
    // Overlapping windows are refused by the server, in words, under the day.
    await monday.fill('08:00-12:00, 11:00-18:00');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('windows overlap (11:00 starts before 12:00 ends)').waitFor();
    await monday.fill('08:00-12:00, 13:00-18:00');
    await page.getByLabel('Friday', { exact: true }).fill('08:00-12:00, 13:00-17:00');
    await page.getByLabel('Holidays', { exact: true }).fill('12-25\n2026-11-20');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The calendar was saved.').waitFor();
    // The default policy counts on it; its targets are changed on the policy's page.
    await sections.getByRole('link', { name: 'SLA policies' }).click();
    await page.getByRole('link', { name: 'Default policy' }).click();
    await page.getByLabel('first response minutes for Incident P1').fill('20');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The SLA policy was saved.').waitFor();

    // It is what the API now gives, and what the page shows after a reload.
    const api = await new Api(farol.url).login(world.admin.email, PASSWORD);
    const policy = (await api.call('GET', '/api/v1/settings/sla-policy')).body;
    expect(policy.calendar.timezone).toBe('America/Sao_Paulo');
    expect(policy.calendar.always_open).toBe(false);
    expect(policy.calendar.week.mon).toEqual([['08:00', '12:00'], ['13:00', '18:00']]);
    expect(policy.calendar.week.fri).toEqual([['08:00', '12:00'], ['13:00', '17:00']]);
    expect(policy.calendar.holidays.sort()).toEqual(['12-25', '2026-11-20'].sort());
    expect(policy.targets.find((x: any) => x.type === 'incident' && x.priority === 'P1').first_response_minutes).toBe(20);
    await page.reload();
    await expect.poll(async () => (await page.getByLabel('first response minutes for Incident P1').inputValue().catch(() => ''))).toBe('20');
    await page.getByRole('link', { name: 'See or change this calendar' }).click();
    await expect.poll(async () => (await page.getByLabel('Friday', { exact: true }).inputValue().catch(() => ''))).toBe('08:00-12:00, 13:00-17:00');
  });
  it('shows SLA compliance for a period, by organisation and by priority', async () => {
    const page = await person(world.admin.email);
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'SLA compliance' }).waitFor();
    // Everything the world opened so far: from long ago until tomorrow.
    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await page.getByLabel('To (not included)', { exact: true }).fill(new Date(Date.now() + 2 * 86400e3).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Show' }).click();
    const table = page.locator('table.sla-report');
    await table.waitFor();
    await expect.poll(() => page.url()).toContain('by=organisation');
    // The numbers on the page are the API's, row by row.
    const api = await new Api(farol.url).login(world.admin.email, PASSWORD);
    const url = new URL(page.url());
    const report = (await api.call('GET', `/api/v1/reports/sla${url.search}`)).body;
    expect(report.rows.length).toBeGreaterThan(0);
    for (const row of report.rows) {
      const tr = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: row.name, exact: true }) });
      expect(await tr.locator('td').first().innerText()).toBe(String(row.tickets));
    }
    expect(await table.locator('tfoot td').first().innerText()).toBe(String(report.total.tickets));
    await expectAccessible(page);
    await page.getByLabel('Group by', { exact: true }).selectOption('priority');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('rowheader', { name: /^P[1-4]$/ }).first().waitFor();
  });
});

describe('SLA alerts', () => {
  it('lets an admin add a signed webhook, send a test that arrives signed, and send a dead letter again', async () => {
    const { createServer } = await import('node:http');
    const { createHmac } = await import('node:crypto');
    const got: Array<{ path: string; headers: Record<string, string | string[] | undefined>; body: string }> = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        got.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(req.url === '/gone' ? 404 : 200).end(req.url === '/gone' ? 'no such hook' : 'ok');
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    const port = (receiver.address() as { port: number }).port;
    try {
      const page = await person(world.admin.email);
      await page.goto('/admin/alerts');
      await page.getByRole('heading', { level: 1, name: 'SLA alerts' }).waitFor();
      await page.getByText('No alert channels yet').waitFor();
      const add = async (name: string, path: string) => {
        await page.getByRole('button', { name: 'New channel' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('Name').fill(name);
        await dialog.getByLabel('Kind').selectOption('webhook');
        await dialog.getByLabel('Address').fill(`http://127.0.0.1:${port}${path}`);
        await dialog.getByLabel('Signing secret').fill('e2e-signing-secret-0123');
        await dialog.getByLabel('Tickets of priority').selectOption('P2');
        await expectAccessible(page);
        await dialog.getByRole('button', { name: 'Create' }).click();
        await page.getByText(`Channel ${name} was created.`).waitFor();
      };
      // A short secret is refused in plain words, and nothing is created.
      await page.getByRole('button', { name: 'New channel' }).click();
      await page.getByRole('dialog').getByLabel('Name').fill('Too short');
      await page.getByRole('dialog').getByLabel('Kind').selectOption('webhook');
      await page.getByRole('dialog').getByLabel('Address').fill(`http://127.0.0.1:${port}/hook`);
      await page.getByRole('dialog').getByLabel('Signing secret').fill('short');
      await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
      await page.getByText('must be at least 16 characters: it signs every request').waitFor();
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

      await add('NOC hook', '/hook');
      const row = page.getByRole('row', { name: /NOC hook/ });
      expect(await row.innerText()).toContain(`127.0.0.1:${port}`);
      expect(await row.innerText()).toContain('P1 to P2');
      expect(await text(page)).not.toContain('e2e-signing-secret-0123');
      await page.getByRole('button', { name: 'Send a test (NOC hook)' }).click();
      await page.getByText('A test message to NOC hook is on its way.').waitFor();
      await expect.poll(() => got.length, { timeout: 10_000 }).toBe(1);
      const sig = String(got[0].headers['x-farol-signature']);
      const t = sig.slice(2, sig.indexOf(','));
      expect(sig).toBe(`t=${t},v1=${createHmac('sha256', 'e2e-signing-secret-0123').update(`${t}.${got[0].body}`).digest('hex')}`);
      expect(JSON.parse(got[0].body).event).toBe('test');

      // A receiver that refuses for good: the message is a dead letter at once, sent again on request.
      await add('Broken hook', '/gone');
      await page.getByRole('button', { name: 'Send a test (Broken hook)' }).click();
      await expect.poll(() => got.filter((g) => g.path === '/gone').length, { timeout: 10_000 }).toBe(1);
      const dead = page.locator('table.deliveries');
      await expect.poll(async () => {
        await page.getByLabel('Show', { exact: true }).selectOption('sent');
        await page.getByLabel('Show', { exact: true }).selectOption('dead');
        return dead.innerText().catch(() => '');
      }, { timeout: 10_000 }).toContain('the receiver answered HTTP 404: no such hook');
      await expectAccessible(page);
      await page.getByRole('button', { name: /^Send again/ }).first().click();
      await page.getByText(/Delivery #\d+ will be sent again\./).waitFor();
      await expect.poll(() => got.filter((g) => g.path === '/gone').length, { timeout: 10_000 }).toBe(2);
    } finally {
      receiver.close();
    }
  });

  it('lists a ticket under "SLA at risk" once its first warning passes', async () => {
    const api = await new Api(farol.url).login(world.admin.email, PASSWORD);
    const policy = (await api.call('GET', '/api/v1/settings/sla-policy')).body;
    // Around the clock, a 2-minute first response for P1 incidents, the first warning at 1%.
    const put = await api.call('PUT', '/api/v1/settings/sla-policy', {
      ...policy,
      calendar: { timezone: 'UTC', always_open: true },
      warn_percents: [1, 90],
      targets: [{ type: 'incident', priority: 'P1', first_response_minutes: 2, resolution_minutes: 60 }],
    });
    expect(put.status).toBe(200);
    const created = await api.call('POST', '/api/v1/tickets', {
      organisation_id: world.acme.id, subject: 'Core router flapping', type: 'incident', priority: 'P1', priority_reason: 'all sites',
    });
    expect(created.status).toBe(201);
    const page = await person(world.alice.email);
    await page.getByRole('link', { name: 'SLA at risk' }).click();
    await page.getByRole('heading', { level: 1, name: 'SLA at risk' }).waitFor();
    await expect.poll(async () => {
      await page.reload();
      return text(page);
    }, { timeout: 15_000 }).toContain('Core router flapping');
    // Sorted by the SLA due time: the column header says so.
    expect(await page.getByRole('columnheader', { name: /Service level/ }).getAttribute('aria-sort')).toBe('ascending');
    await expectAccessible(page);
    // The ticket's timeline says when the warning fired.
    await page.getByRole('link', { name: 'Core router flapping' }).first().click();
    // Open before or after the warning fired, the page shows it without a reload (live view).
    await page.getByText('SLA warning: 1% of the first response target used.').waitFor({ timeout: 15_000 });
    await api.call('PUT', '/api/v1/settings/sla-policy', policy);
  });
});

describe('OLAs', () => {
  it('lets an admin give a team an OLA and shows OLA compliance per team', async () => {
    const page = await person(world.admin.email);
    await page.goto('/admin/sla-policy');
    const field = page.getByLabel('OLA of Network (minutes)');
    await field.fill('soon');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Use whole numbers.').first().waitFor();
    await field.fill('45');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('The SLA policy was saved.').waitFor();
    const api = await new Api(farol.url).login(world.admin.email, PASSWORD);
    expect((await api.call('GET', '/api/v1/settings/sla-policy')).body.olas).toEqual([{ team_id: world.team.id, minutes: 45 }]);
    // A ticket opened in the team now has a stay judged against its OLA.
    const created = await api.call('POST', '/api/v1/tickets', {
      organisation_id: world.acme.id, subject: 'OLA probe', type: 'incident', priority: 'P2', priority_reason: 'test', team_id: world.team.id,
    });
    expect(created.status).toBe(201);
    const clocks = (await api.call('GET', `/api/v1/tickets/${created.body.id}/sla`)).body;
    expect(clocks.olas[0]).toMatchObject({ team_id: world.team.id, target_seconds: 45 * 60 });
    await page.goto('/reports/sla');
    await page.getByLabel('Group by', { exact: true }).selectOption('ola');
    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await page.getByLabel('To (not included)', { exact: true }).fill(new Date(Date.now() + 2 * 86400e3).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Show' }).click();
    const table = page.locator('table.ola-report');
    await table.waitFor();
    expect(await table.getByRole('rowheader', { name: 'Network' }).count()).toBe(1);
    await expectAccessible(page);
  });
});
