// The pages that read, as each role and signed out: every page answers,
// meets WCAG 2.2 AA (axe), reflows at 320 px, works by keyboard, prints its
// collapsed sections open; screenshots of the main pages are saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, PASSWORD } from './server.js';
import { launch, accessibilityProblems } from './browser.js';

let server;
let browser;
let pages;
const shots = new URL('./artifacts/', import.meta.url).pathname;
const ROLES = ['admin', 'leader', 'contributor', 'viewer'];

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

// The first link on a page whose address starts with `prefix` and ends in an id.
async function firstId(page, path, prefix) {
  await page.goto(`${server.url}${path}`);
  const hrefs = await page.locator(`main a[href^="${prefix}"]`).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const found = hrefs.map((h) => h.match(new RegExp(`^${prefix}(\\d+)`))).find(Boolean);
  assert.ok(found, `a link to ${prefix}N on ${path}`);
  return found[1];
}

// A month end about a year ago, as YYYY-MM-DD.
function aYearAgo() {
  const d = new Date();
  const end = new Date(Date.UTC(d.getUTCFullYear() - 1, d.getUTCMonth(), 0));
  return end.toISOString().slice(0, 10);
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  browser = await launch();
  const page = await signIn('leader');
  const area = await firstId(page, '/', '/areas/');
  const inspection = await firstId(page, '/inspections', '/inspections/');
  const finding = await firstId(page, `/inspections/${inspection}`, '/findings/');
  const measure = await firstId(page, '/measures', '/measures/');
  const owner = await firstId(page, '/owners', '/owners/');
  pages = [
    '/', '/areas', '/areas?status=slipping', `/areas/${area}`, `/areas/${area}?as_at=${aYearAgo()}`,
    '/inspections', `/inspections/${inspection}`, `/findings/${finding}`,
    '/measures', `/measures/${measure}`, '/owners', `/owners/${owner}`, '/owners/me', '/history',
  ];
  await page.context().close();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const role of ROLES) {
  test(`every read page answers a ${role} and meets WCAG 2.2 AA`, async () => {
    const page = await signIn(role);
    for (const path of pages) {
      const response = await page.goto(`${server.url}${path}`);
      assert.equal(response.status(), 200, `${path} as ${role}`);
      assert.match(await page.textContent('.app-header__user'), new RegExp(`· ${role}`, 'i'), `${path}: the user is shown`);
      assert.deepEqual(await accessibilityProblems(page), [], `${path} as ${role}`);
    }
    await page.context().close();
  });
}

test('a signed-out visitor is sent to sign in from every read page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const path of pages) {
    await page.goto(`${server.url}${path}`);
    assert.match(page.url(), /\/sign-in\?next=/, path);
  }
  await context.close();
});

test('a missing record and a future date are refused with the user still shown', async () => {
  const page = await signIn('viewer');
  const missing = await page.goto(`${server.url}/areas/999999`);
  assert.equal(missing.status(), 404);
  assert.match(await page.textContent('.app-header__user'), /Viewer/);
  assert.deepEqual(await accessibilityProblems(page), []);
  const future = await page.goto(`${server.url}/measures?as_at=2999-01-01`);
  assert.equal(future.status(), 422);
  assert.match(await page.textContent('main'), /must be today/);
  await page.click('text=See this page as it is today');
  await page.waitForURL(/\/measures$/);
  await page.context().close();
});

test('the dashboard answers what is slipping, overdue and missing in the first screen', async () => {
  const page = await signIn('leader');
  await page.goto(`${server.url}/`);
  const firstScreen = 800;
  for (const selector of ['.app-status-count--red', '.app-tile--red', '#overdue', '#gaps']) {
    const box = await page.locator(selector).first().boundingBox();
    assert.ok(box && box.y < firstScreen, `${selector} is in the first screen (at ${box?.y})`);
  }
  assert.equal(await page.locator('.app-tiles > li').first().locator('.app-tag').textContent(), 'Slipping',
    'the most urgent area comes first');
  await page.screenshot({ path: `${shots}dashboard.png` });
  await page.context().close();
});

test('the pages reflow at 320 px without scrolling the page sideways', async () => {
  const page = await signIn('leader', { width: 320, height: 640 });
  for (const path of pages) {
    await page.goto(`${server.url}${path}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${path} is ${width} px wide at 320 px`);
  }
  await page.goto(`${server.url}${pages[3]}`);
  await page.screenshot({ path: `${shots}area-320.png` });
  await page.context().close();
});

test('the main links, the skip link, sorting and charts work by keyboard alone', async () => {
  const page = await signIn('viewer');
  await page.goto(`${server.url}/`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main-content', 'the skip link moves focus to the content');
  // From the top, Tab reaches the service navigation and follows it.
  await page.goto(`${server.url}/`);
  let reached = false;
  for (let i = 0; i < 15 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement.textContent === 'Measures');
  }
  assert.ok(reached, 'Tab reaches "Measures" in the navigation');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/measures$/);
  // A sortable heading is a link: Enter sorts by it.
  await page.focus('th[aria-sort] a:has-text("Concerns")');
  await page.keyboard.press('Enter');
  await page.waitForURL(/sort=concerns/);
  assert.equal(await page.getAttribute('th:has(a:has-text("Concerns"))', 'aria-sort'), 'descending');
  // A chart's scrolling region and its data table open from the keyboard.
  await page.goto(`${server.url}${pages[3]}`);
  await page.focus('.app-chart__scroll');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'region');
  await page.focus('.app-chart__data summary');
  await page.keyboard.press('Enter');
  assert.ok(await page.locator('.app-chart__data').first().evaluate((d) => d.open), 'the data table opens');
  await page.context().close();
});

test('an area as at a past date says so and links back to today', async () => {
  const page = await signIn('viewer');
  await page.goto(`${server.url}${pages[3]}`);
  // The date is typed as three fields, day, month and year.
  const [year, month, day] = aYearAgo().split('-');
  await page.fill('#as_at', String(Number(day)));
  await page.fill('#as_at-month', String(Number(month)));
  await page.fill('#as_at-year', year);
  await page.click('.app-as-at button:has-text("Show")');
  await page.waitForURL(/as_at=/);
  assert.match(await page.textContent('.app-notification-banner'), /You are looking at Sustain as it stood on/);
  await page.click('text=See today');
  await page.waitForURL((url) => !url.search.includes('as_at'));
  await page.context().close();
});

test('printing shows collapsed sections open and keeps charts whole', async () => {
  const page = await signIn('leader');
  await page.goto(`${server.url}${pages[3]}`);
  const change = page.getByRole('link', { name: /^Change this/ });
  assert.ok(await change.isVisible(), 'on screen a leader can change the area');
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('.app-chart__data table').first().isVisible(), 'the closed data table prints');
  assert.ok(!(await page.locator('.app-nav').isVisible()), 'the navigation does not print');
  assert.ok(await page.locator('.app-print-header').isVisible(), 'the council and dates head the page');
  assert.ok(!(await change.isVisible()), 'the edit controls do not print');
  await page.pdf({ path: `${shots}area.pdf`, format: 'A4', preferCSSPageSize: true });
  await page.context().close();
});

test('screenshots of an area with charts and of an inspection', async () => {
  const page = await signIn('leader');
  await page.goto(`${server.url}${pages[3]}`);
  await page.locator('#measures').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}area.png`, fullPage: true });
  await page.goto(`${server.url}${pages[6]}`);
  await page.screenshot({ path: `${shots}inspection.png`, fullPage: true });
  await page.context().close();
});

test("the dashboard's icons have a key a councillor can read", async () => {
  const page = await signIn('viewer');
  await page.goto(`${server.url}/`);
  await page.click('summary:has-text("What the icons mean")');
  const key = await page.textContent('.app-icon-key');
  for (const words of ['Common cause variation', 'Special cause improvement', 'Special cause concern',
    'Consistently passes target', 'Consistently fails target', 'Hit and miss target']) {
    assert.match(key, new RegExp(words), `the key explains "${words}"`);
  }
  assert.deepEqual(await accessibilityProblems(page), [], 'the open key');
  await page.locator('.app-icon-key').screenshot({ path: `${shots}icon-key.png` });
  await page.context().close();
});

test("an area's measures are charted one to a page, each named and linked, by the same pagination", async () => {
  const page = await signIn('viewer');
  await page.goto(`${server.url}/areas`);
  const hrefs = await page.locator('main a[href^="/areas/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const areas = [...new Set(hrefs.filter((h) => /^\/areas\/\d+$/.test(h)))];
  let paged = null;
  for (const href of areas) {
    await page.goto(`${server.url}${href}`);
    if (await page.locator('nav[aria-label="Pages of measures"]').count()) { paged = href; break; }
  }
  assert.ok(paged, 'an area of the demo has more than one measure');
  const section = page.locator('section[aria-labelledby="measures"]');
  const named = await section.getByRole('list', { name: "Charts of this area's measures" }).getByRole('link').count();
  assert.match(await section.textContent(), new RegExp(`Measure 1 of ${named}`), 'the count matches the measures named');
  assert.equal(await section.locator('.app-measure').count(), 1, 'one chart on the page');
  assert.deepEqual(await accessibilityProblems(page), [], `${paged}, the first chart`);
  await section.getByRole('navigation', { name: 'Pages of measures' }).getByRole('link', { name: 'Next page' }).click();
  await page.waitForURL(/measures_page=2#measures$/);
  assert.match(await section.textContent(), new RegExp(`Measure 2 of ${named}`));
  assert.deepEqual(await accessibilityProblems(page), [], `${paged}, the second chart`);
  await page.context().close();
});
