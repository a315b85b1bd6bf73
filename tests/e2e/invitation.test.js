// An admin invites someone by email, following links from the sign-in page;
// the invited person opens the link in the email the mail server received,
// chooses a password and is signed in. The mail server is Python's aiosmtpd
// on loopback (SUSTAIN_TEST_PYTHON, else .ci/venv), saving into a maildir.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer, PASSWORD } from './server.js';
import { launch, accessibilityProblems } from './browser.js';

const INVITED = 'jo.reed@sustain.local';
const CHOSEN = 'heron-quarry-violet-42';
const shots = new URL('./artifacts/', import.meta.url).pathname;
let server;
let browser;
let mail;

function freePort() {
  return new Promise((ok) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

function listening(port) {
  return new Promise((ok) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => { socket.end(); ok(true); });
    socket.on('error', () => ok(false));
  });
}

// aiosmtpd on a free loopback port, keeping every message in a maildir.
async function startMailServer() {
  const python = process.env.SUSTAIN_TEST_PYTHON || resolve(import.meta.dirname, '../../.ci/venv/bin/python');
  const dir = mkdtempSync(join(tmpdir(), 'sustain-mail-'));
  const port = await freePort();
  const child = spawn(python, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`,
    '-c', 'aiosmtpd.handlers.Mailbox', join(dir, 'maildir')], { stdio: 'ignore' });
  for (let i = 0; !(await listening(port)); i += 1) {
    if (i > 200) throw new Error(`aiosmtpd did not listen on ${port}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return {
    port,
    messages() {
      const fresh = join(dir, 'maildir', 'new');
      if (!existsSync(fresh)) return [];
      return readdirSync(fresh).map((name) => readFileSync(join(fresh, name), 'utf8'));
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((ok) => child.once('exit', ok));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The link in the one message to `address`, quoted-printable undone.
function emailedLink(address) {
  const message = mail.messages().find((m) => m.includes(`X-RcptTo: ${address}`));
  assert.ok(message, `no mail to ${address}`);
  const body = message.replace(/\r\n/g, '\n').replace(/=\n/g, '').replace(/=3D/g, '=');
  const link = body.match(/http:\/\/\S+\/invitations\/[0-9a-f]{64}/);
  assert.ok(link, body);
  return link[0];
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  mail = await startMailServer();
  server = await startServer({
    demo: false,
    env: {
      SUSTAIN_SMTP__HOST: '127.0.0.1',
      SUSTAIN_SMTP__PORT: String(mail.port),
      SUSTAIN_SMTP__TLS: 'none',
      SUSTAIN_SMTP__FROM: 'Sustain <sustain@sustain.local>',
    },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await mail?.stop();
});

test('an admin invites someone, who sets a password from the emailed link and is signed in', async () => {
  const admin = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  const follow = (locator) => Promise.all([admin.waitForNavigation(), locator.click()]);
  await admin.goto(`${server.url}/sign-in`);
  await admin.fill('#email', 'admin@sustain.local');
  await admin.fill('#password', PASSWORD);
  await follow(admin.locator('button[type=submit]'));
  await follow(admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true }));
  await follow(admin.locator('main').getByRole('link', { name: 'Invite someone' }));
  assert.deepEqual(await accessibilityProblems(admin), []);
  await admin.fill('#email', INVITED);
  await admin.fill('#display_name', 'Jo Reed');
  await admin.selectOption('#role', 'contributor');
  await follow(admin.locator('main').getByRole('button', { name: 'Send invitation' }));
  assert.match(await admin.textContent('main'), /Invitation sent to Jo Reed/);
  assert.match(await admin.locator('#invitations ~ div table').textContent(), /Pending/);
  await admin.screenshot({ path: `${shots}invitation-sent.png`, fullPage: true });

  // The person, in a browser of their own, opens the link from the email.
  const person = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  const link = emailedLink(INVITED);
  await person.goto(link);
  assert.match(await person.textContent('h1'), /Choose your password/);
  assert.deepEqual(await accessibilityProblems(person), []);
  await person.fill('#new_password', CHOSEN);
  await person.fill('#confirm_password', CHOSEN);
  await Promise.all([person.waitForNavigation(), person.getByRole('button', { name: 'Set password and sign in' }).click()]);
  await person.waitForSelector('h1:has-text("Dashboard")');
  await person.screenshot({ path: `${shots}invitation-signed-in.png`, fullPage: false });

  // The link has done its work: opening it again says so.
  const response = await person.goto(link);
  assert.equal(response.status(), 410);
  assert.match(await person.textContent('h1'), /This invitation has been used/);
});
