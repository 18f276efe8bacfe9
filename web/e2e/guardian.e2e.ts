// The customer guardian in the browser against a real farol (docs/GUARDIAN.md): an agent raises a
// ticket as a customer error from the ticket view; the guardian finds it in the inbox, grades it —
// the form shows the seed's 2/3/3 as 8 of 9, high, and marks every solution required — and the
// record cannot reach its action plan until the preventive solution is written; the ranked board
// then shows it with its score.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectAccessible, type Farol, launchBrowser, Pages, PASSWORD, seed, startFarol, type World } from './harness';

let farol: Farol;
let world: World;
let browser: Browser;
let admin: Api;

beforeAll(async () => {
  farol = await startFarol();
  world = await seed(farol);
  browser = await launchBrowser();
  admin = await new Api(farol.url).login(world.admin.email, PASSWORD);
  await admin.ok('POST', '/api/v1/users', {
    email: 'gina.guardian@farol.test',
    name: 'Gina Guardian',
    role: 'guardian',
    password: PASSWORD,
    locale: 'en',
    time_zone: 'America/Sao_Paulo',
  });
});

afterAll(async () => {
  await browser?.close();
  await farol?.stop();
});

const pages = new Pages(() => browser, () => farol);

describe('the guardian', () => {
  it('gets a ticket raised as a customer error, grades it, and cannot plan it without every required solution', async () => {
    const alice = await new Api(farol.url).login(world.alice.email, PASSWORD);
    const ticket = await alice.ok('POST', '/api/v1/tickets', {
      organisation_id: world.acme.id,
      requester_id: world.carla.id,
      type: 'incident',
      subject: 'Invoice sent to the wrong branch',
      description: 'The March invoice went to Campinas.',
      team_id: world.team.id,
    });

    // The agent raises it from the ticket view.
    const agentPage = await pages.person(world.alice.email);
    await agentPage.goto(`/tickets/${ticket.id}`);
    await agentPage.getByRole('button', { name: 'Raise as customer error' }).click();
    await agentPage.locator('.raised').getByText(/^Recorded as problem #\d+\.$/).waitFor();
    const problem = Number((await agentPage.locator('.raised').innerText()).match(/#(\d+)/)![1]);
    expect(problem).toBeGreaterThan(0);
    // The agent cannot read the log: no link to the record.
    expect(await agentPage.getByRole('link', { name: `Open problem #${problem}` }).count()).toBe(0);

    // The guardian finds it in the inbox.
    const page = await pages.person('gina.guardian@farol.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Guardian' }).click();
    await page.getByRole('heading', { level: 1, name: 'Guardian' }).waitFor();
    await page.getByRole('navigation', { name: 'Show' }).getByRole('link', { name: 'Inbox' }).click();
    const inbox = page.getByRole('table', { name: 'Inbox: new records, newest first' });
    await inbox.getByRole('link', { name: `#${problem} Invoice sent to the wrong branch` }).waitFor();
    expect(await inbox.getByRole('row', { name: /Invoice sent to the wrong branch/ }).innerText()).toContain('Not graded');
    await expectAccessible(page);
    await inbox.getByRole('link', { name: `#${problem} Invoice sent to the wrong branch` }).click();
    await page.getByRole('heading', { level: 1, name: `Problem #${problem}: Invoice sent to the wrong branch` }).waitFor();
    expect(await page.getByRole('group', { name: 'Affected organisations' }).getByRole('checkbox', { name: /Acme Telecom/ }).isChecked()).toBe(true);

    // Graded 2/3/3: the live score says 8 of 9, high, and every solution is required.
    await page.getByLabel('Error category').selectOption('wrong information');
    await page.getByLabel('Gravity').selectOption('2');
    await page.getByLabel('Urgency').selectOption('3');
    await page.getByLabel('Tendency').selectOption('3');
    await expect
      .poll(() => page.locator('#gut-score').innerText())
      .toBe('Score 8 of 9 — high: immediate, long-term and preventive solutions required');
    await page.getByLabel('Preventive solution (required)').waitFor();
    await page.getByLabel('Root cause').fill('The branch table was out of date.');
    await page.getByLabel('Cause category').selectOption('process');
    await page.getByLabel('Team where it happened').selectOption({ label: 'Network' });
    await page.getByLabel('Immediate solution (required)').fill('Resent the invoice to São Paulo.');
    await page.getByLabel('Long-term solution (required)').fill('Sync the branch table every night.');
    await expectAccessible(page);
    await page.getByRole('group', { name: 'Move the record' }).getByRole('button', { name: 'Move to Analysing' }).click();
    await page.getByRole('heading', { name: 'Status: Analysing' }).waitFor();

    // Without the preventive solution the action plan is refused, and the form says where.
    await page.getByRole('group', { name: 'Move the record' }).getByRole('button', { name: 'Move to Action plan' }).click();
    await page.getByText('required at level high before moving to action_plan').waitFor();
    const stored = await admin.ok('GET', `/api/v1/problems/${problem}`);
    expect(stored).toMatchObject({ status: 'analysing', gut: { score: 8, level: 'high', missing: ['preventive'] } });

    await page.getByLabel('Preventive solution (required)').fill('Check the branch before sending any invoice.');
    await page.getByRole('group', { name: 'Move the record' }).getByRole('button', { name: 'Move to Action plan' }).click();
    await page.getByRole('heading', { name: 'Status: Action plan' }).waitFor();
    expect(await admin.ok('GET', `/api/v1/problems/${problem}`)).toMatchObject({ status: 'action_plan', gut: { missing: [] } });

    // The ranked board: first, with its score in words.
    await page.getByRole('link', { name: 'Back to the guardian’s board' }).click();
    const board = page.getByRole('table', { name: 'Open records by rank' });
    const row = board.getByRole('row', { name: /Invoice sent to the wrong branch/ });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/8 of 9 — high/);
    expect(await row.innerText()).toContain('Action plan');
    await expectAccessible(page);
  });
});
