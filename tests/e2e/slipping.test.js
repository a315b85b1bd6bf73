// Slipping seen ahead, as a leader finds it: from sign-in to the dashboard's
// list of areas at risk, on to the area's page and to "My actions", whose
// digest reminds the lead owner. The demo's clock is set on 30 January 2027,
// when the oversight area's supervision measure (not entered for two months)
// leaves it embedded until 28 February and no longer on 1 March 2027.
// Every page meets WCAG 2.2 AA (axe); screenshots at 1280 and 320 px wide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, PASSWORD } from './server.js';
import { launch, accessibilityProblems } from './browser.js';

const NOW = '2027-01-30T10:00:00Z';
const AREA = 'Management oversight and supervision';
const REASON = 'Results grow too old on 1 March 2027: Supervision within timescale will have 2 results in the 6 months, 3 are needed';

let server;
let browser;
const shots = new URL('./artifacts/', import.meta.url).pathname;

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer({ now: NOW });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Signs the leader in through the form: the only address typed.
async function signIn(viewport) {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.fill('#email', 'leader@hartwell.example');
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('h1:has-text("Dashboard")');
  return page;
}

async function accessible(page, what) {
  assert.deepEqual(await accessibilityProblems(page), [], what);
}

for (const [width, suffix] of [[1280, ''], [320, '-320']]) {
  test(`a leader follows the area at risk from the dashboard to its page and their digest (${width} px)`, async () => {
    const page = await signIn({ width, height: width === 320 ? 640 : 900 });

    const panel = page.locator('section[aria-labelledby="at-risk"]');
    await assert.doesNotReject(panel.waitFor(), 'the dashboard has the at-risk panel');
    const listed = (await panel.innerText()).replace(/\s+/g, ' ');
    assert.match(listed, /At risk of slipping \(1\)/);
    assert.ok(listed.includes(AREA), listed);
    assert.ok(listed.includes('Stops being embedded on 1 March 2027 (in 30 days)'), listed);
    assert.ok(listed.includes(REASON), listed);
    await accessible(page, `dashboard at ${width} px`);
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}slipping-dashboard${suffix}.png` });

    await panel.getByRole('link', { name: AREA }).click();
    await page.waitForSelector(`h1:has-text("${AREA}")`);
    const warning = (await page.locator('#slipping').innerText()).replace(/\s+/g, ' ');
    assert.ok(warning.includes('At risk of slipping in 30 days.'), warning);
    assert.ok(warning.includes(REASON), warning);
    assert.ok(warning.includes('If nothing new is recorded it stays embedded until 28 February 2027.'), warning);
    const embedded = await page.locator('.app-title-with-tag > .app-tag').innerText();
    assert.equal(embedded.trim(), 'Embedded', 'embedded today');
    await accessible(page, `area page at ${width} px`);
    const scrolled = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrolled <= width, `the area page is ${scrolled} px wide at ${width} px`);
    await page.screenshot({ path: `${shots}slipping-area${suffix}.png` });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My actions' }).click();
    await page.waitForSelector('#digest');
    const digest = (await page.locator('section[aria-labelledby="digest"]').innerText()).replace(/\s+/g, ' ');
    assert.ok(digest.includes('Areas led at risk of slipping (1)'), digest);
    assert.ok(digest.includes(`${AREA}: ${REASON}`), digest);
    assert.ok(!digest.includes('Within 7 days'), '30 days ahead is not flagged as within a week');
    await accessible(page, `My actions at ${width} px`);
    await page.locator('#digest').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}slipping-digest${suffix}.png` });
    await page.context().close();
  });
}
