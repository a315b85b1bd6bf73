// Sign-off of completed actions (issue 23), walked by links from the sign-in
// page on the demo: the owner (the contributor, owner of 7.4) marks an action
// completed; a leader finds it from the dashboard's count and the tracker
// filtered to actions awaiting sign-off, and returns it with a reason; the
// owner reads the reason, marks it completed again; the leader signs it off.
// Every page passes axe (WCAG 2.2 AA), at 1280 and 320 px; screenshots go to
// artifacts/signoff-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startServer, PASSWORD } from './server.js';
import { launch, accessibilityProblems } from './browser.js';

let server;
let browser;
const shots = new URL('./artifacts/', import.meta.url).pathname;
const REASON = 'The briefings for two teams are not recorded yet: add them, then mark it completed again.';

before(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(role, width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.fill('#email', `${role}@hartwell.example`);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL(`${server.url}/`);
  return page;
}

async function follow(page, link) {
  await Promise.all([page.waitForNavigation(), link.click()]);
}

async function checked(page, name) {
  assert.deepEqual(await accessibilityProblems(page), [], `${name}: axe`);
  await page.screenshot({ path: `${shots}signoff-${name}.png`, fullPage: true });
}

// From the dashboard, by the navigation and the tracker, to action 7.4.
async function toAction(page) {
  await follow(page, page.locator('nav.app-nav a', { hasText: /^Actions$/ }));
  await page.fill('#q', 'Learning briefings');
  await follow(page, page.getByRole('button', { name: 'Apply filters' }));
  await follow(page, page.getByRole('link', { name: 'Learning briefings to practitioners after each audit' }));
}

async function markCompleted(page) {
  await toAction(page);
  await follow(page, page.getByRole('link', { name: 'Change this action' }));
  await page.check('input[name="state"][value="completed"]');
  const today = new Date();
  await page.fill('#completed_date', String(today.getDate()));
  await page.fill('#completed_date-month', String(today.getMonth() + 1));
  await page.fill('#completed_date-year', String(today.getFullYear()));
  await follow(page, page.getByRole('button', { name: 'Save changes' }));
  assert.match(await page.textContent('main'), /Awaiting sign-off/);
}

// A leader from the dashboard's count to the tracker's filter to the action.
async function leaderFinds(page, count) {
  const panel = page.locator('section', { has: page.getByRole('heading', { name: /Actions awaiting sign-off/ }) });
  assert.match(await panel.textContent(), new RegExp(`Actions awaiting sign-off \\(${count}\\)`));
  await follow(page, panel.getByRole('link', { name: 'See the actions awaiting sign-off' }));
  assert.match(page.url(), /sign_off=awaiting/);
  await checked(page, `tracker-awaiting-${count}`);
  await follow(page, page.getByRole('link', { name: 'Learning briefings to practitioners after each audit' }));
}

test('an owner marks an action completed, a leader returns it with a reason, then signs it off', async () => {
  const owner = await signedIn('contributor');
  await markCompleted(owner);
  await checked(owner, 'owner-awaiting');

  const leader = await signedIn('leader');
  // The demo's 6.3 also awaits sign-off.
  await checked(leader, 'dashboard');
  await leaderFinds(leader, 2);
  await checked(leader, 'leader-action');
  // Saved with nothing chosen, the form says what is missing.
  await follow(leader, leader.getByRole('button', { name: 'Save decision' }));
  assert.match(await leader.textContent('.app-error-summary'), /Choose whether to sign it off or return it/);
  await checked(leader, 'leader-errors');
  await leader.check('input[name="decision"][value="return"]');
  await leader.fill('#sign_off_note', REASON);
  await follow(leader, leader.getByRole('button', { name: 'Save decision' }));
  assert.match(await leader.textContent('.app-notification-banner__heading'), /Returned to its owner/);

  // The owner reads why, at 320 px too, and marks it completed again.
  const narrow = await signedIn('contributor', 320);
  await toAction(narrow);
  const main = await narrow.textContent('main');
  assert.match(main, /Returned to its owner/);
  assert.ok(main.includes(REASON), 'the owner sees the reason');
  await checked(narrow, 'owner-returned-320');
  // The returned decision itself, close up, as the owner reads it on a phone.
  await narrow.locator('#sign-off ~ .app-inset-text').first().screenshot({ path: `${shots}signoff-reason-320.png` });
  const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 320, `the action page is ${width} px wide at 320 px`);
  await follow(owner, owner.getByRole('link', { name: 'Dashboard' }).first());
  await markCompleted(owner);

  await follow(leader, leader.getByRole('link', { name: 'Dashboard' }).first());
  await leaderFinds(leader, 2);
  await leader.check('input[name="decision"][value="sign_off"]');
  await leader.fill('#sign_off_note', 'Briefings recorded for every team: delivered.');
  await follow(leader, leader.getByRole('button', { name: 'Save decision' }));
  const after = await leader.textContent('main');
  assert.match(after, /Signed off/);
  assert.match(after, /Briefings recorded for every team/);
  await checked(leader, 'signed-off');
  // Change history records both decisions.
  assert.match(after, /Returned for changes/);
});
