// Live chat in the browser against a real farol (docs/CHAT.md): an agent makes herself available
// on the chat desk; a portal customer starts a chat; the agent picks it up and both sides see each
// other's lines as they are said, then the customer ends it. A visitor of a customer's own web
// site (a page on another origin that embeds widget.js) chats through the framed widget, in
// Portuguese. A chat nobody picks up in time tells the customer so. axe-core checks the screens.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, expectAccessible, type Farol, launchBrowser, Pages, PASSWORD, seed, startFarol, type World } from './harness';

let farol: Farol;
let world: World;
let browser: Browser;
let admin: Api;
let site: Server;
let siteUrl = '';
let widgetKey = '';

beforeAll(async () => {
  // A chat waits 10 s for an agent (the shortest farol allows); the scheduler looks every 200 ms.
  farol = await startFarol({ env: { FAROL_CHAT_PICKUP_SECONDS: '10', FAROL_SCHEDULER_TICK_MS: '200' } });
  world = await seed(farol);
  browser = await launchBrowser();
  admin = await new Api(farol.url).login(world.admin.email, PASSWORD);
  // The customer's own web site, on another origin, with the snippet an admin copies.
  const widget = await admin.ok('POST', '/api/v1/chat/widgets', { name: 'acme.test', organisation_id: world.acme.id, team_id: world.team.id });
  widgetKey = widget.key;
  site = createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="pt-BR"><title>Acme</title><h1>Acme Telecom</h1>
      <script src="${farol.url}/widget.js" data-farol-chat="${widgetKey}" async></script>`);
  });
  await new Promise<void>((ok) => site.listen(0, '127.0.0.1', ok));
  siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await browser?.close();
  await farol?.stop();
  site?.close();
});

const pages = new Pages(() => browser, () => farol);

const log = (page: Page) => page.getByRole('log', { name: 'Conversation' });

async function available(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chats' }).click();
  await page.getByRole('heading', { level: 1, name: 'Chats' }).waitFor();
  await page.getByLabel('My presence').selectOption('available');
  await expect.poll(() => page.getByRole('listitem').filter({ hasText: 'Alice Agent: Available' }).count()).toBe(1);
}

describe('live chat', () => {
  let alice: Page;

  it('lets a customer and an agent talk live, and end the chat', async () => {
    alice = await pages.person(world.alice.email);
    await available(alice);
    await alice.getByText('No chat is waiting.').waitFor();
    await expectAccessible(alice);

    const carla = await pages.person(world.carla.email);
    await carla.getByRole('navigation').getByRole('link', { name: 'Chat with us' }).click();
    await carla.getByRole('heading', { level: 1, name: 'Chat with us' }).waitFor();
    await carla.getByRole('button', { name: 'Start chat' }).click();
    await carla.getByText('Write a message.').waitFor();
    await carla.getByLabel('How can we help?').fill('The VPN to the Campinas office is down');
    await carla.getByRole('button', { name: 'Start chat' }).click();
    await carla.getByText('Waiting for an agent to join…').waitFor();
    await expectAccessible(carla);

    // The waiting chat reaches the desk by itself; Alice picks it up.
    await alice.getByRole('button', { name: 'Pick up the chat with Carla Customer' }).click();
    await alice.getByText('Alice Agent is on this chat.').waitFor();
    await carla.getByText('You are talking with Alice Agent.').waitFor();

    const say = async (page: Page, text: string) => {
      await page.getByLabel('Message', { exact: true }).fill(text);
      await page.getByLabel('Message', { exact: true }).press('Enter');
    };
    await say(alice, 'Hello Carla, checking the tunnel now.');
    await expect.poll(() => log(carla).innerText()).toContain('Hello Carla, checking the tunnel now.');
    await say(carla, 'Thanks! It dropped at 9:40.');
    await expect.poll(() => log(alice).innerText()).toContain('Thanks! It dropped at 9:40.');
    await expect.poll(() => log(carla).innerText()).toMatch(/You[\s\S]*VPN to the Campinas[\s\S]*Alice Agent[\s\S]*checking the tunnel[\s\S]*You[\s\S]*dropped at 9:40/);
    await expectAccessible(alice);

    carla.once('dialog', (d) => void d.accept());
    await carla.getByRole('button', { name: 'End chat' }).click();
    await carla.getByText('This chat has ended.').first().waitFor();
    await alice.getByText('This chat has ended.').first().waitFor();
    // The conversation is the ticket's timeline.
    await alice.getByRole('link', { name: /Open ticket #\d+/ }).click();
    await expect.poll(() => alice.locator('main').innerText()).toContain('Thanks! It dropped at 9:40.');
  });

  it('lets a visitor of the customer’s own site chat through the framed widget, in Portuguese', async () => {
    const visitor = await pages.browse('pt-BR');
    await visitor.goto(siteUrl);
    await visitor.getByRole('button', { name: 'Converse conosco' }).click();
    const frame = visitor.frameLocator('iframe[data-farol-chat-frame]');
    await frame.getByRole('heading', { name: 'Converse com Acme Telecom' }).waitFor();
    await frame.getByText('Há um atendente online.').waitFor();
    await frame.getByLabel('Seu nome').fill('Vera Visitante');
    await frame.getByLabel('Seu e-mail').fill('vera@acme.test');
    await frame.getByLabel('Como podemos ajudar?').fill('Quero contratar mais um link');
    await frame.getByRole('button', { name: 'Iniciar chat' }).click();
    await frame.getByText('Aguardando um atendente…').waitFor();

    await alice.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chats' }).click();
    await alice.getByRole('button', { name: 'Pick up the chat with Vera Visitante' }).click();
    await alice.getByText('From the web site: name and e-mail not verified').first().waitFor();
    await alice.getByLabel('Message', { exact: true }).fill('Olá Vera! Qual endereço?');
    await alice.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => frame.getByRole('log', { name: 'Conversa' }).innerText()).toContain('Olá Vera! Qual endereço?');
    await frame.getByText('Você está conversando com Alice Agent.').waitFor();
    await frame.getByLabel('Mensagem', { exact: true }).fill('Rua das Flores, 100');
    await frame.getByLabel('Mensagem', { exact: true }).press('Enter');
    await expect.poll(() => log(alice).innerText()).toContain('Rua das Flores, 100');
    // Both sides see the whole conversation in order.
    await expect.poll(() => frame.getByRole('log', { name: 'Conversa' }).innerText()).toMatch(/Você[\s\S]*mais um link[\s\S]*Alice Agent[\s\S]*Qual endereço[\s\S]*Você[\s\S]*Rua das Flores/);
  });

  it('tells a customer when nobody picks the chat up in time, and keeps it as a ticket', async () => {
    const dave = await pages.person(world.dave.email);
    await dave.goto('/portal/chat');
    await dave.getByLabel('How can we help?').fill('Invoice question');
    await dave.getByRole('button', { name: 'Start chat' }).click();
    await dave.getByText('Waiting for an agent to join…').waitFor();
    // Nobody picks it up: 10 s later the customer is told, in the conversation and above it.
    await expect
      .poll(() => log(dave).innerText(), { timeout: 20_000 })
      .toMatch(/No agent could take this chat in time\. Your message is kept as ticket #\d+/);
    await dave.getByText(/Nobody could take this chat live\. It is kept as ticket #\d+/).waitFor();
    await dave.getByRole('link', { name: /Open ticket #\d+/ }).waitFor();
    await expectAccessible(dave);
  });

  it('lets an admin make a widget, copy its snippet and revoke it', async () => {
    const ada = await pages.person(world.admin.email);
    await ada.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
    await ada.getByRole('navigation', { name: 'Administration sections' }).getByRole('link', { name: 'Chat widgets' }).click();
    await ada.getByRole('heading', { level: 1, name: 'Chat widgets' }).waitFor();
    await ada.getByRole('button', { name: 'New widget' }).click();
    await ada.getByLabel('Name', { exact: true }).fill('globex.test');
    await ada.getByLabel('Find the organisation').fill('Globex');
    await expect.poll(() => ada.getByLabel('Organisation', { exact: true }).locator('option').allInnerTexts()).toContain('Globex');
    await ada.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Globex' });
    await ada.getByRole('button', { name: 'Create widget' }).click();
    const row = ada.getByRole('row').filter({ hasText: 'globex.test' });
    await row.waitFor();
    const snippet = await row.getByRole('textbox').inputValue();
    expect(snippet).toMatch(new RegExp(`^<script src="${farol.url}/widget.js" data-farol-chat="fwid_[\\w-]+" async></script>$`));
    await expectAccessible(ada);
    const key = /data-farol-chat="([^"]+)"/.exec(snippet)![1];
    expect((await fetch(`${farol.url}/api/v1/chat-widgets/${key}`)).status).toBe(200);
    ada.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: /Revoke/ }).click();
    await row.getByText('Revoked').waitFor();
    expect((await fetch(`${farol.url}/api/v1/chat-widgets/${key}`)).status).toBe(401);
  });
});
