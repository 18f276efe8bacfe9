// How long an agent waits for a queue's first 50 rows, in Chromium against a running farol.
//
//   node web/bench/queue-page.mjs http://127.0.0.1:18182 ana.souza@farolnet.example farol-demo-2026 [runs]
//
// Three measurements (and a baseline), each repeated `runs` times (default 15), median / p95 / max printed:
//   cold   a new browser tab opening /queues/<queue> (HTML, script, session, list) until its rows are shown
//   switch moving between queues inside the app until the new queue's rows are shown
//   sort   re-sorting a queue by another column until the re-sorted rows are shown
// A benchmark, not a test: it never fails on a slow number.
import { chromium } from 'playwright-core';

const [url, email, password, runsArg] = process.argv.slice(2);
if (!url || !email || !password) {
  console.error('usage: node queue-page.mjs URL EMAIL PASSWORD [RUNS]');
  process.exit(2);
}
const runs = Number(runsArg ?? 15);

const browser = await chromium.launch({
  executablePath: process.env.FAROL_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});

// Signs in once through the API; every tab then shares the session cookie.
const context = await browser.newContext({ baseURL: url });
const login = await context.request.post('/api/v1/auth/login', { data: { email, password } });
if (!login.ok()) throw new Error(`sign-in failed: ${login.status()} ${await login.text()}`);

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return `median ${q(0.5).toFixed(0)} ms, p95 ${q(0.95).toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms (${s.length} runs)`;
};

// Runs `action` and returns the milliseconds until the ticket list it loads is on screen: the
// list request answered and its rows rendered (the first row is the answer's first ticket).
async function untilShown(page, action) {
  const t0 = Date.now();
  const response = page.waitForResponse((r) => /\/api\/v1\/tickets\?/.test(r.url()) && r.request().method() === 'GET', { timeout: 30_000 });
  await action();
  const body = await (await response).json();
  if (body.items.length === 0) {
    await page.waitForSelector('p.empty');
  } else {
    const first = String(body.items[0].id);
    await page.waitForFunction(
      ([label, n]) => {
        const rows = document.querySelectorAll('table.tickets tbody tr');
        return rows.length === n && rows[0].getAttribute('data-id') === label;
      },
      [first, body.items.length],
      { timeout: 30_000 },
    );
  }
  return { ms: Date.now() - t0, rows: body.items.length };
}

const queues = ['open', 'unassigned', 'team', 'mine'];
const results = {};
// For scale: what a new tab costs before any of the app runs (a tiny plain-text page).
const baseline = [];
for (let i = 0; i < runs; i++) {
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto('/healthz');
  baseline.push(Date.now() - t0);
  await page.close();
}
results['new tab /healthz (baseline)'] = baseline;
for (const queue of queues) {
  const cold = [];
  for (let i = 0; i < runs; i++) {
    const page = await context.newPage();
    const r = await untilShown(page, () => page.goto(`/queues/${queue}`));
    cold.push(r.ms);
    if (i === 0) console.log(`  /queues/${queue}: ${r.rows} rows on the first page`);
    await page.close();
  }
  results[`new tab /queues/${queue}`] = cold;
}

const page = await context.newPage();
await untilShown(page, () => page.goto('/queues/open'));
const switching = [];
for (let i = 0; i < runs; i++) {
  const to = i % 2 === 0 ? 'unassigned' : 'open';
  switching.push((await untilShown(page, () => page.locator(`nav a[href="/queues/${to}"]`).click())).ms);
}
results['switch between queues'] = switching;

const sorting = [];
const columns = ['priority', 'status', 'subject', 'organisation', 'updated'];
for (let i = 0; i < runs; i++) {
  sorting.push((await untilShown(page, () => page.locator(`th.col-${columns[i % columns.length]} button`).click())).ms);
}
results['re-sort by a column'] = sorting;

for (const [name, xs] of Object.entries(results)) console.log(`${name.padEnd(28)} ${stats(xs)}`);
await browser.close();
