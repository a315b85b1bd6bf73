// How we compare, reached as a person reaches it: from the sign-in page by
// the navigation, an indicator, the council chooser and, for an admin, the
// link in council details to the upload page. Every page reached meets
// WCAG 2.2 AA for every role and reflows at 320 px, its tables scrolling
// inside themselves; screenshots at 1280 px, 320 px and in print are saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, PASSWORD } from './server.js';
import { launch, accessibilityProblems } from './browser.js';

let server;
let browser;
const shots = new URL('./artifacts/', import.meta.url).pathname;
const ROLES = ['admin', 'leader', 'contributor', 'viewer'];

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(role, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.fill('#email', `${role}@hartwell.example`);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("Dashboard")');
  return page;
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const heading = (page) => page.locator('h1').innerText();

// The council whose figures a page shows, from the chooser's selected option.
const shownCouncil = (page) => page.locator('#la option:checked').innerText();

// Follows the links a person follows, calling `visit(name)` on each page reached:
// the list, an indicator, that indicator for a neighbour chosen with the
// "Council" chooser and, for an admin, the upload page reached from council details.
async function walk(page, role, visit) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'How we compare' }).click();
  await page.waitForURL(/\/figures$/);
  assert.match(await heading(page), /How we compare/);
  const own = await shownCouncil(page);
  await visit('figures');

  const indicator = page.locator('main table a[href^="/figures/"]').first();
  const name = await indicator.innerText();
  await indicator.click();
  await page.waitForURL(/\/figures\/\d+/);
  assert.match(await heading(page), new RegExp(escape(name)), 'the indicator chosen heads its page');
  await visit('figure');

  // The nearest neighbour, chosen by its name in the chooser.
  const neighbour = (await page.getByRole('region', { name: 'Statistical neighbours' })
    .locator('tbody th[scope=row] a').first().innerText()).trim();
  const option = await page.locator('#la option').filter({ hasText: new RegExp(`^${escape(neighbour)} \\(`) }).innerText();
  await page.getByLabel('Council', { exact: true }).selectOption({ label: option });
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/\/figures\/\d+\?la=\d{3}/);
  assert.match(await heading(page), new RegExp(`^${escape(neighbour)}`), 'the page is now the neighbour\'s');
  assert.notEqual(await shownCouncil(page), own);
  await visit('figure, another council');

  if (role === 'admin') {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Council' }).click();
    await page.getByRole('link', { name: 'see what is held and load newer files' }).click();
    await page.waitForURL(/\/figures\/import$/);
    await visit('figures import');
  }
}

for (const role of ROLES) {
  test(`how we compare, reached by links, meets WCAG 2.2 AA as ${role}`, async () => {
    const page = await signIn(role);
    const seen = [];
    await walk(page, role, async (name) => {
      seen.push(name);
      assert.deepEqual(await accessibilityProblems(page), [], `${name} as ${role}`);
    });
    assert.equal(seen.length, role === 'admin' ? 4 : 3);
    await page.context().close();
  });
}

test('how we compare reflows at 320 px: tables scroll inside themselves, the chart keeps its words and table', async () => {
  const page = await signIn('admin', { width: 320, height: 640 });
  await walk(page, 'admin', async (name) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${name} is ${width} px wide at 320 px`);
    // Each table region stays within the page and scrolls sideways itself when its table is wider.
    const regions = await page.locator('main .app-table-wrap, main .app-chart__scroll').evaluateAll((els) =>
      els.map((el) => ({
        label: el.getAttribute('aria-label'),
        right: el.getBoundingClientRect().right,
        wider: el.scrollWidth > el.clientWidth,
        scrolls: ['auto', 'scroll'].includes(getComputedStyle(el).overflowX),
        focusable: el.tabIndex === 0 && el.getAttribute('role') === 'region',
      })));
    for (const r of regions) {
      assert.ok(r.right <= 320, `${name}: "${r.label}" ends at ${r.right} px`);
      assert.ok(!r.wider || (r.scrolls && r.focusable), `${name}: "${r.label}" scrolls by keyboard`);
    }
    if (name.startsWith('figure,') || name === 'figure') {
      const chart = page.locator('#figure-chart svg[role=img]');
      assert.ok(await chart.isVisible(), `${name}: the chart is shown`);
      const described = await chart.getAttribute('aria-describedby');
      assert.match(await page.locator(`#${described}`).innerText(), /was .* in \d{4}/, 'the chart in words');
      assert.ok(await page.locator('#figure-chart table').isVisible(), `${name}: the chart's table is shown`);
      await page.screenshot({ path: `${shots}${name === 'figure' ? 'figure' : 'figure-neighbour'}-320.png`, fullPage: true });
    } else if (name === 'figures') {
      await page.screenshot({ path: `${shots}figures-320.png`, fullPage: true });
    }
  });
  await page.context().close();
});

test('how we compare at 1280 px and in print: screenshots, and the chart prints with its table', async () => {
  const page = await signIn('leader');
  await walk(page, 'leader', async (name) => {
    if (name === 'figure, another council') return;
    const file = name === 'figures' ? 'figures' : 'figure';
    await page.screenshot({ path: `${shots}${file}-1280.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    assert.ok(!(await page.locator('.app-nav').isVisible()), `${name}: the navigation does not print`);
    assert.ok(!(await page.locator('#la').isVisible()), `${name}: the chooser does not print`);
    assert.ok(await page.locator('main table').first().isVisible(), `${name}: the tables print`);
    if (name === 'figure') {
      assert.ok(await page.locator('#figure-chart svg[role=img]').isVisible(), 'the chart prints');
      assert.ok(await page.locator('#figure-chart table').isVisible(), "the chart's table prints");
    }
    await page.screenshot({ path: `${shots}${file}-print.png`, fullPage: true });
    await page.pdf({ path: `${shots}${file}.pdf`, format: 'A4', preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
  });
  await page.context().close();
});
