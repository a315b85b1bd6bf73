// Review as people do it (issue 23): a leader, by links from the sign-in page,
// selects several items in the review queue and verifies them at once, then
// returns one to the person who added it with a reason, which the queue and
// the item's page show. Each page is checked against WCAG 2.2 AA and
// photographed at 1280 and 320 px wide (artifacts/review-*.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, PASSWORD } from './server.js';
import { launch, accessibilityProblems } from './browser.js';

const shots = new URL('./artifacts/', import.meta.url).pathname;
let server;
let browser;
let page;

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function follow(locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

async function checked(name) {
  assert.deepEqual(await accessibilityProblems(page), [], `${name} meets WCAG 2.2 AA`);
  await page.screenshot({ path: `${shots}review-${name}.png`, fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 320, `${name} reflows at 320 px (${wide} px wide)`);
  await page.screenshot({ path: `${shots}review-${name}-320.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const banner = () => page.textContent('.app-notification-banner--success');
const items = () => page.locator('section.app-queue-item');

test('a leader verifies several items at once and returns one for changes with a reason', async () => {
  await page.goto(`${server.url}/sign-in`);
  await page.fill('#email', 'leader@hartwell.example');
  await page.fill('#password', PASSWORD);
  await follow(page.locator('button[type=submit]'));
  await follow(page.locator('a', { hasText: 'Go to the review queue' }));
  assert.match(page.url(), /\/evidence\/review$/);
  assert.match(await items().first().textContent(), /Added\s*\d+ \w+ \d{4} by Tom Okafor/);
  assert.match(await page.textContent('#returned'), /Returned for changes/, 'the demo has an item waiting for its author');
  await checked('queue');

  const titles = [];
  for (const n of [0, 1]) {
    const item = items().nth(n);
    titles.push((await item.locator('h2').textContent()).trim());
    await item.locator('input[name=selected]').check();
  }
  await page.check('input[name=bulk_decision][value=verify]');
  await follow(page.locator('#bulk-review button[type=submit]'));
  const done = await banner();
  for (const title of titles) assert.ok(done.includes(title), `${title} is named in "${done}"`);
  for (const title of titles) {
    assert.equal(await items().filter({ hasText: title }).count(), 0, `${title} left the queue`);
  }
  await checked('verified-several');

  const item = items().first();
  const title = (await item.locator('h2').textContent()).trim();
  const reason = 'Say which cases were sampled and who audited them.';
  await item.locator('summary', { hasText: 'Decide on this item alone' }).click();
  await item.locator('input[type=radio][value=return]').check();
  await item.locator('textarea').fill(reason);
  await follow(item.locator('button[type=submit]'));
  assert.match(await banner(), new RegExp(`Returned for changes: ${title}`));
  const row = page.locator('#returned ~ div tr', { hasText: title });
  assert.match(await row.textContent(), /Say which cases were sampled/);
  await checked('returned');

  await follow(row.locator('a'));
  assert.match(await page.textContent('main'), /Returned for changes/);
  assert.match(await page.textContent('blockquote'), /Say which cases were sampled/);
  await checked('returned-item');
});
