import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeStripe } from '../fixtures/stripe/fake-stripe';
import { createMigratedTempDb, startHranaServer } from '../workers/hrana-server';

// What a deployer does first: `npx wrangler dev` with the repository's three wrangler files (the main Worker's
// [build] runs scripts/build-web.mjs, wrangler watches the project; the organizer's and the payments Worker run
// beside it, wired by their service bindings), against a libSQL server over HTTP (the tests' Hrana server on a
// migrated file) and the fake Stripe. It must become ready, answer /api/health, the organizer's login through the
// ORGANIZER binding and a webhook through the PAYMENTS binding, and stay ready instead of rebuilding itself.
const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

let child: ChildProcess | undefined;
let closeDb: (() => Promise<void>) | undefined;
let closeStripe: (() => unknown) | undefined;
const varsDir = mkdtempSync(join(tmpdir(), 'klick-wrangler-dev-vars-'));
afterAll(async () => {
  if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  await closeDb?.();
  await closeStripe?.();
  rmSync(varsDir, { recursive: true, force: true });
});

describe('npx wrangler dev', () => {
  it('reaches ready, answers /api/health from the libSQL server and does not rebuild itself', async () => {
    const db = await startHranaServer(await createMigratedTempDb('klick-wrangler-dev-'));
    closeDb = db.close;
    const stripe = await startFakeStripe();
    closeStripe = stripe.close;
    const port = await freePort();
    const vars = {
      ENVIRONMENT: 'development',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: db.url,
      ADMIN_TOKEN: 'wrangler-dev-admin-token-0123',
      // every setting given, so a developer's own .dev.vars cannot reach the test
      STRIPE_SECRET_KEY: 'sk_test_wrangler_dev',
      STRIPE_WEBHOOK_SECRET: 'whsec_wrangler_dev',
      STRIPE_API_URL: stripe.url,
      RESEND_API_KEY: '',
      DATABASE_AUTH_TOKEN: '',
    };
    // The settings, instead of the project's own .dev.vars: the main Worker takes --var. wrangler gives the other
    // Workers of a dev session only the .dev.vars beside their wrangler file, so theirs are copied, unchanged but
    // for absolute paths, into a directory of their own with a .dev.vars of the test's settings.
    writeFileSync(
      join(varsDir, '.dev.vars'),
      Object.entries(vars)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
    const configs = ['wrangler.toml'];
    for (const file of ['wrangler.organizer.toml', 'wrangler.payments.toml']) {
      const toml = readFileSync(file, 'utf8')
        .replace(/^main = "(.+)"$/m, (_, main) => `main = ${JSON.stringify(resolve(main))}`)
        .replace(/^directory = "(.+)"$/m, (_, dir) => `directory = ${JSON.stringify(resolve(dir))}`);
      writeFileSync(join(varsDir, file), toml);
      configs.push(join(varsDir, file));
    }
    const args = ['node_modules/wrangler/bin/wrangler.js', 'dev', '--port', String(port), '--ip', '127.0.0.1'];
    for (const config of configs) args.push('-c', config);
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
    expect(health, log).toMatchObject({ ok: true, db: 'ok', mail: 'dev', payments: 'stripe' });
    // the organizer's Worker, through the main Worker's ORGANIZER binding
    const login = await fetch(`http://127.0.0.1:${port}/admin?lang=en`);
    expect(login.status, log).toBe(200);
    expect(await login.text()).toContain('name="token"');
    // the payments Worker, through the PAYMENTS binding: it checks the webhook's signature (a forged one here)
    const hook = await fetch(`http://127.0.0.1:${port}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
      body: '{"id":"evt_forged"}',
    });
    expect(hook.status, log).toBe(400);
    expect(await hook.json()).toMatchObject({ error: { code: 'invalid_signature' } });

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
