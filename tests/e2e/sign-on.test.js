// Single sign-on in Chromium against a real OpenID provider (oidc-provider,
// pinned in package.json, started on loopback by this file): a new user goes
// from Sustain's sign-in page to the provider and back, signed in with the
// role their `roles` claim gives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server.js';
import { launch, accessibilityProblems } from './browser.js';

let provider;
let issuer;
let server;
let browser;
let dir;
const shots = new URL('./artifacts/', import.meta.url).pathname;

const freePort = () => new Promise((ok) => {
  const probe = createServer();
  probe.listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => ok(port)); });
});

async function startProvider() {
  const child = spawn(process.execPath, [new URL('./oidc-provider.mjs', import.meta.url).pathname],
    { stdio: ['pipe', 'pipe', 'ignore'] });
  const first = await new Promise((ok, fail) => {
    let seen = '';
    child.stdout.on('data', (chunk) => { seen += chunk; if (seen.includes('\n')) ok(seen.split('\n')[0]); });
    child.on('exit', (code) => fail(new Error(`the provider exited with ${code}`)));
  });
  return { child, issuer: JSON.parse(first).issuer };
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  ({ child: provider, issuer } = await startProvider());
  const port = await freePort();
  const sustain = `http://127.0.0.1:${port}`;
  const registered = await fetch(`${issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [`${sustain}/auth/oidc/partner/callback`],
      post_logout_redirect_uris: [`${sustain}/sign-in`],
    }),
  }).then((r) => r.json());
  await fetch(`${issuer}/test/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'jo.marsh', claims: { name: 'Jo Marsh', roles: ['Sustain.Leader'] } }),
  });
  dir = mkdtempSync(join(tmpdir(), 'sustain-sign-on-'));
  const settings = join(dir, 'sustain.toml');
  writeFileSync(settings, `[oidc.providers.partner]
name = "Partner Agency"
issuer = "${issuer}"
client_id = "${registered.client_id}"
client_secret = "${registered.client_secret}"
role_claim = "roles"

[oidc.providers.partner.roles]
"Sustain.Leader" = "leader"
"Sustain.Admin" = "admin"
`);
  server = await startServer({ port, env: { SUSTAIN_CONFIG: settings } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  provider?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a new user signs in through the provider and arrives with the role from their claim', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in`);
  const button = page.getByRole('link', { name: 'Sign in with Partner Agency' });
  assert.equal(await button.count(), 1);
  assert.deepEqual(await accessibilityProblems(page), []);

  await button.click();
  await page.waitForURL((url) => url.href.startsWith(issuer));
  await page.fill('#login', 'jo.marsh');
  await page.click('button[type=submit]');

  await page.waitForSelector('h1:has-text("Dashboard")');
  assert.ok(page.url().startsWith(server.url), page.url());
  assert.equal((await page.textContent('.app-header__user')).trim(), 'Jo Marsh · Leader');
  await page.screenshot({ path: `${shots}signed-in-through-provider.png`, fullPage: false });

  await page.click('text=Sign out');
  await page.waitForSelector('h1:has-text("You have signed out of Sustain")');
  assert.equal(await page.getByRole('link', { name: 'Sign out of Partner Agency' }).count(), 1);
  assert.deepEqual(await accessibilityProblems(page), []);
});
