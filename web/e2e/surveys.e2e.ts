// Surveys in the browser against a real farol and a real mail server: a ticket is resolved, the
// survey e-mail reaches the SMTP sink, and its one-click link is opened in Chromium with no
// sign-in — the score is recorded at once, then a comment; opened again, the page shows the
// answer instead of taking another. A contact who speaks Portuguese gets the page in Portuguese
// and, opened without a score, chooses one on the scale. A tampered link gets a plain page and
// records nothing. The closed loop: an NPS survey made in the designer, a 3 given from the e-mail,
// and the organisation's CSM finds the follow-up in the inbox — its alert already at a webhook
// receiver on loopback and in the CSM's mail — records the outcome, and the results show it.
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectAccessible, type Farol, launchBrowser, Pages, PASSWORD, seed, type SmtpSink, startFarol, startSmtpSink, type World } from './harness';

// The address farol puts in its e-mails; the test opens the links' paths on the test server.
const PUBLIC_URL = 'https://desk.farol.example';

let farol: Farol;
let smtp: SmtpSink;
let world: World;
let browser: Browser;
let alice: Api;
let admin: Api;
let survey = 0;

beforeAll(async () => {
  smtp = await startSmtpSink();
  farol = await startFarol({
    env: { FAROL_SMTP_URL: smtp.url, FAROL_SMTP_FROM: 'farol@farol.test', FAROL_PUBLIC_URL: PUBLIC_URL, FAROL_SCHEDULER_TICK_MS: '100' },
  });
  world = await seed(farol);
  browser = await launchBrowser();
  alice = await new Api(farol.url).login(world.alice.email, PASSWORD);
  admin = await new Api(farol.url).login(world.admin.email, PASSWORD);
  survey = (
    await admin.ok('POST', '/api/v1/surveys', {
      name: 'CSAT after each ticket',
      kind: 'csat',
      comment_en: 'Anything we could have done better?',
      comment_pt: 'Algo que poderíamos ter feito melhor?',
    })
  ).id;
});

afterAll(async () => {
  await browser?.close();
  await farol?.stop();
  await smtp?.stop();
});

const pages = new Pages(() => browser, () => farol);

// A ticket for `requester`, resolved by Alice: its survey e-mail goes out.
async function resolvedTicket(requester: number, subject: string): Promise<number> {
  const t = await alice.ok('POST', '/api/v1/tickets', {
    organisation_id: world.acme.id,
    requester_id: requester,
    type: 'service_request',
    subject,
    description: 'Please help.',
    team_id: world.team.id,
  });
  await alice.ok('PATCH', `/api/v1/tickets/${t.id}`, { assignee_id: world.alice.id });
  await alice.ok('PATCH', `/api/v1/tickets/${t.id}`, { status: 'resolved' });
  return t.id;
}

// The survey e-mail about `ticket` once it reached the mail server, and its link for `score`
// (the path, to open on the test server; the e-mail names the public address).
async function surveyLink(ticket: number, score: number | null): Promise<{ mail: string; path: string }> {
  let mail = '';
  await expect
    .poll(() => (mail = smtp.messages().find((m) => new RegExp(`^Subject: .*#${ticket}\\s*$`, 'm').test(m) && /survey\//.test(m)) ?? ''), { timeout: 15_000 })
    .not.toBe('');
  const text = mail.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const links = [...text.matchAll(/(https:\/\/desk\.farol\.example\/survey\/[\w-]+)\?score=(\d+)/g)];
  const link = links.find((l) => Number(l[2]) === (score ?? 1));
  expect(link, mail).toBeDefined();
  const path = new URL(link![1]).pathname + (score === null ? '' : `?score=${score}`);
  return { mail: text, path };
}

const responses = async () => (await admin.ok('GET', `/api/v1/surveys/${survey}/responses`)).items as { ticket_id: number; score: number; comment: string }[];

describe('the respondent', () => {
  it('answers from the e-mail with one click, then adds a comment; the link takes no second answer', async () => {
    const ticket = await resolvedTicket(world.carla.id, 'VPN drops every hour');
    const { mail, path } = await surveyLink(ticket, 3);
    expect(mail).toContain('1 = very unsatisfied, 5 = very satisfied');
    const page: Page = await pages.browse();
    await page.goto(farol.url + path);
    const main = page.getByRole('main');
    await main.getByText('Thank you! Your answer, 3, is recorded.').waitFor();
    expect(await main.innerText()).toContain(`About ticket #${ticket}: VPN drops every hour`);
    // The score left the address: reloading shows the answer instead of sending it again.
    expect(new URL(page.url()).search).toBe('');
    await expectAccessible(page);
    expect((await responses()).filter((r) => r.ticket_id === ticket)).toMatchObject([{ score: 3, comment: '' }]);

    const box = main.getByLabel('Anything we could have done better?');
    await box.fill('The first answer took two days.');
    await main.getByRole('button', { name: 'Send comment' }).click();
    await main.getByText('Thank you for your comment: it is recorded with your answer.').waitFor();
    expect((await responses()).filter((r) => r.ticket_id === ticket)).toMatchObject([{ score: 3, comment: 'The first answer took two days.' }]);

    // The e-mail's link for another score, opened later: the answer stands, nothing changes.
    const again = await pages.browse();
    await again.goto(farol.url + path.replace('score=3', 'score=5'));
    await again.getByRole('main').getByText('This survey was already answered: 3. Thank you!').waitFor();
    expect(await again.getByRole('main').innerText()).toContain('The first answer took two days.');
    expect(await again.getByRole('button', { name: /^5/ }).count()).toBe(0);
    expect((await responses()).filter((r) => r.ticket_id === ticket)).toMatchObject([{ score: 3 }]);
  });

  it('gets the page in Portuguese, and opened without a score chooses one on the scale', async () => {
    const paula = await admin.ok('POST', '/api/v1/contacts', {
      organisation_id: world.acme.id,
      name: 'Paula Pereira',
      email: 'paula@acme.test',
      locale: 'pt-BR',
      time_zone: 'America/Sao_Paulo',
    });
    const ticket = await resolvedTicket(paula.id, 'Impressora parada');
    const { mail, path } = await surveyLink(ticket, null);
    expect(mail).toContain('1 = muito insatisfeito, 5 = muito satisfeito');
    const page = await pages.browse('en-US');  // the survey's language, not the browser's
    await page.goto(farol.url + path);
    const main = page.getByRole('main');
    await main.getByRole('heading', { level: 1, name: 'Como foi o nosso atendimento?' }).waitFor();
    expect(await main.getAttribute('lang')).toBe('pt-BR');
    const scale = main.getByRole('group', { name: 'Qual o seu grau de satisfação com o atendimento que você recebeu?' });
    expect(await scale.getByRole('button').allInnerTexts()).toEqual(['1', '2', '3', '4', '5']);
    await expectAccessible(page);
    await scale.getByRole('button', { name: '5, muito satisfeito' }).click();
    await main.getByText('Obrigado! A sua resposta, 5, está registrada.').waitFor();
    expect(await main.getByLabel('Algo que poderíamos ter feito melhor?').count()).toBe(1);
    expect((await responses()).filter((r) => r.ticket_id === ticket)).toMatchObject([{ score: 5 }]);
  });

  it('gets a plain page for a tampered link, and nothing is recorded', async () => {
    const before = (await responses()).length;
    const page = await pages.browse();
    await page.goto(`${farol.url}/survey/not-a-real-token-at-all-0000000000000000000?score=1`);
    await page.getByRole('heading', { level: 1, name: 'This survey link is not valid' }).waitFor();
    expect(await page.getByRole('main').innerText()).toContain('Nothing was recorded.');
    await expectAccessible(page);
    expect((await responses()).length).toBe(before);
  });
});

describe('the closed loop', () => {
  const got: Array<{ path: string; body: string }> = [];
  let receiver: Server;
  let port = 0;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        got.push({ path: req.url ?? '', body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, '127.0.0.1', ok));
    port = (receiver.address() as { port: number }).port;
  });

  afterAll(() => receiver?.close());

  it('a 3 out of 10 reaches the CSM: a follow-up in the inbox, an alert at the webhook, the outcome in the results', async () => {
    // Carol is Acme's CSM; the CSAT survey stops, so only the new NPS survey goes out.
    const carol = await admin.ok('POST', '/api/v1/users', {
      email: 'carol.csm@farol.test',
      name: 'Carol Success',
      role: 'csm',
      password: PASSWORD,
      locale: 'en',
      time_zone: 'America/Sao_Paulo',
    });
    await admin.ok('PATCH', `/api/v1/organisations/${world.acme.id}`, { csm_id: carol.id });
    const csat = await admin.ok('GET', `/api/v1/surveys/${survey}`);
    await admin.ok('PATCH', `/api/v1/surveys/${survey}`, { active: false, version: csat.version });
    await admin.ok('POST', '/api/v1/alerts/channels', {
      name: 'Customer success hook',
      kind: 'webhook',
      url: `http://127.0.0.1:${port}/cs`,
      secret: 'e2e-signing-secret-0123',
    });

    // The CSM designs the survey and routes unhappy answers to the webhook.
    const page = await pages.person('carol.csm@farol.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Surveys' }).click();
    await page.getByRole('heading', { level: 1, name: 'Surveys' }).waitFor();
    await page.getByRole('link', { name: 'New survey' }).click();
    await page.getByRole('heading', { level: 1, name: 'New survey' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('NPS after tickets');
    await page.getByLabel('Kind').selectOption('nps');
    await page.getByLabel('Comment prompt (English)').fill('What is the main reason for your score?');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Create survey' }).click();
    await page.getByText('Survey NPS after tickets was created.').waitFor();
    const nps = Number(new URL(page.url()).pathname.split('/')[2]);
    expect(nps).toBeGreaterThan(0);
    await page.getByRole('main').getByText('No answers in this period.').waitFor();

    await page.goto('/surveys/alerts');
    await page.getByRole('heading', { level: 1, name: 'Who hears about survey answers' }).waitFor();
    await page.getByText('No routes: only the CSMs hear about unhappy answers.').waitFor();
    await page.getByRole('button', { name: 'Add a route' }).click();
    const route = page.getByRole('group', { name: 'Route 1' });
    await route.getByLabel('Channel').selectOption({ label: 'Customer success hook (webhook)' });
    expect(await route.getByLabel('Unhappy answers').isChecked()).toBe(true);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save routes' }).click();
    await page.getByText('The routes were saved.').waitFor();
    // Where the channel points stays with the administrators.
    expect(await page.getByRole('main').innerText()).not.toContain(`127.0.0.1:${port}`);

    // A new customer's ticket is resolved; the e-mail's "3" is clicked.
    const rui = await admin.ok('POST', '/api/v1/contacts', { organisation_id: world.acme.id, name: 'Rui Ramos', email: 'rui@acme.test', locale: 'en' });
    const ticket = await resolvedTicket(rui.id, 'Link down since Monday');
    const { mail, path } = await surveyLink(ticket, 3);
    expect(mail).toContain('0 = not at all likely, 10 = extremely likely');
    const respondent = await pages.browse();
    await respondent.goto(farol.url + path);
    await respondent.getByRole('main').getByText('Thank you! Your answer, 3, is recorded.').waitFor();
    await respondent.getByRole('main').getByLabel('What is the main reason for your score?').fill('Two days without a link.');
    await respondent.getByRole('main').getByRole('button', { name: 'Send comment' }).click();
    await respondent.getByRole('main').getByText('Thank you for your comment: it is recorded with your answer.').waitFor();

    // The alert reached the webhook receiver, with the follow-up's link; the CSM got an e-mail.
    await expect.poll(() => got.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const alert = JSON.parse(got[0].body);
    expect(alert.event).toBe('survey.answer');
    expect(alert.answer).toMatchObject({ score: 3, sentiment: 'detractor' });
    expect(alert.url).toMatch(new RegExp(`^${PUBLIC_URL}/followups/\\d+$`));
    await expect
      .poll(() => smtp.messages().some((m) => /^To: .*carol\.csm@farol\.test/m.test(m) && /Survey answer 3\/10 \(detractor\)/.test(m)), { timeout: 15_000 })
      .toBe(true);

    // The CSM's inbox has it, waiting for first contact.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Follow-ups' }).click();
    await page.getByRole('heading', { level: 1, name: 'Follow-ups' }).waitFor();
    const row = page.getByRole('row', { name: /Rui Ramos/ });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('3 of 10 — Detractor');
    expect(text).toContain('Two days without a link.');
    expect(text).toContain('Carol Success');
    expect(text).toContain('Waiting for contact');
    await expectAccessible(page);
    await row.getByRole('link', { name: 'Rui Ramos' }).click();
    expect(new URL(page.url()).pathname).toBe(new URL(alert.url).pathname);
    await page.getByRole('heading', { level: 1, name: /^Follow-up #\d+$/ }).waitFor();
    expect(await page.getByRole('main').innerText()).toContain(`#${ticket} Link down since Monday`);
    await page.getByLabel('Outcome').selectOption('contacted');
    await page.getByLabel('Note').fill('Called Rui: the carrier fixed the link; we will follow up on Friday.');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Record' }).click();
    await page.getByRole('main').getByText(/^Contacted$/).first().waitFor();
    expect(await page.getByRole('main').innerText()).toContain('(within the deadline)');

    // The results: NPS −100 from one answer, its follow-up first contacted in time.
    await page.goto(`/surveys/${nps}`);
    await page.getByRole('heading', { level: 1, name: 'Results: NPS after tickets' }).waitFor();
    const headline = page.getByRole('region', { name: 'NPS' });
    expect(await headline.innerText()).toMatch(/-100[\s\S]*± 0 \(95%\)[\s\S]*1 answer\b/);
    await page.getByRole('img', { name: 'NPS by month, with its 95% margin of error as a band' }).waitFor();
    await page.getByText('First contact within the deadline: 100%').waitFor();
    expect(await page.getByRole('row', { name: /Two days without a link\./ }).innerText()).toContain('Detractor');
    await expectAccessible(page);
  });
});

describe('a relational campaign', () => {
  it('is made on the survey page and asks a customer in their send window; the round shows it', async () => {
    const survey = (await admin.ok('POST', '/api/v1/surveys', { name: 'NPS twice a year', kind: 'nps', send_on: 'never' })).id;
    const page = await pages.person(world.admin.email);
    await page.goto(`/surveys/${survey}`);
    await page.getByRole('heading', { level: 1, name: 'Results: NPS twice a year' }).waitFor();
    await page.getByText('No campaigns for this survey.').waitFor();
    await page.getByRole('button', { name: 'New campaign' }).click();
    await page.getByLabel('Campaign name').fill('Globex, twice a year');
    await page.getByRole('group', { name: /^Organisations/ }).getByLabel('Globex').check();
    await page.getByLabel('Next round starts').fill('2026-01-05T09:00');
    await page.getByLabel('Send window from').fill('00:00');
    await page.getByLabel('Send window to').fill('23:59');
    await page.getByLabel('Monday to Friday only').uncheck();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Create campaign' }).click();
    const row = page.getByRole('row', { name: /Globex, twice a year/ });
    await row.waitFor();
    expect(await row.innerText()).toContain('6 months');
    // The scheduler (a tick every 100 ms here) starts the round and asks Dave, Globex's contact.
    await expect
      .poll(() => smtp.messages().some((m) => /^To: .*dave@globex\.test/m.test(m) && /A quick question about our service/.test(m)), { timeout: 15_000 })
      .toBe(true);
    await expect
      .poll(async () => {
        await page.reload();
        return page.getByRole('row', { name: /Globex, twice a year/ }).innerText();
      }, { timeout: 10_000 })
      .toMatch(/1 invited, 0 waiting, 0 skipped/);
    // Edited on the page: the send window moves, the campaign is renamed.
    await page.getByRole('button', { name: 'Edit (Globex, twice a year)' }).click();
    const form = page.getByRole('form', { name: 'Edit campaign: Globex, twice a year' });
    await form.getByLabel('Campaign name').fill('Globex, each semester');
    await form.getByLabel('Send window from').fill('08:00');
    await form.getByLabel('Send window to').fill('18:00');
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Save campaign' }).click();
    await page.getByText('Campaign Globex, each semester was saved.').waitFor();
    const saved = (await admin.ok('GET', `/api/v1/survey-campaigns?survey_id=${survey}`)).items[0];
    expect(saved).toMatchObject({ name: 'Globex, each semester', window_start: '08:00', window_end: '18:00', every_months: 6 });

    await page.getByRole('button', { name: 'Pause (Globex, each semester)' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Globex, each semester/ }).innerText()).toContain('Inactive');
  });
});

describe('follow-up questions', () => {
  it('are written in the designer, answered on the page after the score, and counted in the results', async () => {
    // Only this survey goes out now.
    for (const s of (await admin.ok('GET', '/api/v1/surveys')).items as { id: number; active: boolean; version: number }[]) {
      if (s.active) await admin.ok('PATCH', `/api/v1/surveys/${s.id}`, { active: false, version: s.version });
    }
    const id = (await admin.ok('POST', '/api/v1/surveys', { name: 'NPS with reasons', kind: 'nps' })).id;
    const page = await pages.person(world.admin.email);
    await page.goto(`/surveys/${id}/design`);
    await page.getByText(/a contact is asked at most once every 30 days/).waitFor();
    const section = page.getByRole('group', { name: 'Follow-up questions' });
    await section.getByRole('button', { name: 'Add a follow-up question' }).click();
    const first = section.getByRole('group', { name: 'Follow-up question 1' });
    await first.getByLabel('Answer type').selectOption('choice');
    await first.getByLabel('Text (English)').fill('What was the main reason?');
    await first.getByLabel('Text (Portuguese)').fill('Qual foi o principal motivo?');
    await first.getByLabel('Options (English)').fill('Speed\nQuality\nPrice');
    await first.getByLabel('Options (Portuguese)').fill('Rapidez\nQualidade\nPreço');
    await first.getByLabel('Asked after').selectOption('negative');
    await section.getByRole('button', { name: 'Add a follow-up question' }).click();
    const second = section.getByRole('group', { name: 'Follow-up question 2' });
    await second.getByLabel('Text (English)').fill('Anything else?');
    await second.getByLabel('Text (Portuguese)').fill('Algo mais?');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Survey NPS with reasons was saved.').waitFor();
    const designed = await admin.ok('GET', `/api/v1/surveys/${id}`);
    expect(designed.questions).toMatchObject([
      { id: 1, kind: 'choice', options_en: ['Speed', 'Quality', 'Price'], options_pt: ['Rapidez', 'Qualidade', 'Preço'], ask: 'negative' },
      { id: 2, kind: 'text', text_en: 'Anything else?', ask: 'always' },
    ]);

    // A customer gives a 3 from the e-mail, then answers both questions on the page.
    const vera = await admin.ok('POST', '/api/v1/contacts', { organisation_id: world.acme.id, name: 'Vera Vaz', email: 'vera@acme.test', locale: 'en' });
    const ticket = await resolvedTicket(vera.id, 'Invoices missing');
    const { path } = await surveyLink(ticket, 3);
    const respondent = await pages.browse();
    await respondent.goto(farol.url + path);
    const main = respondent.getByRole('main');
    await main.getByText('Thank you! Your answer, 3, is recorded.').waitFor();
    await main.getByRole('radiogroup', { name: 'What was the main reason?' }).getByRole('radio', { name: 'Speed' }).check();
    await main.getByLabel('Anything else?').fill('Three days for an answer.');
    await expectAccessible(respondent);
    await main.getByRole('button', { name: 'Send answers' }).click();
    await main.getByText('Thank you: your answers are recorded with your score.').waitFor();
    const answers = (await admin.ok('GET', `/api/v1/surveys/${id}/responses`)).items;
    expect(answers).toMatchObject([
      { score: 3, answers: [{ question: 1, choice: 0, text: '' }, { question: 2, choice: null, text: 'Three days for an answer.' }] },
    ]);

    // The results count the option and list the answers under the score.
    await page.goto(`/surveys/${id}`);
    await page.getByRole('heading', { level: 2, name: 'Follow-up questions' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'What was the main reason?' }).waitFor();
    const speed = await page.getByRole('table', { name: 'Answers per option: What was the main reason?' }).getByRole('row', { name: /Speed/ }).innerText();
    expect(speed).toMatch(/Speed\s+1\s+100\s?%/);
    // The answer, with its question answers under it.
    const answer = page.getByRole('row', { name: /Three days for an answer\./ });
    await answer.waitFor();
    expect(await answer.innerText()).toMatch(/What was the main reason\?:?\s+Speed/);
    await expectAccessible(page);
  });
});

