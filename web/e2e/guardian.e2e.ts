// The customer guardian in the browser against a real farol (docs/GUARDIAN.md): an agent raises a
// ticket as a customer error from the ticket view; the guardian finds it in the inbox, grades it —
// the form shows the seed's 2/3/3 as 8 of 9, high, and marks every solution required — and the
// record cannot reach its action plan until the preventive solution is written; the ranked board
// then shows it with its score. Then an action plan: the guardian gives the agent a preventive
// action with a due date; the agent finds it in her work list and marks it done with its
// evidence; the guardian sees it done, and the timeline tells the change and the guardian's
// comment. Then this month's report counts those records, charts the last 12 months and offers
// itself as a PDF. Last, the apology inbox from the board: an apology e-mail's .eml chosen in the
// browser becomes a record keeping the message as its file; the same file again leads to that
// record and says so.
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

  it('gives an agent a preventive action, which she marks done with its evidence from her work list; the timeline tells it', async () => {
    // Arranged: a record in its action plan (graded low, its immediate solution written).
    const gina = await new Api(farol.url).login('gina.guardian@farol.test', PASSWORD);
    let record = await gina.ok('POST', '/api/v1/problems', {
      title: 'Invoice sent twice',
      description: 'The March billing run sent every invoice twice.',
      root_cause: 'Two billing runs started at once.',
      cause_category: 'tool',
      team_id: world.team.id,
      gravity: 1,
      urgency: 1,
      tendency: 1,
      solution_immediate: 'Told the customers to ignore the second invoice.',
    });
    for (const status of ['analysing', 'action_plan']) {
      record = await gina.ok('PATCH', `/api/v1/problems/${record.id}`, { status, version: record.version });
    }

    // The guardian plans a preventive action for Alice, with a due date.
    const page = await pages.person('gina.guardian@farol.test');
    await page.goto(`/guardian/problems/${record.id}`);
    await page.getByRole('heading', { level: 1, name: `Problem #${record.id}: Invoice sent twice` }).waitFor();
    const plan = page.getByRole('region', { name: 'Action plan', exact: true });
    expect(await page.locator('#time-to-prevention').innerText()).toBe('Prevented in —');
    const add = plan.getByRole('form', { name: 'Add an action' });
    await add.getByLabel('Kind of action', { exact: true }).selectOption('preventive');
    await add.getByLabel('What to do', { exact: true }).fill('Lock the billing run');
    await add.getByLabel('Owner', { exact: true }).selectOption({ label: 'Alice Agent' });
    await add.getByLabel('Team that does it', { exact: true }).selectOption({ label: 'Network' });
    await add.getByLabel('Due', { exact: true }).fill('2030-03-10T18:00');
    await add.getByRole('button', { name: 'Add action' }).click();
    const planned = plan.getByRole('table', { name: 'Preventive actions' }).getByRole('row', { name: /Lock the billing run/ });
    await planned.waitFor();
    expect(await planned.innerText()).toContain('Alice Agent');
    expect(await planned.innerText()).toContain('3/10/30');  // 18:00 in São Paulo, as typed
    await planned.getByText('Open', { exact: true }).waitFor();
    await expectAccessible(page);

    // Alice finds it in her work list (she may not read the record: its title is not a link)…
    const agent = await pages.person(world.alice.email);
    await agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Problem actions' }).click();
    await agent.getByRole('heading', { level: 1, name: 'Problem actions' }).waitFor();
    await agent.getByLabel('Only actions I own').check();
    const list = agent.getByRole('table', { name: 'Problem actions, soonest due first' });
    const mine = list.getByRole('row', { name: /Lock the billing run/ });
    await mine.waitFor();
    expect(await mine.innerText()).toContain(`#${record.id} Invoice sent twice`);
    expect(await mine.getByRole('link').count()).toBe(0);
    await expectAccessible(agent);

    // …and marks it done: the evidence is asked for, and the row says so.
    await mine.getByRole('button', { name: 'Mark done' }).click();
    const dialog = agent.getByRole('dialog', { name: 'Mark “Lock the billing run” done' });
    await dialog.getByRole('button', { name: 'Mark done' }).click();
    await dialog.getByText('Write the evidence: an action is done only with it.').waitFor();
    await dialog.getByLabel('Evidence').fill('The billing run now takes a lock: change CHG-2026-114.');
    await dialog.getByRole('button', { name: 'Mark done' }).click();
    await mine.getByText('Done', { exact: true }).waitFor();
    expect(await mine.getByRole('button', { name: 'Mark done' }).count()).toBe(0);

    // The guardian sees it done, with its evidence; prevention is now counted.
    await page.reload();
    const done = page.getByRole('table', { name: 'Preventive actions' }).getByRole('row', { name: /Lock the billing run/ });
    await done.getByText('Done', { exact: true }).waitFor();
    expect(await done.innerText()).toContain('CHG-2026-114');
    expect(await page.locator('#time-to-prevention').innerText()).toMatch(/^Prevented in \d+(\.\d)? days?$/);

    // The timeline tells the plan and its completion, and takes the guardian's comment.
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Gina Guardian added the preventive action “Lock the billing run”.').waitFor();
    await timeline.getByText('Alice Agent marked the action “Lock the billing run” done.').waitFor();
    await page.getByLabel('Comment', { exact: true }).fill('Checked the April run: one invoice each.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await timeline.getByRole('article', { name: 'Gina Guardian commented' }).getByText('Checked the April run: one invoice each.').waitFor();
    expect(await page.getByLabel('Comment', { exact: true }).inputValue()).toBe('');
    await expectAccessible(page);
  });

  it("shows the month's report: the records counted as the API counts them, the trend chart and the PDF", async () => {
    // The server runs on the real clock, and the records above were reported just now: this
    // month, in Gina's time zone (São Paulo).
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
    const month = `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
    const gina = await new Api(farol.url).login('gina.guardian@farol.test', PASSWORD);
    const expected = await gina.ok('GET', `/api/v1/guardian/reports/monthly?month=${month}`);
    expect(expected.recorded).toBeGreaterThanOrEqual(1);

    const page = await pages.person('gina.guardian@farol.test');
    await page.goto(`/guardian/reports?month=${month}`);
    await page.getByRole('heading', { level: 1, name: 'Monthly reports' }).waitFor();
    expect(await page.getByLabel('Month', { exact: true }).inputValue()).toBe(month);
    await expect.poll(() => page.locator('#figure-recorded').innerText()).toBe(String(expected.recorded));

    // The last 12 months as a chart, and its numbers in a table for screen readers.
    const chart = page.getByRole('img', { name: /^Problem records recorded and closed each month, / });
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toContain(`In all: ${expected.trend.reduce((n: number, x: { recorded: number }) => n + x.recorded, 0)} recorded`);
    const trend = page.getByRole('table', { name: /^Recorded and closed, / });
    expect(await trend.locator('tbody tr').count()).toBe(12);
    expect(await trend.locator('tbody tr').last().locator('td').first().textContent()).toBe(String(expected.recorded));

    // The same report as a PDF.
    const href = await page.getByRole('link', { name: 'Download PDF' }).getAttribute('href');
    expect(href).toContain('format=pdf');
    expect(href).toContain(`month=${month}`);
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await expectAccessible(page);
  });

  it('records a problem from an apology e-mail uploaded on the board, and knows the same e-mail again', async () => {
    const apology = {
      name: 'apology.eml',
      mimeType: 'message/rfc822',
      buffer: Buffer.from(
        [
          'From: Gina Guardian <gina.guardian@farol.test>',
          `To: Carla Customer <${world.carla.email}>`,
          'Subject: Re: Sorry for the late visit',
          `Message-ID: <e2e-apology-${Date.now()}-${process.pid}@farol.test>`,
          'Date: Fri, 04 Dec 2026 15:00:00 -0300',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Carla, we are sorry: the technician reached your office two hours late.',
          '',
          '> The technician has not arrived yet.',
        ].join('\r\n') + '\r\n',
      ),
    };
    const page = await pages.person('gina.guardian@farol.test');
    await page.goto('/guardian');
    await page.getByRole('heading', { level: 1, name: 'Guardian' }).waitFor();
    await page.getByRole('button', { name: 'Record from an e-mail' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a problem from an e-mail' });
    await dialog.getByText(/Bcc the apology address/).waitFor();
    await dialog.getByRole('button', { name: 'Record it' }).click();
    await dialog.getByText('Choose a file first.').waitFor();
    await expectAccessible(page);
    await dialog.getByLabel('Message file (.eml)').setInputFiles(apology);
    await dialog.getByRole('button', { name: 'Record it' }).click();

    // The new record: its title without the "Re:", the message kept as its file.
    const heading = page.getByRole('heading', { level: 1, name: /Sorry for the late visit/ });
    await heading.waitFor();
    const id = Number(/#(\d+)/.exec(await heading.innerText())![1]);
    expect(await heading.innerText()).toBe(`Problem #${id}: Sorry for the late visit`);
    expect(new URL(page.url()).pathname).toBe(`/guardian/problems/${id}`);
    await page.getByRole('list', { name: 'Files' }).getByRole('link', { name: 'apology.eml' }).waitFor();
    const gina = await new Api(farol.url).login('gina.guardian@farol.test', PASSWORD);
    expect(await gina.ok('GET', `/api/v1/problems/${id}`)).toMatchObject({ title: 'Sorry for the late visit', status: 'new', organisation_ids: [world.acme.id] });
    await expectAccessible(page);

    // The same file again: the same record, and the page says it was recorded before.
    await page.getByRole('link', { name: 'Back to the guardian’s board' }).click();
    await page.getByRole('button', { name: 'Record from an e-mail' }).click();
    await dialog.getByLabel('Message file (.eml)').setInputFiles(apology);
    await dialog.getByRole('button', { name: 'Record it' }).click();
    await page.getByRole('status').filter({ hasText: `This e-mail was already recorded as problem #${id}.` }).waitFor();
    await page.getByRole('heading', { level: 1, name: `Problem #${id}: Sorry for the late visit` }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/guardian/problems/${id}`);
    const all = await gina.ok('GET', '/api/v1/problems?status=all&limit=200');
    expect(all.items.filter((x: { title: string }) => x.title === 'Sorry for the late visit')).toHaveLength(1);
  });
});
