// Monitoring channels in the browser against a real farol (docs/MONITORING.md): an administrator
// makes a channel (a field error first), sees its key and address once and copies them; the test
// then posts real alerts to that address — the generic format and an Alertmanager webhook, as a
// tool would, with no session — and the administrator finds them among the alerts taken in, in
// their own time zone, with links to the incidents they opened; a recovery resolves the incident;
// revoking the channel makes its address refuse with 401. The page in Portuguese; an agent has no
// such page. axe-core checks each state of the screen.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectAccessible, type Farol, launchBrowser, mainText, Pages, PASSWORD, seed, startFarol, type World } from './harness';

let farol: Farol;
let world: World;
let browser: Browser;
let admin: Api;
// Admins of their own, so that their time zone and language are what the test says: Mia reads
// times in Tokyo's zone while the browser is in São Paulo's; Paula reads Portuguese.
const mia = { email: 'mia.monitor@farol.test', zone: 'Asia/Tokyo' };
const paula = { email: 'paula.admin@farol.test' };
const CHANNEL = 'Prometheus — Acme';

// What the test learnt from the screen, for the tests after it.
const shown = { url: '', key: '', ticket: 0 };

beforeAll(async () => {
  farol = await startFarol();
  world = await seed(farol);
  browser = await launchBrowser();
  admin = await new Api(farol.url).login(world.admin.email, PASSWORD);
  const mkAdmin = (email: string, name: string, locale: string, time_zone: string) =>
    admin.ok('POST', '/api/v1/users', { email, name, role: 'admin', tier: 'N2', password: PASSWORD, locale, time_zone });
  await mkAdmin(mia.email, 'Mia Monitor', 'en', mia.zone);
  await mkAdmin(paula.email, 'Paula Admin', 'pt-BR', 'America/Sao_Paulo');
});

afterAll(async () => {
  await browser?.close();
  await farol?.stop();
});

const pages = new Pages(() => browser, () => farol);
const person = (email: string, locale?: string) => pages.person(email, locale);

// A monitoring tool: no session, no CSRF token, only the address.
async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const linkDown = { title: 'Link down at HQ', severity: 'critical', labels: { site: 'hq' } };

const alertmanager = {
  version: '4',
  groupKey: '{}:{alertname="HighLatency"}',
  receiver: 'farol',
  status: 'firing',
  groupLabels: { alertname: 'HighLatency' },
  commonLabels: { alertname: 'HighLatency', instance: 'rtr-01', severity: 'warning' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager.acme.test',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighLatency', instance: 'rtr-01', severity: 'warning' },
      annotations: { summary: 'Latency over 200 ms on rtr-01', description: 'p95 latency 240 ms for 10 minutes' },
      startsAt: '2026-12-05T10:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.acme.test/graph?g0.expr=latency',
      fingerprint: 'a1b2c3d4e5f60718',
    },
  ],
};

// The message under a control (aria-describedby), once it is marked invalid.
async function errorOf(page: Page, control: ReturnType<Page['getByLabel']>) {
  await expect.poll(() => control.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter((x) => x.endsWith('-error'));
  expect(ids.length).toBe(1);
  return page.locator(`[id="${ids[0]}"]`).innerText();
}

const alertsTable = (page: Page) => page.getByRole('region', { name: 'Alerts taken in' });

// "Show the latest" until `title`'s row says `text`.
async function alertRow(page: Page, title: string, text: string | RegExp) {
  const row = alertsTable(page).getByRole('row').filter({ hasText: title });
  await expect
    .poll(async () => {
      await alertsTable(page).getByRole('button', { name: 'Show the latest' }).click();
      return row.innerText().catch(() => '');
    })
    .toMatch(text);
  return row;
}

describe('monitoring channels', () => {
  it('lets an admin make a channel, see its key once, take in alerts as incidents and revoke it', async () => {
    const page = await person(mia.email);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: farol.url });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Monitoring' }).click();
    await page.getByRole('heading', { level: 1, name: 'Monitoring' }).waitFor();
    await page.getByText('No monitoring channels yet.').waitFor();
    await page.getByText('No alerts taken in yet.').waitFor();
    await expectAccessible(page);

    // Nothing filled in: the server's messages under the name and the organisation.
    await page.getByRole('button', { name: 'New channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'New channel' });
    await dialog.getByRole('button', { name: 'Create' }).click();
    expect(await errorOf(page, dialog.getByLabel('Name'))).toBe('give a name of 1 to 100 characters');
    expect(await errorOf(page, dialog.getByLabel('Organisation', { exact: true }))).toBe('choose the organisation its incidents are for');
    await expectAccessible(page);

    await dialog.getByLabel('Name').fill(CHANNEL);
    await dialog.getByLabel('Find the organisation').fill('Acme');
    await expect.poll(() => dialog.getByLabel('Organisation', { exact: true }).locator('option').allInnerTexts()).toContain('Acme Telecom');
    await dialog.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Acme Telecom' });
    await expect.poll(() => dialog.getByLabel('Team').locator('option').allInnerTexts()).toContain('Network');
    await dialog.getByLabel('Team').selectOption({ label: 'Network' });
    await dialog.getByLabel('Resolve the incident when the alert recovers').check();
    await dialog.getByLabel('Notifications a minute').fill('120');
    await dialog.getByRole('button', { name: 'Create' }).click();

    // The key, once: the address to post to and the key, each with a Copy button.
    const once = page.getByRole('region', { name: `Copy the key of ${CHANNEL} now` });
    await once.waitFor();
    expect(await once.innerText()).toContain('It will not be shown again');
    shown.key = await once.getByLabel('Key', { exact: true }).inputValue();
    shown.url = await once.getByLabel('Address to post alerts to').inputValue();
    expect(shown.key).toMatch(/^fmon_[A-Za-z0-9_-]{43}$/);
    expect(shown.url).toBe(`${farol.url}/api/v1/channels/${shown.key}/alerts`);
    expect(await once.locator('pre').innerText()).toContain(`'${shown.url}'`);
    await once.getByRole('button', { name: 'Copy the key' }).click();
    await once.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown.key);
    await expectAccessible(page);

    const row = page.getByRole('region', { name: 'Monitoring channels' }).getByRole('row', { name: new RegExp(CHANNEL) });
    const rowText = await row.innerText();
    for (const x of ['Acme Telecom', 'Network', shown.key.slice(0, 9), 'Yes', '120', 'Active']) expect(rowText).toContain(x);
    expect(rowText).not.toContain(shown.key);

    // Once dismissed, and after a reload, the key is nowhere on the page.
    await once.getByRole('button', { name: 'I have copied it' }).click();
    await once.waitFor({ state: 'detached' });
    expect(await mainText(page)).not.toContain(shown.key);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(shown.key);

    // A tool posts: the generic format, then an Alertmanager webhook.
    const first = await post(shown.url, linkDown);
    expect(first.status).toBe(200);
    expect(first.body.results[0].action).toBe('opened');
    shown.ticket = first.body.results[0].ticket_id;
    const am = await post(shown.url, alertmanager);
    expect(am.status).toBe(200);
    expect(am.body.results[0].action).toBe('opened');
    const repeat = await post(shown.url, linkDown);
    expect(repeat.body.results[0]).toMatchObject({ action: 'annotated', ticket_id: shown.ticket });

    const down = await alertRow(page, 'Link down at HQ', /Firing/);
    expect(await down.innerText()).toContain(CHANNEL);
    expect((await down.getByRole('cell').nth(2).innerText()).trim()).toBe('2');  // channel, state, notifications
    const latency = await alertRow(page, 'Latency over 200 ms on rtr-01', /Firing/);
    expect((await latency.getByRole('cell').nth(2).innerText()).trim()).toBe('1');
    // Times in Mia's own zone (Tokyo), not the browser's (São Paulo), formatted like the rest of the app.
    const first_at = down.locator('time').first();
    const iso = (await first_at.getAttribute('datetime'))!;
    const expected = await page.evaluate(
      ([at, zone]) => new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short', timeZone: zone }).format(new Date(at)),
      [iso, mia.zone] as const,
    );
    expect(await first_at.innerText()).toBe(expected);
    await expectAccessible(page);

    // Only this channel's alerts, the choice in the address.
    await row.getByRole('link', { name: `Alerts (${CHANNEL})` }).click();
    await expect.poll(() => page.url()).toMatch(/\/admin\/monitoring\?channel=\d+$/);
    await expect.poll(() => page.getByLabel('Channel', { exact: true }).inputValue()).toMatch(/^\d+$/);
    await alertsTable(page).getByRole('row').filter({ hasText: 'Link down at HQ' }).waitFor();

    // The incident it opened, one click away.
    await alertsTable(page).getByRole('link', { name: `Ticket #${shown.ticket}` }).click();
    await page.getByRole('heading', { level: 1, name: /Link down at HQ/ }).waitFor();
    expect(page.url()).toBe(`${farol.url}/tickets/${shown.ticket}`);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Monitoring' }).waitFor();

    // The recovery resolves the incident (the channel says so).
    const recovered = await post(shown.url, { ...linkDown, status: 'resolved' });
    expect(recovered.body.results[0]).toMatchObject({ action: 'resolved', ticket_id: shown.ticket });
    await alertRow(page, 'Link down at HQ', /Resolved/);
    expect((await admin.ok('GET', `/api/v1/tickets/${shown.ticket}`)).status).toBe('resolved');

    // Changing its settings: the organisation is shown but fixed, and the same key keeps working.
    await row.getByRole('button', { name: `Edit (${CHANNEL})` }).click();
    const edit = page.getByRole('dialog', { name: `Change channel ${CHANNEL}` });
    expect(await edit.innerText()).toContain('Acme Telecom');
    expect(await edit.getByLabel('Notifications a minute').inputValue()).toBe('120');
    await edit.getByLabel('Notifications a minute').fill('0');
    await edit.getByRole('button', { name: 'Save' }).click();
    expect(await errorOf(page, edit.getByLabel('Notifications a minute'))).toBe('must be between 1 and 10000');
    await edit.getByLabel('Notifications a minute').fill('30');
    await edit.getByLabel('Team').selectOption({ label: 'The usual routing' });
    await expectAccessible(page);
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText(`Channel ${CHANNEL} was saved. Its key and address are unchanged.`).waitFor();
    await expect.poll(() => row.innerText()).toContain('The usual routing');
    expect(await row.innerText()).toContain('30');
    const changed = (await admin.ok('GET', '/api/v1/monitoring/channels')).items[0];
    expect(changed).toMatchObject({ rate_per_minute: 30, team_id: null, resolve_on_recovery: true, organisation_name: 'Acme Telecom' });
    // (The same recovery again: answered, and ignored since its incident is already resolved.)
    const again = await post(shown.url, { ...linkDown, status: 'resolved' });
    expect(again.status).toBe(200);
    expect(again.body.results[0].action).toBe('ignored');

    // Revoking asks first, then the address is refused.
    await row.getByRole('button', { name: `Revoke (${CHANNEL})` }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke ${CHANNEL}?` });
    expect(await confirm.innerText()).toContain('Its key stops working at once');
    await expectAccessible(page);
    await confirm.getByRole('button', { name: 'Revoke the key' }).click();
    await page.getByText(`Channel ${CHANNEL} was revoked: its key no longer works.`).waitFor();
    await expect.poll(() => row.innerText()).toMatch(/Revoked \S+/);
    expect(await row.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    expect((await post(shown.url, linkDown)).status).toBe(401);
    await expectAccessible(page);
  });

  it('shows the page in Portuguese, field messages too', async () => {
    const page = await person(paula.email, 'pt-BR');
    await page.goto('/admin/monitoring');
    await page.getByRole('heading', { level: 1, name: 'Monitoramento' }).waitFor();
    const row = page.getByRole('region', { name: 'Canais de monitoramento' }).getByRole('row', { name: new RegExp(CHANNEL) });
    await expect.poll(() => row.innerText()).toMatch(/Revogado em \S+/);
    expect(await row.innerText()).toContain('Sim');
    expect(await page.getByRole('columnheader', { name: 'Chave' }).count()).toBe(1);
    const alerts = page.getByRole('region', { name: 'Alertas recebidos' });
    await expect.poll(() => alerts.getByRole('row').filter({ hasText: 'Link down at HQ' }).innerText()).toContain('Resolvido');
    expect(await alerts.getByRole('row').filter({ hasText: 'Latency over 200 ms' }).innerText()).toContain('Disparado');
    expect(await alerts.getByRole('link', { name: `Chamado #${shown.ticket}` }).count()).toBe(1);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Novo canal' }).click();
    const dialog = page.getByRole('dialog', { name: 'Novo canal' });
    await dialog.getByRole('button', { name: 'Criar' }).click();
    expect(await errorOf(page, dialog.getByLabel('Nome'))).toBe('informe um nome de 1 a 100 caracteres');
    expect(await errorOf(page, dialog.getByLabel('Organização', { exact: true }))).toBe('escolha a organização a que seus incidentes pertencem');
    await expectAccessible(page);
  });

  it('is not there for an agent', async () => {
    const page = await person(world.alice.email);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await page.goto('/admin');
    await page.getByRole('navigation', { name: 'Administration sections' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Monitoring' }).count()).toBe(0);
    await page.goto('/admin/monitoring');
    await page.getByRole('heading', { level: 1, name: 'Monitoring' }).waitFor();
    expect(await mainText(page)).toContain('You don’t have permission to manage this.');
    expect(await mainText(page)).not.toContain(CHANNEL);
    const agent = await new Api(farol.url).login(world.alice.email, PASSWORD);
    expect((await agent.call('GET', '/api/v1/monitoring/channels')).status).toBe(403);
    expect((await agent.call('GET', '/api/v1/monitoring/alerts')).status).toBe(403);
  });
});
