// A council starting from nothing: an empty instance, signed in as its first
// admin, following only links and forms. The empty dashboard shows the steps
// of setting up; the council page and an inspection with its next steps meet
// WCAG 2.2 AA and reflow at 320 px; screenshots of each at 1280 and 320 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, PASSWORD } from './server.js';
import { launch, accessibilityProblems } from './browser.js';

let server;
let browser;
const shots = new URL('./artifacts/', import.meta.url).pathname;
const WIDTHS = [{ width: 1280, height: 800 }, { width: 320, height: 640 }];

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer({ demo: false });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(viewport) {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.fill('#email', 'admin@sustain.local');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("Dashboard")');
  return page;
}

// Checks the page as a person meets it, at this width, and saves a screenshot.
async function look(page, name, viewport) {
  assert.deepEqual(await accessibilityProblems(page), [], `${name} at ${viewport.width} px`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= viewport.width, `${name} is ${width} px wide at ${viewport.width} px`);
  await page.screenshot({ path: `${shots}${name}-${viewport.width}.png`, fullPage: true });
}

test('the empty dashboard lists the steps of setting up, and says nothing of areas that do not exist', async () => {
  for (const viewport of WIDTHS) {
    const page = await signIn(viewport);
    const main = await page.textContent('main');
    assert.match(main, /Set up your improvement plan/);
    assert.match(main, /0 of 7 steps done/);
    assert.doesNotMatch(main, /Every area has the evidence/);
    assert.equal(await page.locator('.app-task-list__item').count(), 7);
    await look(page, 'first-run-dashboard', viewport);
    await page.context().close();
  }
});

test('the council page is reached from the checklist, refuses a light colour and saves the details', async () => {
  const page = await signIn(WIDTHS[0]);
  await page.click('.app-task-list a:has-text("Council details")');
  await page.waitForURL(/\/council$/);
  await page.fill('#name', 'Hartwell Borough Council');
  await page.fill('#la_number', '866');
  await page.fill('#colour', '#ffdd00');
  await page.click('button:has-text("Save council details")');
  assert.match(await page.textContent('.app-error-summary'), /Choose a darker colour/);
  await page.fill('#colour', '#1d3a5f');
  await page.click('button:has-text("Save council details")');
  await page.waitForSelector('.app-notification-banner--success');
  assert.equal(await page.textContent('.app-header__authority'), 'Hartwell Borough Council');
  const header = await page.locator('.app-header').evaluate((h) => getComputedStyle(h).backgroundColor);
  assert.equal(header, 'rgb(29, 58, 95)', 'the header takes the council colour');
  await page.context().close();
  for (const viewport of WIDTHS) {
    const page = await signIn(viewport);
    await page.click('nav a:has-text("Council")');
    await page.waitForURL(/\/council$/);
    await look(page, 'council', viewport);
    await page.context().close();
  }
});

test('an inspection added from the checklist offers its next steps', async () => {
  const page = await signIn(WIDTHS[0]);
  await page.click('.app-task-list a:has-text("Add an inspection")');
  await page.check('input[name=kind][value=focused_visit]');
  await page.fill('#title', 'Focused visit: the front door');
  for (const [field, value] of [['start_date', ['4', '3', '2025']], ['end_date', ['5', '3', '2025']]]) {
    await page.fill(`#${field}`, value[0]);
    await page.fill(`#${field}-month`, value[1]);
    await page.fill(`#${field}-year`, value[2]);
  }
  await page.click('main button[type=submit]');
  await page.waitForSelector('.app-next-steps');
  assert.match(await page.textContent('.app-notification-banner--success'), /Inspection added/);
  const inspection = page.url();
  await page.context().close();
  for (const viewport of WIDTHS) {
    const page = await signIn(viewport);
    await page.goto(inspection);
    assert.ok(await page.locator('.app-next-steps a:has-text("Add a finding")').isVisible());
    await look(page, 'inspection-next-steps', viewport);
    await page.context().close();
  }
});
