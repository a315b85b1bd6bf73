// A new user's first minutes: sign in, see the dashboard, sign out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, PASSWORD } from './server.js';
import { launch, accessibilityProblems } from './browser.js';

let server;
let browser;
const shots = new URL('./artifacts/', import.meta.url).pathname;

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the sign-in page meets WCAG 2.2 AA', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  assert.equal(await page.title(), 'Sign in – Sustain');
  assert.deepEqual(await accessibilityProblems(page), []);
});

test('a wrong password shows the error summary beside the field', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.fill('#email', 'admin@hartwell.example');
  await page.fill('#password', 'not-the-password-at-all');
  await page.click('button[type=submit]');
  await page.waitForSelector('.app-error-summary');
  assert.match(await page.textContent('.app-error-summary'), /Enter a correct email address and password/);
  assert.match(await page.textContent('#email-error'), /Enter a correct email address and password/);
  assert.equal(await page.title(), 'Error: Sign in – Sustain');
  assert.deepEqual(await accessibilityProblems(page), []);
  await page.screenshot({ path: `${shots}sign-in-error.png`, fullPage: true });
});

test('signing in shows the dashboard with every practice area and its status', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  assert.match(page.url(), /\/sign-in\?next=%2F$/);
  await page.fill('#email', 'leader@hartwell.example');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("Dashboard")');
  const areas = await page.locator('.app-tile').count();
  assert.ok(areas >= 8, `expected the demo's areas, saw ${areas}`);
  const tags = await page.locator('.app-tile__head .app-tag').allTextContents();
  for (const status of ['Embedded', 'Not yet sustained', 'Slipping', 'In progress', 'Not started']) {
    assert.ok(tags.includes(status), `no area shows "${status}": ${tags.join(', ')}`);
  }
  assert.ok(await page.locator('text=Overdue actions').count() > 0, 'overdue actions are listed');
  assert.deepEqual(await accessibilityProblems(page), []);
  await page.screenshot({ path: `${shots}overview.png`, fullPage: false });

  await page.click('text=Sign out');
  await page.waitForURL(/\/sign-in$/);
  await page.goto(`${server.url}/`);
  assert.match(page.url(), /\/sign-in/);
});

test('the dashboard can be seen as at a past date', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.fill('#email', 'viewer@hartwell.example');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("Dashboard")');
  await page.fill('#as_at', '31');
  await page.fill('#as_at-month', '1');
  await page.fill('#as_at-year', '2024');
  await page.click('.app-as-at button:has-text("Show")');
  await page.waitForURL(/as_at=2024-01-31/);
  assert.match(await page.textContent('.app-notification-banner'), /as it stood on 31 January 2024/);
  await context.close();
});
