// Surveys in the browser against a real farol and a real mail server: a ticket is resolved, the
// survey e-mail reaches the SMTP sink, and its one-click link is opened in Chromium with no
// sign-in — the score is recorded at once, then a comment; opened again, the page shows the
// answer instead of taking another. A contact who speaks Portuguese gets the page in Portuguese
// and, opened without a score, chooses one on the scale. A tampered link gets a plain page and
// records nothing.
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
