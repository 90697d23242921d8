import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { startHranaServer } from '../workers/hrana-server';

// `npm start` as a new user meets it: klick's Node entry (src/node.ts, through tsx as the start script runs it) in
// a directory of its own, with a .env there; then a second start on the same database.
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const dir = mkdtempSync(path.join(tmpdir(), 'klick-first-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment of a shell without klick's settings, so only the .env speaks. */
function cleanEnv() {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env))
    if (/^(PORT|PUBLIC_URL|DATABASE_|ADMIN_TOKEN|STRIPE_|RESEND_|MAIL_|ENVIRONMENT)/.test(k)) delete env[k];
  return env;
}

async function start(): Promise<{ url: string; token: string; out: string; child: ChildProcess }> {
  const child = spawn(TSX, ['--tsconfig', path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'src/node.ts')], {
    cwd: dir,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const deadline = Date.now() + 45_000;
  while (!/health: /.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`klick did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /klick is running on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]!;
  const token = /admin token: +(\S+)/.exec(out)![1]!;
  return { url, token, out, child };
}
async function stop(child: ChildProcess) {
  const exited = new Promise((ok) => child.once('exit', ok));
  child.kill('SIGTERM');
  await exited;
}
async function events(url: string, token: string) {
  const res = await fetch(`${url}/api/admin/events`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: { slug: string }[] }).events;
}

describe('the first start on Node', () => {
  it('reads .env, creates the demo dinner once and keeps a generated admin token in a file only its owner reads', async () => {
    // .env puts the database (and with it the token file) somewhere only it names, on a free port
    writeFileSync(path.join(dir, '.env'), 'PORT=0\nDATABASE_URL=file:from-dotenv/klick.db\nRETENTION_DAYS=30\n');
    const first = await start();
    try {
      expect(first.out).toContain('database: file:from-dotenv/klick.db');
      expect(existsSync(path.join(dir, 'from-dotenv/klick.db'))).toBe(true);
      expect(existsSync(path.join(dir, '.data'))).toBe(false);
      const tokenFile = path.join(dir, 'from-dotenv/admin-token');
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(tokenFile, 'utf8')).toBe(`${first.token}\n`);
      expect(first.token).toMatch(/^[0-9a-z]{32,}$/);
      expect(first.out).toContain('(generated and kept next to the database)');
      expect(await events(first.url, first.token)).toMatchObject([{ slug: 'network-dinner-frankfurt' }]);
      expect(first.out).toContain(`${first.url}/e/network-dinner-frankfurt`);
    } finally {
      await stop(first.child);
    }

    const second = await start();
    try {
      expect(second.token).toBe(first.token);
      expect(await events(second.url, second.token)).toHaveLength(1);
    } finally {
      await stop(second.child);
    }
  }, 120_000);
});

describe('npm run db:migrate', () => {
  it('migrates a database over HTTP (a libSQL server), and a second run changes nothing', async () => {
    const db = await startHranaServer(path.join(dir, 'remote.db'));
    try {
      // asynchronously: the libSQL server answers from this process
      const migrate = () =>
        new Promise<{ status: number | null; out: string }>((ok) => {
          const child = spawn('npm', ['run', '--silent', 'db:migrate'], {
            cwd: ROOT,
            env: { ...cleanEnv(), DATABASE_URL: db.url },
          });
          let out = '';
          child.stdout.on('data', (d) => {
            out += d;
          });
          child.stderr.on('data', (d) => {
            out += d;
          });
          child.on('close', (status) => ok({ status, out }));
        });
      const r = await migrate();
      expect(r.out).toContain(`migrations applied to ${db.url}`);
      expect(r.status).toBe(0);

      const client = createClient({ url: db.url });
      const tables = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((t) =>
        String(t.name),
      );
      expect(tables).toEqual(expect.arrayContaining(['events', 'orders', 'tickets', 'scans', 'greetings', 'outbox']));
      const applied = (await client.execute('SELECT count(*) AS n FROM __drizzle_migrations')).rows[0]!.n;
      const journal = JSON.parse(readFileSync(path.join(ROOT, 'drizzle/meta/_journal.json'), 'utf8'));
      expect(Number(applied)).toBe(journal.entries.length);

      expect((await migrate()).status).toBe(0);
      expect((await client.execute('SELECT count(*) AS n FROM __drizzle_migrations')).rows[0]!.n).toBe(applied);
      client.close();
    } finally {
      await db.close();
    }
  }, 60_000);
});
