// Starts the real sustain binary on a fresh SQLite database, with the demo
// authority unless `demo: false` (an empty instance with its first admin),
// and stops it when the tests end. `now` (RFC 3339) starts the server's clock
// there (SUSTAIN_NOW), so that "today" and every status are the same each run.
// With E2E_POSTGRES_URL (a server, e.g. postgres://postgres@127.0.0.1:5432)
// each server gets a fresh PostgreSQL database there instead, dropped at the end.
// `env` adds settings (SUSTAIN_*), e.g. a mail server.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PASSWORD = 'e2e-demo-password-2718';

export async function startServer({ demo = true, now, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sustain-e2e-'));
  const postgres = process.env.E2E_POSTGRES_URL?.replace(/\/+$/, '');
  const database = `sustain_e2e_${process.pid}_${Date.now()}`;
  const psql = (sql) => execFileSync('psql', [`${postgres}/postgres`, '-q', '-c', sql], { stdio: 'inherit' });
  if (postgres) psql(`CREATE DATABASE ${database}`);
  const bin = process.env.SUSTAIN_BIN || resolve(import.meta.dirname, '../../target/debug/sustain');
  const child = spawn(bin, demo ? ['serve', '--demo'] : ['serve'], {
    env: {
      ...process.env,
      SUSTAIN_DATABASE_URL: postgres ? `${postgres}/${database}` : join(dir, 'sustain.db'),
      SUSTAIN_BIND: '127.0.0.1:0',
      SUSTAIN_ADMIN_PASSWORD: PASSWORD,
      SUSTAIN_CONFIG: '/dev/null',
      SUSTAIN_LOG: 'warn',
      ...(now ? { SUSTAIN_NOW: now } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((ok, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`server did not start: ${seen}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = seen.match(/running at (http:\/\/[^\s/]+)/);
      if (match) { clearTimeout(timer); ok(match[1]); }
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}: ${seen}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((ok) => child.once('exit', ok));
      rmSync(dir, { recursive: true, force: true });
      if (postgres) psql(`DROP DATABASE IF EXISTS ${database}`);
    },
  };
}
