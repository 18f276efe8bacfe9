// The browser tests' world: a real farol server (the binary the build produced) on loopback with
// a throwaway SQLite database, serving the built web app; Debian's Chromium driven by
// playwright-core; a small API client for arranging data; axe-core for accessibility.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeEach, expect } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '../..');
export const artifacts = resolve(process.env.FAROL_E2E_ARTIFACTS ?? join(repo, 'build/e2e-artifacts'));

export interface Farol {
  url: string;
  dir: string;
  database: string;
  cli: (args: string[], input?: string) => string;
  // What the server wrote to standard error so far (warnings and errors: --log-level warn).
  log: () => string;
  stop: () => Promise<void>;
}

function farolBinary(): string {
  const bin = process.env.FAROL_BIN ?? join(repo, 'build/farol');
  if (!existsSync(bin)) throw new Error(`farol binary not found at ${bin}: run ./scripts/build.sh first (or set FAROL_BIN)`);
  return bin;
}

function webRoot(): string {
  const root = process.env.FAROL_WEB_ROOT ?? join(repo, 'web/dist');
  if (!existsSync(join(root, 'index.html'))) throw new Error(`the web app is not built at ${root}: run ./scripts/build.sh (or npm run build in web/)`);
  return root;
}

// `env`: settings for `farol serve` (FAROL_SMTP_URL, FAROL_SCHEDULER_TICK_MS…), added to the test's own.
export async function startFarol(options: { env?: Record<string, string> } = {}): Promise<Farol> {
  const bin = farolBinary();
  const dir = mkdtempSync(join(tmpdir(), 'farol-e2e-'));
  const database = `sqlite:${join(dir, 'farol.db')}`;
  const common = ['--database', database, '--attachments', join(dir, 'files'), '--log-level', 'warn'];
  const cli = (args: string[], input?: string) => {
    const r = spawnSync(bin, [...args, ...common], { input, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`farol ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  cli(['migrate']);
  const child: ChildProcess = spawn(bin, ['serve', ...common, '--listen', '127.0.0.1:0', '--web-root', webRoot()], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let log = '';
  child.stderr!.on('data', (d) => (log += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`farol did not start in 20 s:\n${log}`)), 20_000);
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on('exit', (code) => fail(new Error(`farol exited (${code}) before listening:\n${log}`)));
  });
  return {
    url,
    dir,
    database,
    cli,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((ok) => child.once('exit', ok));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- the API, for arranging data (never for what a test checks through the browser)

export class Api {
  private cookie = '';
  private csrf = '';
  constructor(private base: string) {}

  async login(email: string, password: string): Promise<this> {
    const res = await fetch(`${this.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    this.csrf = ((await res.json()) as { csrf_token: string }).csrf_token;
    return this;
  }

  async call<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        Cookie: this.cookie,
        'X-CSRF-Token': this.csrf,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async ok<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const r = await this.call<T>(method, path, body, headers);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  // POSTs a raw body (an .eml, a text file) and returns the JSON answer.
  async send<T = any>(path: string, bytes: string, contentType: string): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { Cookie: this.cookie, 'X-CSRF-Token': this.csrf, 'Content-Type': contentType },
      body: bytes,
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }
}

// ---- the people and organisations every test starts with

export const PASSWORD = 'e2e-password-2026';

export interface World {
  admin: { email: string };
  alice: { id: number; email: string };  // agent, N1, team Network
  bob: { id: number; email: string };  // agent, N2, team Network
  acme: { id: number; name: string };
  carla: { id: number; email: string };  // Acme contact, portal user
  globex: { id: number; name: string };
  dave: { id: number; email: string };  // Globex contact, portal user
  team: { id: number };
  site: { id: number };
}

export async function seed(farol: Farol): Promise<World> {
  const admin = { email: 'ada.admin@farol.test' };
  farol.cli(['user', 'add', '--email', admin.email, '--name', 'Ada Admin', '--role', 'admin', '--password-stdin'], PASSWORD + '\n');
  const api = await new Api(farol.url).login(admin.email, PASSWORD);
  const mkUser = (email: string, name: string, tier: string) =>
    api.ok('POST', '/api/v1/users', { email, name, role: 'agent', tier, password: PASSWORD, locale: 'en', time_zone: 'America/Sao_Paulo' });
  const alice = await mkUser('alice.agent@farol.test', 'Alice Agent', 'N1');
  const bob = await mkUser('bob.agent@farol.test', 'Bob Backline', 'N2');
  const team = await api.ok('POST', '/api/v1/teams', { name: 'Network', description: 'NOC', member_ids: [alice.id, bob.id] });
  const acme = await api.ok('POST', '/api/v1/organisations', { name: 'Acme Telecom', time_zone: 'America/Sao_Paulo', email_domains: ['acme.test'] });
  const site = await api.ok('POST', `/api/v1/organisations/${acme.id}/sites`, { name: 'São Paulo HQ', city: 'São Paulo', country: 'BR' });
  const globex = await api.ok('POST', '/api/v1/organisations', { name: 'Globex', time_zone: 'UTC' });
  const mkContact = (organisation_id: number, name: string, email: string) =>
    api.ok('POST', '/api/v1/contacts', { organisation_id, name, email, portal_user: true, password: PASSWORD, locale: 'en', time_zone: 'America/Sao_Paulo' });
  const carla = await mkContact(acme.id, 'Carla Customer', 'carla@acme.test');
  const dave = await mkContact(globex.id, 'Dave Other', 'dave@globex.test');
  return {
    admin,
    alice: { id: alice.id, email: alice.email },
    bob: { id: bob.id, email: bob.email },
    acme: { id: acme.id, name: acme.name },
    carla: { id: carla.id, email: carla.email },
    globex: { id: globex.id, name: globex.name },
    dave: { id: dave.id, email: dave.email },
    team: { id: team.id },
    site: { id: site.id },
  };
}

// ---- the browser

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.FAROL_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: run ./scripts/install-deps.sh`);
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run', '--disable-extensions'],
  });
}

export async function newPage(browser: Browser, farol: Farol, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: farol.url, locale, timezoneId: 'America/Sao_Paulo', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { jsErrors: string[] }).jsErrors = errors;
  return { context, page };
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/');
  await page.getByLabel(/^(E-mail|E-mail address|Endereço de e-mail)/).fill(email);
  await page.getByLabel(/^(Password|Senha)$/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Entrar)$/ }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.signin'));
}

// Runs axe-core in the page; returns the serious and critical violations, described.
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const source = readFileSync(join(here, '../node_modules/axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: the app's Content-Security-Policy (rightly) refuses
  // inline scripts, and the test must not weaken it.
  await page.evaluate(source);
  const result = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations as Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>;
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page: Page | undefined, name: string) {
  if (!page) return;
  mkdirSync(artifacts, { recursive: true });
  const file = join(artifacts, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => {});
  console.error(`screenshot saved: ${file}`);
}

// ---- a real mail server: Debian's aiosmtpd on loopback, keeping every message in a Maildir

export interface SmtpSink {
  url: string;  // for FAROL_SMTP_URL
  messages: () => string[];  // every message received so far, headers and body
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const dir = mkdtempSync(join(tmpdir(), 'farol-e2e-mail-'));
  const maildir = join(dir, 'mail');  // aiosmtpd creates it (an existing empty folder is refused)
  const port = await freePort();
  const child = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', maildir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d) => (log += d.toString()));
  const accepts = () =>
    new Promise<boolean>((ok) => {
      const c = connect(port, '127.0.0.1', () => {
        c.end();
        ok(true);
      });
      c.on('error', () => ok(false));
    });
  for (let i = 0; !(await accepts()); i++) {
    if (i > 100 || child.exitCode !== null) throw new Error(`the SMTP sink did not start (python3-aiosmtpd missing?):\n${log}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: () => {
      const fresh = join(maildir, 'new');
      if (!existsSync(fresh)) return [];
      return readdirSync(fresh).map((f) => readFileSync(join(fresh, f), 'utf8'));
    },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((ok) => child.once('exit', ok));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The pages one test file opens: each signed in as someone (or no one), screenshotted when a test
// fails, all closed when the file is done. Call once at the top of a test file, after the
// file's own afterAll that stops the browser and farol has been registered.
export class Pages {
  private readonly open: BrowserContext[] = [];
  current: Page | undefined;  // the page a failure screenshot is taken of

  constructor(private readonly browser: () => Browser, private readonly farol: () => Farol) {
    beforeEach((ctx) => {
      ctx.onTestFailed(async () => {
        if (ctx.task.fails) return;  // a failure expected (and explained) needs no picture
        await screenshot(this.current, ctx.task.name);
        // The server's warnings say what a screenshot cannot (a failed scheduler round, a refused write).
        const log = this.farol()?.log().trim();
        if (log) console.error(`farol's log (last 40 lines):\n${log.split('\n').slice(-40).join('\n')}`);
      });
    });
    afterAll(async () => {
      for (const c of this.open) await c.close().catch(() => {});
    });
  }

  // A new page nobody is signed in on.
  async browse(locale = 'en-US'): Promise<Page> {
    const { context, page } = await newPage(this.browser(), this.farol(), locale);
    this.open.push(context);
    this.current = page;
    return page;
  }

  // A new page signed in as `email`.
  async person(email: string, locale = 'en-US'): Promise<Page> {
    const page = await this.browse(locale);
    await signIn(page, email);
    return page;
  }
}

// No serious or critical accessibility problem on the page (axe-core).
export async function expectAccessible(page: Page) {
  expect(await accessibilityProblems(page)).toEqual([]);
}

// What the page's main region says.
export const mainText = (page: Page) => page.locator('main').innerText();
