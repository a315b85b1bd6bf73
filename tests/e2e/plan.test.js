// Changing the plan in the browser (issue 11): a leader records an inspection
// and what answers it, a contributor reports progress and evidence, a leader
// verifies it and enters results, and the area's status follows the rules; a
// viewer sees it all and can change nothing; a stale edit in two tabs loses
// nothing. Every form meets WCAG 2.2 AA empty and with errors, for each role,
// fits a 320 px screen, and one is used by keyboard alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, PASSWORD } from './server.js';
import { launch, accessibilityProblems } from './browser.js';

let server;
let browser;
const shots = new URL('./artifacts/', import.meta.url).pathname;
// What the acceptance flow makes, for the checks after it.
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

async function fillDate(page, name, date) {
  await page.fill(`#${name}`, String(date.getDate()));
  await page.fill(`#${name}-month`, String(date.getMonth() + 1));
  await page.fill(`#${name}-year`, String(date.getFullYear()));
}

async function choose(page, name, value) {
  await page.check(`input[name="${name}"][value="${value}"]`);
}

async function submit(page, action) {
  await Promise.all([page.waitForNavigation(), page.click(`form[action="${action}"] button[type=submit]:not([name=check])`)]);
}

function idIn(url, kind) {
  const match = url.match(new RegExp(`/${kind}/(\\d+)`));
  assert.ok(match, `${url} names a ${kind}`);
  return match[1];
}

async function banner(page) {
  return page.textContent('.app-notification-banner__heading');
}

// The status tag on the area's own tile on the dashboard (the areas list is
// ordered most urgent first, so any other tag may belong to another area).
async function statusOf(page, areaName) {
  await page.goto(`${server.url}/`);
  const tile = page.locator('li.app-tile', { has: page.getByRole('heading', { name: areaName, exact: true }) });
  return (await tile.locator('.app-tag').textContent()).trim();
}

function monthEnds(count) {
  const today = new Date();
  const ends = [];
  for (let back = count; back >= 1; back -= 1) {
    ends.push(new Date(Date.UTC(today.getFullYear(), today.getMonth() - back + 1, 0)));
  }
  return ends.map((d) => d.toISOString().slice(0, 10));
}

test('a leader records an inspection, a finding, an area, an owner, a measure and an action answering the finding', async () => {
  const page = await signedIn('leader');
  await page.goto(`${server.url}/inspections/new`);
  await choose(page, 'kind', 'focused_visit');
  await page.fill('#title', 'Focused visit: care leavers (e2e)');
  await fillDate(page, 'start_date', new Date(2025, 2, 4));
  await fillDate(page, 'end_date', new Date(2025, 2, 5));
  await choose(page, 'overall_judgement', 'none');
  await submit(page, '/inspections');
  made.inspection = idIn(page.url(), 'inspections');

  await page.goto(`${server.url}/owners/new`);
  await page.fill('#job_title', 'Personal Adviser Team Manager');
  await page.fill('#name', 'Sam Reid');
  await page.fill('#team', 'Leaving Care Partnership (charity)');
  await submit(page, '/owners');
  made.owner = idIn(page.url(), 'owners');

  made.areaName = "Care leavers' pathway plans (e2e)";
  await page.goto(`${server.url}/areas/new`);
  await page.fill('#name', made.areaName);
  await page.selectOption('#lead_owner_id', made.owner);
  await page.fill('#evidence_min_items', '1');
  await page.fill('#evidence_min_kinds', '1');
  await submit(page, '/areas');
  made.area = idIn(page.url(), 'areas');

  await page.goto(`${server.url}/findings/new?inspection=${made.inspection}&area=${made.area}`);
  await choose(page, 'kind', 'priority_action');
  await page.fill('#reference', 'APA9');
  await page.fill('#text', 'Pathway plans are not updated with young people when their circumstances change.');
  await submit(page, '/findings');
  made.finding = idIn(page.url(), 'findings');

  await page.goto(`${server.url}/measures/new?area=${made.area}`);
  await page.fill('#name', 'Pathway plans reviewed on time');
  await choose(page, 'kind', 'indicator');
  await choose(page, 'unit', 'percent');
  await choose(page, 'direction', 'higher_is_better');
  await page.fill('#target', '80');
  await choose(page, 'frequency', 'monthly');
  await choose(page, 'is_key', 'yes');
  await submit(page, '/measures');
  made.measure = idIn(page.url(), 'measures');

  await page.goto(`${server.url}/actions/new?area=${made.area}&finding=${made.finding}`);
  assert.ok(await page.isChecked(`input[name=finding_ids][value="${made.finding}"]`), 'the finding it came from is ticked');
  await page.fill('#reference', '9.1');
  await page.fill('#title', 'Review every pathway plan with the young person');
  await page.selectOption('#owner_id', { label: 'Quality Assurance Manager (Tom Okafor)' });
  await choose(page, 'state', 'in_progress');
  await fillDate(page, 'start_date', new Date(2025, 3, 1));
  await submit(page, '/actions');
  made.action = idIn(page.url(), 'actions');
  assert.match(await banner(page), /Action added: 9.1/);
  assert.equal(await statusOf(page, made.areaName), 'In progress');
  await page.context().close();
});

test('a contributor adds progress and evidence with two files to their action, and completes it', async () => {
  const page = await signedIn('contributor');
  await page.goto(`${server.url}/actions/${made.action}`);
  await choose(page, 'rag', 'green');
  await page.fill('#note', 'Every plan due this month was reviewed with the young person.');
  await submit(page, `/actions/${made.action}/updates`);
  assert.match(await banner(page), /Progress update added/);
  assert.match(await page.textContent('.app-timeline'), /Every plan due this month/);

  await page.click('text=Add evidence for this action');
  assert.ok(await page.isChecked(`input[name=action_ids][value="${made.action}"]`));
  await page.fill('#title', 'Pathway plan dip-sample');
  await choose(page, 'kind', 'case_audit');
  await page.fill('#description', 'Twelve plans sampled; all reviewed with the young person.');
  await page.setInputFiles('#file', [
    { name: 'dip-sample.csv', mimeType: 'text/csv', buffer: Buffer.from('plan,reviewed\n1,yes\n2,yes\n') },
    { name: 'summary.txt', mimeType: 'text/plain', buffer: Buffer.from('All twelve reviewed.') },
  ]);
  await submit(page, '/evidence');
  made.evidence = idIn(page.url(), 'evidence');
  assert.match(await banner(page), /Evidence added with 2 files/);
  assert.equal(await page.locator('a[href^="/attachments/"]').count(), 2);

  await page.goto(`${server.url}/actions/${made.action}/edit`);
  await choose(page, 'state', 'completed');
  await fillDate(page, 'completed_date', new Date());
  await submit(page, `/actions/${made.action}`);
  assert.match(await banner(page), /Action saved/);
  // Completed, it waits for a leader's sign-off: the area is not yet delivered.
  assert.match(await page.textContent('main'), /Awaiting sign-off/);
  assert.equal(await statusOf(page, made.areaName), 'In progress');
  await page.context().close();
});

test('a leader verifies the evidence from the review queue and enters results, and the area is embedded', async () => {
  const page = await signedIn('leader');
  await page.goto(`${server.url}/actions/${made.action}`);
  await page.check('input[name="decision"][value="sign_off"]');
  await page.fill('#sign_off_note', 'Pathway plans reviewed: delivered.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save decision' }).click()]);
  assert.match(await page.textContent("main"), /Signed off/);
  // Oldest first: the new item is on the queue's last page.
  await page.goto(`${server.url}/evidence/review`);
  const item = page.locator('section.app-queue-item', { hasText: 'Pathway plan dip-sample' });
  while (await item.count() === 0) {
    await Promise.all([page.waitForNavigation(), page.click('a[rel=next]')]);
  }
  await item.locator('summary', { hasText: 'Decide on this item alone' }).click();
  await item.locator(`input[name="decision-${made.evidence}"][value=verify]`).check();
  await Promise.all([page.waitForNavigation(), item.locator('button[type=submit]').click()]);
  assert.match(await banner(page), /Verified: Pathway plan dip-sample/);

  await page.goto(`${server.url}/measures/${made.measure}/results/import`);
  const rows = monthEnds(3).map((d, i) => `${d},${85 + i}`).join('\n');
  await page.fill('#csv', `period,value\n${rows}`);
  await submit(page, `/measures/${made.measure}/results/import`);
  assert.match(await page.textContent('main'), /3 new, 0 corrected, 0 unchanged/);
  assert.deepEqual(await accessibilityProblems(page), []);
  await page.screenshot({ path: `${shots}import-preview.png`, fullPage: true });
  await submit(page, `/measures/${made.measure}/results/import/confirm`);
  assert.match(page.url(), new RegExp(`/measures/${made.measure}$`));
  assert.equal(await statusOf(page, made.areaName), 'Embedded');
  await page.context().close();
});

test('a viewer sees all of it and can change nothing', async () => {
  const page = await signedIn('viewer');
  for (const path of [`/actions/${made.action}`, `/evidence/${made.evidence}`, '/actions', '/evidence', '/archived']) {
    await page.goto(`${server.url}${path}`);
    assert.equal(await page.locator('form[method=post]').count(), 1, `${path}: only the sign-out form`);
    assert.equal(await page.locator('a[href$="/edit"], a[href$="/archive"], a[href$="/new"]').count(), 0, `${path}: no edit controls`);
  }
  await page.goto(`${server.url}/actions/${made.action}`);
  assert.match(await page.textContent('main'), /Every plan due this month/);
  assert.match(await page.textContent('main'), /Your role lets you read the plan but not change it/);
  const refused = await page.goto(`${server.url}/actions/${made.action}/edit`);
  assert.equal(refused.status(), 403);
  await page.context().close();
});

test('a stale edit in two tabs is refused without losing what was typed in either', async () => {
  const first = await signedIn('leader');
  const second = await first.context().newPage();
  const edit = `${server.url}/actions/${made.action}/edit`;
  await first.goto(edit);
  await second.goto(edit);
  await first.fill('#description', 'Typed in the first tab');
  await second.fill('#description', 'Typed in the second tab');
  await submit(first, `/actions/${made.action}`);
  assert.match(await banner(first), /Action saved/);
  const response = await Promise.all([
    second.waitForResponse((r) => r.url().endsWith(`/actions/${made.action}`) && r.request().method() === 'POST'),
    second.click(`form[action="/actions/${made.action}"] button[type=submit]`),
  ]);
  assert.equal(response[0].status(), 409);
  await second.waitForLoadState('load');
  assert.equal(await second.inputValue('#description'), 'Typed in the second tab', 'the second tab keeps what was typed');
  assert.match(await second.textContent('#stale-edit'), /Typed in the first tab/, 'and shows what the first tab saved');
  assert.deepEqual(await accessibilityProblems(second), []);
  await second.screenshot({ path: `${shots}stale-edit.png`, fullPage: true });
  await first.context().close();
});

// Each form: its page, and the action its main form posts to (submitted empty).
function formsFor(role) {
  const shared = [
    { path: '/actions', post: null },
    { path: '/evidence', post: null },
    { path: `/actions/${made.action}`, post: null },
    { path: `/evidence/${made.evidence}`, post: null },
  ];
  if (role === 'viewer') return [...shared, { path: '/archived?kind=areas', post: null }];
  const contributor = [
    ...shared,
    { path: '/evidence/new', post: null },
    { path: `/evidence/new?area=${made.area}`, post: '/evidence' },
    { path: `/measures/${made.measure}/results/new`, post: `/measures/${made.measure}/results` },
    { path: '/measures/1/results/new', post: '/measures/1/results' },
    { path: `/measures/${made.measure}/results/import`, post: `/measures/${made.measure}/results/import` },
  ];
  if (role === 'contributor') return [...contributor, { path: '/actions?owner=mine', post: null }];
  return [
    ...contributor,
    { path: '/inspections/new', post: '/inspections' },
    { path: `/inspections/${made.inspection}/edit`, post: `/inspections/${made.inspection}` },
    { path: `/findings/new?inspection=${made.inspection}`, post: '/findings' },
    { path: `/findings/${made.finding}/edit`, post: `/findings/${made.finding}` },
    { path: '/areas/new', post: '/areas' },
    { path: '/owners/new', post: '/owners' },
    { path: `/owners/${made.owner}/edit`, post: `/owners/${made.owner}` },
    { path: '/measures/new', post: '/measures' },
    { path: `/measures/${made.measure}/edit`, post: `/measures/${made.measure}` },
    { path: `/measures/${made.measure}/recalculations/new`, post: `/measures/${made.measure}/recalculations` },
    { path: '/actions/new', post: '/actions' },
    { path: `/actions/${made.action}/edit`, post: `/actions/${made.action}` },
    { path: `/actions/${made.action}`, post: `/actions/${made.action}/updates` },
    { path: `/evidence/${made.evidence}/edit`, post: `/evidence/${made.evidence}` },
    { path: `/evidence/${made.evidence}`, post: `/evidence/${made.evidence}/review` },
    { path: '/evidence/review', post: null },
    { path: `/actions/${made.action}/archive`, post: null },
    { path: '/archived?kind=actions', post: null },
  ];
}

async function fitsAndPasses(page, what) {
  assert.deepEqual(await accessibilityProblems(page), [], `${what}: axe`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 320, `${what}: the page is ${width} px wide at 320 px`);
}

for (const role of ['leader', 'contributor', 'viewer']) {
  test(`every form meets WCAG 2.2 AA and fits 320 px, empty and with errors, for a ${role}`, async () => {
    const page = await signedIn(role, { width: 320, height: 800 });
    for (const form of formsFor(role)) {
      const response = await page.goto(`${server.url}${form.path}`);
      assert.equal(response.status(), 200, `${role} GET ${form.path}`);
      await fitsAndPasses(page, `${role} ${form.path}`);
      if (!form.post) continue;
      // Blank every field a person types into, then send the form as it is.
      await page.$$eval(`form[action="${form.post}"] input[type=text], form[action="${form.post}"] textarea`, (fields) => {
        for (const f of fields) f.value = '';
      });
      await submit(page, form.post);
      const summary = page.locator('.app-error-summary');
      assert.ok(await summary.count() > 0, `${role} ${form.post}: errors are shown`);
      assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('app-error-summary')),
        `${role} ${form.post}: focus moves to the error summary`);
      await fitsAndPasses(page, `${role} ${form.post} with errors`);
    }
    await page.context().close();
  });
}

test('a progress update can be given by keyboard alone', async () => {
  const page = await signedIn('contributor');
  await page.goto(`${server.url}/actions/${made.action}`);
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
  for (let i = 0; i < 60 && (await focused()) !== 'update_date'; i += 1) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'update_date', 'Tab reaches the form');
  await page.keyboard.press('Tab'); // month
  await page.keyboard.press('Tab'); // year
  await page.keyboard.press('Tab'); // the RAG radios: nothing is chosen
  assert.equal(await focused(), 'rag');
  await page.keyboard.press('ArrowRight'); // amber, chosen by moving to it
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'note');
  await page.keyboard.type('Two plans waiting for the young person to be available.');
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await banner(page), /Progress update added/);
  assert.match(await page.textContent('.app-timeline'), /Amber/);
  await page.context().close();
});

test('the forms look right on a phone and on a desktop', async () => {
  for (const [width, label] of [[320, 'phone'], [1280, 'desktop']]) {
    const page = await signedIn('leader', { width, height: 900 });
    for (const [name, path] of [['action-edit', `/actions/${made.action}/edit`], ['tracker', '/actions'],
      ['library', '/evidence'], ['measure-new', '/measures/new'], ['inspection-new', '/inspections/new']]) {
      await page.goto(`${server.url}${path}`);
      await page.screenshot({ path: `${shots}${name}-${label}.png`, fullPage: true });
    }
    await page.context().close();
  }
});
