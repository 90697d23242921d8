import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAcrossWorkers, checkDeploySettings } from '../../scripts/deploy-check.mjs';

// `npm run deploy` = scripts/deploy-check.mjs, then `wrangler deploy`: a Worker without PUBLIC_URL (or with one that
// is no https site address) must never reach Cloudflare, where it would answer every request with a 500.
const dir = mkdtempSync(path.join(tmpdir(), 'klick-deploy-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' };
const SECRETS = 'ADMIN_TOKEN,DATABASE_URL,STRIPE_SECRET_KEY,STRIPE_WEBHOOK_SECRET';

function check(vars: string, secrets = SECRETS) {
  const config = path.join(dir, `wrangler-${Math.random().toString(36).slice(2)}.toml`);
  writeFileSync(config, `name = "klick"\nmain = "src/worker.ts"\ncompatibility_date = "2026-04-01"\n[vars]\n${vars}\n`);
  const r = spawnSync(process.execPath, ['scripts/deploy-check.mjs', '--config', config, '--secrets', secrets], {
    encoding: 'utf8',
    env,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('the pre-deploy settings check', () => {
  it('refuses a configuration without PUBLIC_URL, or with one that is no https site address', () => {
    const missing = check('ENVIRONMENT = "production"');
    expect(missing.status).toBe(1);
    expect(missing.out).toContain('deploy check: PUBLIC_URL is not set');
    expect(missing.out).toContain('nothing was deployed');

    const bad = check('ENVIRONMENT = "production"\nPUBLIC_URL = "http://tickets.example.com"');
    expect(bad.status).toBe(1);
    expect(bad.out).toContain('PUBLIC_URL must be the https address guests use');
    for (const PUBLIC_URL of ['tickets.example.com', 'https://tickets.example.com/shop'])
      expect(checkDeploySettings({ vars: { PUBLIC_URL }, secrets: [] }).problems.join('\n'), PUBLIC_URL).toContain(
        'PUBLIC_URL must be the https address guests use',
      );
  }, 60_000);

  it('passes a complete configuration and names what it checked', () => {
    const ok = check('ENVIRONMENT = "production"\nPUBLIC_URL = "https://tickets.example.com"');
    expect(ok.out).toContain('deploy check: settings complete');
    expect(ok.out).toContain('note: No RESEND_API_KEY: mails (tickets!) stay queued');
    expect(ok.status).toBe(0);
  }, 30_000);

  it('refuses a missing database or admin token, half a Stripe setup and secrets written into wrangler.toml', () => {
    const base = { ENVIRONMENT: 'production', PUBLIC_URL: 'https://t.example' };
    expect(checkDeploySettings({ vars: base, secrets: [] }).problems.join('\n')).toMatch(
      /DATABASE_URL is not set[\s\S]*ADMIN_TOKEN is not set/,
    );
    const half = checkDeploySettings({ vars: base, secrets: ['ADMIN_TOKEN', 'DATABASE_URL', 'STRIPE_SECRET_KEY'] });
    expect(half.problems).toEqual(['STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: set both or neither.']);
    const file = checkDeploySettings({ vars: { ...base, DATABASE_URL: 'file:klick.db' }, secrets: ['ADMIN_TOKEN'] });
    expect(file.problems[0]).toContain('DATABASE_URL is a file');
    const leaked = checkDeploySettings({ vars: { ...base, ADMIN_TOKEN: 'x'.repeat(20) }, secrets: ['DATABASE_URL'] });
    expect(leaked.warnings.join('\n')).toContain('ADMIN_TOKEN is a secret: keep it out of wrangler.toml');
  });

  it('npm run deploy checks the three Workers first and stops there with the repository’s files (no PUBLIC_URL)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    // the payments Worker first, then the organizer's: each Worker's service bindings need their target deployed
    expect(pkg.scripts.deploy).toBe(
      'node scripts/deploy-check.mjs && wrangler deploy -c wrangler.payments.toml && ' +
        'wrangler deploy -c wrangler.organizer.toml && wrangler deploy',
    );
    const r = spawnSync('npm', ['run', 'deploy'], {
      encoding: 'utf8',
      env: { ...env, DEPLOY_CHECK_SECRETS: SECRETS },
    });
    const out = `${r.stdout}${r.stderr}`;
    for (const where of [
      'main, wrangler.toml',
      'organizer, wrangler.organizer.toml',
      'payments, wrangler.payments.toml',
    ])
      expect(out).toContain(`deploy check [${where}]: PUBLIC_URL is not set`);
    expect(out).toContain('nothing was deployed');
    expect(out).not.toMatch(/Total Upload|Uploaded klick/);
    expect(r.status).not.toBe(0);
  }, 60_000);

  it('checks each of the three Workers for what it needs, and that they agree on PUBLIC_URL and ENVIRONMENT', () => {
    const base = { ENVIRONMENT: 'production', PUBLIC_URL: 'https://t.example' };
    // the payments Worker needs Stripe's keys, not the database, the admin token or the mail provider
    const payments = checkDeploySettings({ vars: base, secrets: ['STRIPE_SECRET_KEY'], worker: 'payments' });
    expect(payments.problems).toEqual(['STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: set both or neither.']);
    expect(payments.warnings.join('\n')).not.toContain('RESEND_API_KEY');
    const organizer = checkDeploySettings({ vars: base, secrets: [], worker: 'organizer' });
    expect(organizer.problems.join('\n')).toMatch(/DATABASE_URL is not set[\s\S]*ADMIN_TOKEN is not set/);

    const same = [
      { name: 'main', vars: base },
      { name: 'organizer', vars: base },
      { name: 'payments', vars: base },
    ];
    expect(checkAcrossWorkers(same)).toEqual([]);
    const apart = checkAcrossWorkers([...same.slice(0, 2), { name: 'payments', vars: { ...base, PUBLIC_URL: '' } }]);
    expect(apart).toEqual([
      'PUBLIC_URL differs between the Workers (main: "https://t.example", organizer: "https://t.example", payments: ""): set the same value in each wrangler file.',
    ]);
  });
});
