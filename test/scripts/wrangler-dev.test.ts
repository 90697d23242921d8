import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createMigratedTempDb, startHranaServer } from '../workers/hrana-server';

// What a deployer does first: `npx wrangler dev` with the repository's wrangler.toml (its [build] runs
// scripts/build-web.mjs, wrangler watches the project), against a libSQL server over HTTP (the tests' Hrana server
// on a migrated file). It must become ready, answer /api/health, and stay ready instead of rebuilding itself.
const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

let child: ChildProcess | undefined;
let closeDb: (() => Promise<void>) | undefined;
afterAll(async () => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  await closeDb?.();
});

describe('npx wrangler dev', () => {
  it('reaches ready, answers /api/health from the libSQL server and does not rebuild itself', async () => {
    const db = await startHranaServer(await createMigratedTempDb('klick-wrangler-dev-'));
    closeDb = db.close;
    const port = await freePort();
    const vars = {
      ENVIRONMENT: 'development',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: db.url,
      ADMIN_TOKEN: 'wrangler-dev-admin-token-0123',
      // a developer's own .dev.vars must not reach the test
      STRIPE_SECRET_KEY: '',
      STRIPE_WEBHOOK_SECRET: '',
      RESEND_API_KEY: '',
      DATABASE_AUTH_TOKEN: '',
    };
    const args = ['node_modules/wrangler/bin/wrangler.js', 'dev', '--port', String(port), '--ip', '127.0.0.1'];
    args.push('--inspector-port', String(await freePort()), '--show-interactive-dev-session=false');
    for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
    child = spawn(process.execPath, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: '1' },
    });
    let log = '';
    child.stdout?.on('data', (d) => {
      log += d;
    });
    child.stderr?.on('data', (d) => {
      log += d;
    });
    const builds = () => log.split('[custom build] Running:').length - 1;
    const reloads = () => (log.match(/Reloading local server|Detected changes/g) ?? []).length;

    const deadline = Date.now() + 90_000;
    let health: Record<string, unknown> | undefined;
    while (!health && Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${log}`);
      await new Promise((r) => setTimeout(r, 500));
      if (!log.includes('Ready on')) continue;
      const res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
      if (res?.ok) health = (await res.json()) as Record<string, unknown>;
    }
    expect(health, log).toMatchObject({ ok: true, db: 'ok', mail: 'dev' });

    // ready and left alone: nothing the build wrote may start another build or reload
    const [b, r] = [builds(), reloads()];
    expect(b, log).toBeGreaterThanOrEqual(1);
    expect(b, log).toBeLessThanOrEqual(2);
    await new Promise((ok) => setTimeout(ok, 8_000));
    expect({ builds: builds(), reloads: reloads() }, log).toEqual({ builds: b, reloads: r });
    const again = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(again.status).toBe(200);
  }, 150_000);
});
