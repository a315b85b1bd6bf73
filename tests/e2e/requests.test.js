// Evidence asked for (issue 23, part 2), following links only after the
// sign-in page: a leader asks the quality assurance manager for evidence about
// one of their actions; the manager (a contributor whose account is their
// owner record) finds it on "My actions", adds evidence answering it, and the
// request shows answered. The demo's overdue request is on the dashboard.
// Every page passes WCAG 2.2 AA, and the request's pages are shot at 1280 and
// 320 px wide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, PASSWORD } from './server.js';
import { launch, accessibilityProblems } from './browser.js';

let server;
let browser;
const shots = new URL('./artifacts/', import.meta.url).pathname;
const WANTED = 'The notes of the last two learning briefings, with who came (e2e)';
const made = {};

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(role, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.fill('#email', `${role}@hartwell.example`);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(`${server.url}/`);
  return page;
}

async function follow(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

async function submit(page, action) {
  await Promise.all([page.waitForNavigation(), page.click(`form[action="${action}"] button[type=submit]`)]);
}

async function accessible(page, what) {
  assert.deepEqual(await accessibilityProblems(page), [], `${what} has no accessibility violations`);
}

async function shoot(page, name) {
  await page.screenshot({ path: `${shots}requests-${name}.png`, fullPage: true });
}

test('a leader asks an owner for evidence from their action, by links', async () => {
  const page = await signedIn('leader');
  await follow(page, page.locator('nav.app-nav a', { hasText: 'Owners' }));
  await follow(page, page.getByRole('link', { name: 'Tom Okafor', exact: true }));
  const action = page.locator('section[aria-labelledby=actions] a[href^="/actions/"]').first();
  made.actionTitle = (await action.textContent()).trim();
  await follow(page, action);
  await follow(page, page.getByRole('link', { name: 'Ask for evidence' }));
  await accessible(page, 'the form asking for evidence');
  assert.equal(await page.inputValue('#owner_id') !== '', true, 'the action\'s owner is asked by default');

  await submit(page, '/requests');
  assert.match(await page.textContent('.app-error-summary'), /Enter the date it is needed by|what evidence is wanted/i);
  await accessible(page, 'the form with its errors');
  await shoot(page, 'form-errors');

  const due = new Date(Date.now() + 14 * 86_400_000);
  await page.fill('#due_on', String(due.getDate()));
  await page.fill('#due_on-month', String(due.getMonth() + 1));
  await page.fill('#due_on-year', String(due.getFullYear()));
  await page.fill('#wanted', WANTED);
  await submit(page, '/requests');
  assert.match(await page.textContent('.app-notification-banner__heading'), /Evidence asked of Quality Assurance Manager \(Tom Okafor\)/);
  assert.match(page.url(), /\/actions\/\d+$/, 'back on the action page');
});

test('the owner sees it on My actions, adds evidence answering it, and it shows answered', async () => {
  const page = await signedIn('contributor');
  await follow(page, page.locator('nav.app-nav a', { hasText: 'My actions' }));
  const asked = page.locator('section[aria-labelledby=requests]');
  assert.match(await asked.textContent(), /Evidence asked of you/);
  await accessible(page, 'My actions with a request');
  await shoot(page, 'my-actions');
  await follow(page, asked.getByRole('link', { name: WANTED }));
  made.request = page.url().match(/\/requests\/(\d+)/)[1];
  assert.match(await page.textContent('main'), /Open/);
  await accessible(page, 'the request, waiting');
  await shoot(page, 'request-open');

  await follow(page, page.getByRole('link', { name: 'Add evidence' }));
  assert.equal(await page.inputValue('#request_id'), made.request, 'the form answers the request');
  await accessible(page, 'the evidence form answering a request');
  await page.fill('#title', 'Learning briefing notes, two sessions (e2e)');
  await page.check('input[name="kind"][value="minutes"]');
  await submit(page, '/evidence');
  assert.match(await page.textContent('.app-notification-banner__heading'), /answering the request/);
  assert.equal(page.url(), `${server.url}/requests/${made.request}`, 'back on the request');
  const main = await page.textContent('main');
  assert.match(main, /Answered on/);
  assert.match(main, /Learning briefing notes, two sessions \(e2e\)/);
  await accessible(page, 'the request, answered');
  await shoot(page, 'request-answered');
  const narrow = await signedIn('contributor', { width: 320, height: 800 });
  await follow(narrow, narrow.locator('nav.app-nav a', { hasText: 'My actions' }));
  await follow(narrow, narrow.locator('section[aria-labelledby=requests]').getByRole('link', { name: WANTED }));
  await shoot(narrow, 'request-answered-320');
  const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'the request reflows at 320 px');
});

test('the leader sees the overdue request on the dashboard and every request in the list', async () => {
  const page = await signedIn('leader');
  const panel = page.locator('section[aria-labelledby=requests-overdue]');
  assert.match(await panel.textContent(), /Evidence asked for and overdue \(1\)/);
  assert.match(await panel.textContent(), /Overdue by/);
  await accessible(page, 'the dashboard');
  await follow(page, panel.getByRole('link', { name: /See all requests for evidence/ }));
  const list = await page.textContent('main');
  assert.match(list, /Answered \(2\)/, 'the demo\'s and this one');
  assert.match(list, /Closed unanswered \(1\)/);
  await accessible(page, 'the list of requests');
  await shoot(page, 'list');
  await follow(page, page.getByRole('link', { name: /^Overdue/ }));
  await follow(page, page.locator('table a[href^="/requests/"]').first());
  assert.match(await page.textContent('main'), /Close it without evidence/);
  await accessible(page, 'an overdue request with the form to close it');
  await shoot(page, 'request-overdue');
  const narrow = await signedIn('leader', { width: 320, height: 800 });
  await follow(narrow, narrow.locator('section[aria-labelledby=requests-overdue]').getByRole('link', { name: /See all/ }));
  await shoot(narrow, 'list-320');
});
