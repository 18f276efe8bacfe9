// What tickets are measured by, in the browser against a real farol: an administrator makes a
// calendar, imports its holidays from a file and re-applies it to the open tickets; makes an SLA
// policy with a two-level escalation matrix; a customer-success manager makes a contract on an
// organisation's page (its value in reais, the Brazilian way and the English way; an overlapping
// one refused under its start date) and reads its SLA thermometer for a month of known tickets;
// the audit log says who did what. axe-core checks each screen.
import type { Browser, Page } from 'playwright-core';
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
let admin: Api;
const csm = { email: 'cora.csm@farol.test', id: 0 };

const year = new Date().getUTCFullYear();
let calendarId = 0;
let policyId = 0;
let contractId = 0;

beforeAll(async () => {
  farol = await startFarol();
  world = await seed(farol);
  browser = await launchBrowser();
  admin = await new Api(farol.url).login(world.admin.email, PASSWORD);
  const cora = await admin.ok('POST', '/api/v1/users', {
    email: csm.email, name: 'Cora CSM', role: 'csm', tier: 'N1', password: PASSWORD, locale: 'en', time_zone: 'America/Sao_Paulo',
  });
  csm.id = cora.id;
});

afterAll(async () => {
  await browser?.close();
  await farol?.stop();
});

const pages = new Pages(() => browser, () => farol);
const person = (email: string, locale?: string) => pages.person(email, locale);

const text = mainText;
const spaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

// The error shown for a control: the element its aria-describedby names that holds the error.
async function errorOf(page: Page, control: ReturnType<Page['getByLabel']>) {
  await expect.poll(() => control.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter((x) => x.endsWith('-error'));
  expect(ids.length).toBe(1);
  return page.locator(`[id="${ids[0]}"]`).innerText();
}

async function newTicket(api: Api, organisation_id: number, subject: string, type: string, priority: string) {
  return api.ok('POST', '/api/v1/tickets', { organisation_id, subject, type, priority, priority_reason: 'e2e' });
}

describe('calendars', () => {
  it('an admin makes a calendar, imports a holiday file and re-applies it to the open tickets', async () => {
    const page = await person(world.admin.email);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Calendars' }).click();
    await page.getByRole('row', { name: /Default calendar/ }).waitFor();
    expect(await page.getByRole('row', { name: /Default calendar/ }).innerText()).toContain('Around the clock (24×7)');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'New calendar' }).click();
    await page.getByRole('heading', { level: 2, name: 'New calendar' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('São Paulo office');
    await page.getByLabel('Time zone').selectOption('America/Sao_Paulo');
    // Office hours on weekdays are there to begin with; Friday ends earlier.
    expect(await page.getByLabel('Monday', { exact: true }).inputValue()).toBe('08:00-12:00, 13:00-18:00');
    await page.getByLabel('Friday', { exact: true }).fill('08:00-12:00, 13:00-17:00');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 2, name: 'São Paulo office' }).waitFor();
    calendarId = Number(/\/admin\/calendars\/(\d+)$/.exec(page.url())![1]);
    expect(calendarId).toBeGreaterThan(1);

    // An open ticket measured on this calendar: Globex's contract names it.
    await admin.ok('POST', '/api/v1/contracts', {
      organisation_id: world.globex.id, name: 'Globex support', starts_on: '2020-01-01', monthly_value_minor: 100000, currency: 'USD',
      policy_id: 1, calendar_id: calendarId,
    });
    const ticket = await newTicket(admin, world.globex.id, 'Printer jam on the 3rd floor', 'incident', 'P3');
    const before = (await admin.ok('GET', `/api/v1/tickets/${ticket.id}/sla`)).terms;
    expect(before.calendar_id).toBe(calendarId);

    // A holiday file with a line that is not a date: the line is named and nothing changes.
    await page.getByLabel('Holiday file').setInputFiles({
      name: 'feriados.txt', mimeType: 'text/plain', buffer: Buffer.from('2026-11-20 Consciência Negra\n20/11/2026 Consciência Negra\n'),
    });
    await expect.poll(() => page.getByLabel('Lines to import').inputValue()).toContain('20/11/2026');
    await page.getByRole('button', { name: 'Import holidays' }).click();
    expect(await errorOf(page, page.getByLabel('Lines to import'))).toContain('line 2: is not a date (2026-11-20) or a yearly date (12-25)');
    await expectAccessible(page);
    await page.getByLabel('Holiday file').setInputFiles({
      name: 'feriados.txt', mimeType: 'text/plain', buffer: Buffer.from('# Brasil\n2026-11-20 Consciência Negra\n12-25 Natal\n01-01,Confraternização\n'),
    });
    await expect.poll(() => page.getByLabel('Lines to import').inputValue()).toContain('Natal');
    await page.getByRole('button', { name: 'Import holidays' }).click();
    await page.getByText('3 added, 3 in all.').waitFor();
    await expect.poll(() => page.getByLabel('Holidays', { exact: true }).inputValue()).toContain('12-25');
    const saved = await admin.ok('GET', `/api/v1/calendars/${calendarId}`);
    expect(saved.holidays.sort()).toEqual(['01-01', '12-25', '2026-11-20']);
    // Two versions now: the one the ticket was opened under, and the one with the holidays.
    await expect.poll(() => page.locator('table.calendar-versions tbody tr').count()).toBe(2);

    // Re-applying needs a reason, and a confirmation that says what it does.
    await page.getByRole('button', { name: 'Re-apply to open tickets…' }).click();
    expect(await errorOf(page, page.getByLabel('Reason'))).toBe('Say why the open tickets’ clocks change.');
    await page.getByLabel('Reason').fill('The national holidays were missing');
    await page.getByRole('button', { name: 'Re-apply to open tickets…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-apply “São Paulo office” to open tickets?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`(version ${saved.version_id})`);
    expect(await dialog.innerText()).toContain('Resolved, closed and cancelled tickets keep the version');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Re-apply now' }).click();
    await page.getByText(`Re-applied: 1 open ticket is now measured on version ${saved.version_id}.`).waitFor();

    // The ticket is measured on the new version, and its timeline says who did it and why.
    const after = (await admin.ok('GET', `/api/v1/tickets/${ticket.id}/sla`)).terms;
    expect(after.calendar_version_id).toBe(saved.version_id);
    expect(after.calendar_version_id).not.toBe(before.calendar_version_id);
    const events = (await admin.ok('GET', `/api/v1/tickets/${ticket.id}/events`)).items;
    expect(events.find((e: any) => e.type === 'sla_terms_changed')).toMatchObject({ reason: 'The national holidays were missing', internal: true });

    // The audit log has it all, newest first.
    await page.getByRole('link', { name: 'Changes to this calendar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const rows = page.locator('table.audit tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(0).innerText()).toMatch(/Calendar re-applied to open tickets[\s\S]*open tickets re-measured: 1; reason: The national holidays were missing/);
    expect(await rows.nth(1).innerText()).toContain('Holidays imported');
    expect(await rows.nth(2).innerText()).toContain('Calendar created');
    expect(await rows.nth(2).innerText()).toContain('Ada Admin');
    await expectAccessible(page);

    // Someone else saves the calendar first: the edit is refused in plain words, kept on screen,
    // and the latest version can be loaded.
    await page.getByRole('link', { name: `Calendar #${calendarId}` }).first().click();
    const name = page.getByLabel('Name', { exact: true });
    await expect.poll(() => name.inputValue()).toBe('São Paulo office');
    const latest = await admin.ok('GET', `/api/v1/calendars/${calendarId}`);
    const { id: _id, default: _d, version_id: _v, created_at: _c, updated_at: _u, ...body } = latest;
    await admin.ok('PUT', `/api/v1/calendars/${calendarId}`, { ...body, week: { ...body.week, fri: [['08:00', '12:00'], ['13:00', '16:00']] } });
    await name.fill('São Paulo office (main)');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Someone else changed this while you were editing').waitFor();
    expect(await name.inputValue()).toBe('São Paulo office (main)');
    await page.getByRole('button', { name: 'Reload the latest version' }).click();
    await expect.poll(() => page.getByLabel('Friday', { exact: true }).inputValue()).toBe('08:00-12:00, 13:00-16:00');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('São Paulo office');
  });
});

describe('SLA policies', () => {
  it('an admin makes a policy with a two-level escalation matrix and finds it as saved after a reload', async () => {
    const page = await person(world.admin.email);
    await page.goto('/admin/sla-policies');
    await page.getByRole('row', { name: /Default policy/ }).waitFor();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'New policy' }).click();
    await page.getByRole('heading', { level: 2, name: 'New policy' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Gold');
    await page.getByLabel('Business calendar').selectOption({ label: 'São Paulo office' });
    await page.getByLabel('first response minutes for Incident P1').fill('10');
    await page.getByLabel('update minutes for Incident P1').fill('60');
    // Calls count as a response on the phone.
    await page.getByRole('checkbox', { name: 'Phone has its own rule' }).check();
    await page.getByRole('checkbox', { name: 'Logged phone call counts for Phone' }).check();

    // The matrix starts as the default policy's four levels: keep two.
    await page.getByRole('button', { name: 'Remove (level 4)', exact: true }).click();
    await page.getByRole('button', { name: 'Remove (level 3)', exact: true }).click();
    const level1 = page.getByRole('group', { name: /^Level 1/ });
    const level2 = page.getByRole('group', { name: /^Level 2/ });
    await level1.getByLabel('Level name').fill('NOC on duty');
    await level2.getByLabel('Level name').fill('Customer success');
    await level2.getByLabel('Fires').selectOption('percent');
    await level2.getByLabel('Clock').selectOption('resolution');
    await level2.getByLabel('Share of the target (%)').fill('75');
    await level2.getByLabel('Deadline to act (business minutes)').fill('45');
    await level2.getByRole('checkbox', { name: /customer-success manager/ }).check();
    await level2.getByRole('button', { name: /^Add a role, team or person/ }).click();
    await level2.getByLabel('Who 1: kind').selectOption('role');
    await level2.getByLabel('Who 1', { exact: true }).selectOption('director');
    await level2.getByRole('button', { name: /^Add a role, team or person/ }).click();
    await level2.getByLabel('Who 2: kind').selectOption('user');
    await level2.getByLabel('Who 2', { exact: true }).selectOption({ label: 'Bob Backline' });

    // The first level cannot wait for a level before it: the server says so under its trigger.
    await level1.getByLabel('Fires').selectOption('unacknowledged');
    await page.getByRole('button', { name: 'Create' }).click();
    expect(await errorOf(page, level1.getByLabel('Fires'))).toBe('the first level has no level before it to go unacknowledged');
    await expectAccessible(page);
    await level1.getByLabel('Fires').selectOption('created');
    // Moving levels keeps their content: down and back up.
    await level1.getByRole('button', { name: 'Move down (level 1)' }).click();
    await expect.poll(() => page.getByRole('group', { name: /^Level 1/ }).getByLabel('Level name').inputValue()).toBe('Customer success');
    await page.getByRole('group', { name: /^Level 2/ }).getByRole('button', { name: 'Move up (level 2)' }).click();
    await expect.poll(() => page.getByRole('group', { name: /^Level 1/ }).getByLabel('Level name').inputValue()).toBe('NOC on duty');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 2, name: 'Gold' }).waitFor();
    policyId = Number(/\/admin\/sla-policies\/(\d+)$/.exec(page.url())![1]);

    const saved = await admin.ok('GET', `/api/v1/sla/policies/${policyId}`);
    expect(saved.calendar_id).toBe(calendarId);
    expect(saved.responses).toEqual({ default: ['public_reply'], phone: ['public_reply', 'phone_call'] });
    expect(saved.targets.find((x: any) => x.type === 'incident' && x.priority === 'P1')).toMatchObject({ first_response_minutes: 10, update_minutes: 60 });
    expect(saved.escalation.levels).toEqual([
      { name: 'NOC on duty', trigger: 'created', clock: 'resolution', percent: 100, deadline_minutes: 120, recipients: ['team'], email: true, channel_ids: [] },
      {
        name: 'Customer success', trigger: 'percent', clock: 'resolution', percent: 75, deadline_minutes: 45,
        recipients: ['team_manager', 'csm', 'role:director', `user:${world.bob.id}`], email: true, channel_ids: [],
      },
    ]);

    // After a reload the form shows what was saved.
    await page.reload();
    const again = page.getByRole('group', { name: /^Level 2: Customer success/ });
    await again.waitFor();
    expect(await page.getByRole('group', { name: /^Level \d/ }).count()).toBe(2);
    expect(await again.getByLabel('Fires').inputValue()).toBe('percent');
    expect(await again.getByLabel('Share of the target (%)').inputValue()).toBe('75');
    expect(await again.getByRole('checkbox', { name: /customer-success manager/ }).isChecked()).toBe(true);
    expect(await again.getByLabel('Who 1', { exact: true }).inputValue()).toBe('director');
    expect(await again.getByLabel('Who 2', { exact: true }).inputValue()).toBe(String(world.bob.id));
    expect(await page.getByLabel('Business calendar').inputValue()).toBe(String(calendarId));
    expect(await page.getByRole('checkbox', { name: 'Logged phone call counts for Phone' }).isChecked()).toBe(true);
    expect(await page.getByLabel('update minutes for Incident P1').inputValue()).toBe('60');
    await expectAccessible(page);
  });

  it('the old address of the default policy opens policy 1, marked as the default', async () => {
    const page = await person(world.admin.email);
    await page.goto('/admin/sla-policy');
    await page.getByRole('heading', { level: 2, name: /Default policy/ }).waitFor();
    expect(page.url()).toMatch(/\/admin\/sla-policies\/1$/);
    expect(await text(page)).toContain('This is the default policy');

    // An agent may read it, and change nothing.
    const agent = await person(world.alice.email);
    await agent.goto('/admin/sla-policies/1');
    await agent.getByRole('heading', { level: 2, name: /Default policy/ }).waitFor();
    expect(await agent.getByText('You can read this policy; only administrators change it.').count()).toBe(1);
    expect(await agent.getByLabel('first response minutes for Incident P1').isDisabled()).toBe(true);
    expect(await agent.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await expectAccessible(agent);
  });
});

describe('contracts', () => {
  it('a CSM makes a contract on an organisation page and reads its value the Brazilian and the English way', async () => {
    const page = await person(csm.email);
    await page.goto(`/organisations/${world.acme.id}`);
    await page.getByRole('heading', { level: 1, name: 'Acme Telecom' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Contracts' }).waitFor();
    await page.getByRole('button', { name: 'New contract' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contract' });
    await dialog.getByLabel('Name', { exact: true }).fill('Managed NOC');
    await dialog.getByLabel('Starts on').fill(`${year}-01-01`);
    await dialog.getByLabel('Ends on (included)').fill(`${year}-12-31`);
    await dialog.getByLabel('Up for renewal on').fill(`${year}-11-01`);
    await dialog.getByLabel('Monthly value').fill('12,500.00');
    await dialog.getByLabel('SLA policy').selectOption({ label: 'Gold' });
    // Its own calendar, around the clock (the thermometer below must not wait for office hours).
    await dialog.getByLabel('Calendar', { exact: true }).selectOption({ label: 'Default calendar' });
    await dialog.getByLabel('Target 1: percent').fill('95');
    await dialog.getByRole('button', { name: 'Add a target' }).click();
    await dialog.getByLabel('Target 2: ticket type').selectOption('service_request');
    await dialog.getByLabel('Target 2: percent').fill('90.5');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.getByText('The contract Managed NOC was created.').waitFor();
    const row = page.getByRole('row', { name: /Managed NOC/ });
    expect(await row.innerText()).toContain('R$12,500.00');
    expect(await row.innerText()).toContain('In force');
    expect(await row.innerText()).toContain(`Nov 1, ${year}`);
    expect(await row.innerText()).toContain('Gold');
    const contracts = (await admin.ok('GET', `/api/v1/contracts?organisation_id=${world.acme.id}`)).items;
    expect(contracts).toHaveLength(1);
    expect(contracts[0]).toMatchObject({
      monthly_value_minor: 1250000, currency: 'BRL', policy_id: policyId, calendar_id: 1,
      compliance_targets: [{ type: 'incident', clock: 'resolution', percent: 95 }, { type: 'service_request', clock: 'resolution', percent: 90.5 }],
    });
    contractId = contracts[0].id;
    await expectAccessible(page);

    // An overlapping contract is refused, in words, under its start date.
    await page.getByRole('button', { name: 'New contract' }).click();
    await dialog.getByLabel('Name', { exact: true }).fill('Overlap');
    await dialog.getByLabel('Starts on').fill(`${year}-06-01`);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect.poll(() => dialog.getByLabel('Starts on').getAttribute('aria-invalid')).toBe('true');
    expect(await errorOf(page, dialog.getByLabel('Starts on'))).toBe(
      `overlaps contract "Managed NOC" (${year}-01-01 to ${year}-12-31): an organisation has one contract at a time`,
    );
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // In Portuguese: reais the Brazilian way.
    await page.getByLabel('Language').selectOption('pt-BR');
    await page.getByRole('heading', { level: 2, name: 'Contratos' }).waitFor();
    const linha = page.getByRole('row', { name: /Managed NOC/ });
    await expect.poll(async () => spaces(await linha.innerText())).toContain('R$ 12.500,00');
    expect(await linha.innerText()).toContain('Vigente');
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { level: 2, name: 'Contracts' }).waitFor();

    // Every contract, by renewal date, from the navigation.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contracts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Contracts' }).waitFor();
    await page.getByRole('row', { name: /Managed NOC/ }).waitFor();
    expect(await page.getByRole('row', { name: /Managed NOC/ }).innerText()).toContain('Acme Telecom');
    const renewal = page.getByRole('columnheader', { name: /Renewal/ });
    expect(await renewal.getAttribute('aria-sort')).toBe('ascending');
    await renewal.getByRole('button').click();
    await expect.poll(() => page.url()).toContain('order=desc');
    expect(await renewal.getAttribute('aria-sort')).toBe('descending');
    await expectAccessible(page);
  });

  it('the SLA thermometer shows contracted against delivered for a month of known tickets', async () => {
    // The Gold policy with targets the test can reach at once: a P1 incident has 0 minutes to be
    // resolved (breached after its first second), a P2 incident ten hours (met when resolved now).
    const gold = await admin.ok('GET', `/api/v1/sla/policies/${policyId}`);
    const targets = gold.targets.map((x: any) =>
      x.type !== 'incident' ? x : x.priority === 'P1' ? { ...x, resolution_minutes: 0 } : x.priority === 'P2' ? { ...x, resolution_minutes: 600 } : x,
    );
    const { id: _id, default: _d, created_at: _c, updated_at: _u, version_id: _v, calls_count_as_response: _cc, ...rest } = gold;
    await admin.ok('PUT', `/api/v1/sla/policies/${policyId}`, { ...rest, targets });
    const late = await newTicket(admin, world.acme.id, 'Core link down', 'incident', 'P1');
    const met = [];
    for (const subject of ['VPN slow', 'Wi-Fi drops', 'DNS errors']) met.push(await newTicket(admin, world.acme.id, subject, 'incident', 'P2'));
    await newTicket(admin, world.acme.id, 'Still looking', 'incident', 'P2');
    // (Escalations and SLA events give a ticket new versions: resolve the latest.)
    const resolve = async (t: any) => {
      const { version } = await admin.ok('GET', `/api/v1/tickets/${t.id}`);
      await admin.ok('PATCH', `/api/v1/tickets/${t.id}`, { status: 'resolved' }, { 'If-Match': `"${version}"` });
    };
    for (const t of met) await resolve(t);
    await expect
      .poll(async () => (await admin.ok('GET', `/api/v1/tickets/${late.id}/sla`)).sla.resolution.breached, { timeout: 10_000 })
      .toBe(true);
    await resolve(late);
    expect((await admin.ok('GET', `/api/v1/tickets/${late.id}/sla`)).terms.contract_id).toBe(contractId);

    const page = await person(csm.email);
    await page.goto(`/organisations/${world.acme.id}`);
    const thermometer = page.locator('section.thermometer');
    await thermometer.getByRole('heading', { name: 'SLA thermometer' }).waitFor();
    // The previous month to begin with: nothing opened under the contract then.
    await expect.poll(() => thermometer.getByRole('status').innerText()).toMatch(/^0 tickets opened under the contract in \w+ \d{4}\.$/);
    // The month the tickets were opened in (the API counts months in UTC).
    const month = String(late.created_at).slice(0, 7);
    await thermometer.getByLabel('Month').fill(month);
    await thermometer.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => page.url()).toContain(`month=${month}`);
    await expect.poll(() => page.url()).toContain(`contract=${contractId}`);
    await expect.poll(() => thermometer.getByRole('status').innerText()).toMatch(/^5 tickets opened under the contract in /);

    const report = await admin.ok('GET', `/api/v1/contracts/${contractId}/compliance?from=${month}-01&to=${nextMonth(month)}-01`);
    expect(report.rows[0]).toMatchObject({ type: 'incident', contracted_percent: 95, delivered: { met: 3, breached: 1, pending: 1, met_percent: 75 }, state: 'below' });
    const incident = thermometer.getByRole('row', { name: /Incident — Resolution/ });
    const cells = await incident.locator('td').allInnerTexts();
    expect(cells[0]).toBe('contracted 95% vs delivered 75%');
    expect(cells.slice(1)).toEqual(['Below', '3', '1', '1']);
    const requests = await thermometer.getByRole('row', { name: /Service request — Resolution/ }).locator('td').allInnerTexts();
    expect(requests[0]).toBe('contracted 90.5%; nothing delivered to judge yet');
    expect(requests.slice(1)).toEqual(['No data', '0', '0', '0']);
    await expectAccessible(page);

    // A reload keeps the chosen month (it is in the address).
    await page.reload();
    await expect.poll(() => page.locator('section.thermometer').getByRole('status').innerText()).toMatch(/^5 tickets/);

    // The audit log, for those who read contracts, lists what was done to them.
    await page.goto('/admin/audit');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await expect.poll(() => page.locator('table.audit tbody tr').count()).toBeGreaterThan(0);
    expect(await text(page)).toContain('Contract created');
    expect(await text(page)).not.toContain('Calendar created');
    await expectAccessible(page);
  });
});

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
