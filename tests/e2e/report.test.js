// The report a councillor reads (issue 23): a leader follows links from the
// progress report to the commentary form, writes the overall words, sees a
// too-long commentary refused by its field, and finds the words in the report
// and its one-page summary; printed, the demo's report keeps to 20 A4 pages and
// the summary to one; a viewer is offered no form. Every page meets WCAG 2.2 AA;
// screenshots at 1280 and 320 px are saved.
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

async function signedIn(role, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.fill('#email', `${role}@hartwell.example`);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(`${server.url}/`);
  return page;
}

async function follow(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name }).first().click()]);
}

// The pages of the page as Chromium prints it on A4.
async function printedPages(page) {
  const pdf = await page.pdf({ format: 'A4' });
  return (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
}

async function noProblems(page, what) {
  assert.deepEqual(await accessibilityProblems(page), [], what);
}

test('a leader writes the commentary by links and finds it in the report and its summary', async () => {
  const page = await signedIn('leader');
  await follow(page, 'Progress report');
  await page.waitForSelector('h1:has-text("Progress report as at")');
  assert.ok(await page.isVisible('text=Overdue since'), 'overdue actions say since when');
  await follow(page, /leaders' commentary for/);
  await page.waitForSelector('h1:has-text("Leaders\' commentary for")');
  await noProblems(page, 'the commentary form');
  await page.screenshot({ path: `${shots}commentary-form.png`, fullPage: true });

  // Too long: refused by its field, nothing lost.
  await page.fill('#overall', 'x'.repeat(1501));
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save commentary")')]);
  assert.ok(await page.isVisible('.app-error-summary'), 'an error summary');
  await noProblems(page, 'the commentary form with an error');
  await page.screenshot({ path: `${shots}commentary-error.png`, fullPage: true });

  const words = 'Councillors: allegations management is our first concern this quarter.';
  await page.fill('#overall', words);
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save commentary")')]);
  await page.waitForSelector('h1:has-text("Progress report as at")');
  assert.ok(await page.isVisible("text=Leaders' commentary saved"), 'the notice');
  assert.ok(await page.isVisible(`text=${words}`), 'the words in the report');
  await noProblems(page, 'the report with the commentary');
  await page.screenshot({ path: `${shots}report-commentary.png` });
  const pages = await printedPages(page);
  assert.ok(pages <= 20, `the report prints on ${pages} pages`);

  await follow(page, 'One-page summary');
  await page.waitForSelector('h1:has-text("Progress summary as at")');
  assert.ok(await page.isVisible(`text=${words}`), 'the words in the summary');
  await noProblems(page, 'the summary');
  await page.screenshot({ path: `${shots}report-summary.png`, fullPage: true });
  assert.equal(await printedPages(page), 1, 'the summary prints on one page');
  await page.context().close();

  const narrow = await signedIn('leader', { width: 320, height: 800 });
  await follow(narrow, 'Progress report');
  await follow(narrow, /leaders' commentary for/);
  const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'the form reflows at 320 px');
  await narrow.screenshot({ path: `${shots}commentary-form-320.png`, fullPage: true });
  await narrow.context().close();
});

test('a viewer reads the commentary and is offered no form', async () => {
  const page = await signedIn('viewer');
  await follow(page, 'Progress report');
  await page.waitForSelector('h1:has-text("Progress report as at")');
  assert.ok(await page.isVisible("h2:has-text(\"Leaders' commentary\")"), 'the demo commentary is shown');
  assert.equal(await page.getByRole('link', { name: /leaders' commentary for/ }).count(), 0);
  await noProblems(page, 'the report as a viewer');
  await page.context().close();
});
