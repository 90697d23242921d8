#!/usr/bin/env node
// `npm run deploy` runs this before `wrangler deploy`: the Worker's settings are [vars] in wrangler.toml plus the
// secrets stored at Cloudflare (`npx wrangler secret put NAME`), and a Worker missing one fails every request, not
// the deploy. This reads the vars with wrangler's own config reader and the secrets' names with
// `wrangler secret list` (values never leave Cloudflare), and refuses to go on while a required one is missing.
// klick deploys as three Workers (main, organizer, payments: WORKERS in scripts/bundle-size.mjs), each with the same
// settings; without --config every one is checked, and their PUBLIC_URL and ENVIRONMENT must agree.
// Usage: node scripts/deploy-check.mjs [--config wrangler.toml] [--secrets NAME,NAME]
//   --secrets (or DEPLOY_CHECK_SECRETS=NAME,NAME) gives the secrets' names instead of asking Cloudflare (offline
//   rehearsal, CI, tests).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WORKERS, wrangler } from './bundle-size.mjs';

/**
 * What keeps this configuration from running in production: `problems` stop the deploy, `warnings` are printed.
 * `worker` is which of klick's Workers it configures: the payments Worker talks to Stripe only, so it needs no
 * database, admin token or mail provider.
 * @param {{ vars: Record<string, unknown>, secrets: string[], worker?: string }} settings
 */
export function checkDeploySettings({ vars, secrets, worker = 'main' }) {
  const payments = worker === 'payments';
  const problems = [];
  const warnings = [];
  const has = (name) => secrets.includes(name) || (vars[name] !== undefined && vars[name] !== '');
  const production = (vars.ENVIRONMENT ?? 'development') === 'production';
  if (!production)
    warnings.push(`ENVIRONMENT is "${vars.ENVIRONMENT ?? 'development'}": deployed Workers should run "production".`);

  if (!has('PUBLIC_URL'))
    problems.push(
      'PUBLIC_URL is not set: it goes into ticket links, mails and Stripe’s return URLs. Set it under [vars] in ' +
        'wrangler.toml, e.g. PUBLIC_URL = "https://tickets.example.com".',
    );
  else if (typeof vars.PUBLIC_URL === 'string' && !/^https:\/\/[^/\s]+\/?$/.test(vars.PUBLIC_URL))
    problems.push(`PUBLIC_URL must be the https address guests use, not "${vars.PUBLIC_URL}".`);

  if (payments) {
    // nothing of the database, the admin token or the mail provider
  } else if (!has('DATABASE_URL'))
    problems.push('DATABASE_URL is not set: `npx wrangler secret put DATABASE_URL` (libsql://<db>.turso.io).');
  else if (typeof vars.DATABASE_URL === 'string' && vars.DATABASE_URL.startsWith('file:'))
    problems.push('DATABASE_URL is a file: a Worker reaches its database over the network (libsql://, https://).');

  if (!payments && !has('ADMIN_TOKEN'))
    problems.push(
      'ADMIN_TOKEN is not set: nobody could log in. `npx wrangler secret put ADMIN_TOKEN` (≥ 16 characters).',
    );

  if (has('STRIPE_SECRET_KEY') !== has('STRIPE_WEBHOOK_SECRET'))
    problems.push('STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: set both or neither.');
  else if (!has('STRIPE_SECRET_KEY'))
    warnings.push('No STRIPE_SECRET_KEY: the checkout answers 503 "payments not configured".');

  if (payments) {
    // mails are the others' business
  } else if (!has('RESEND_API_KEY'))
    warnings.push('No RESEND_API_KEY: mails (tickets!) stay queued in the outbox, and the organizer pages say so.');
  else if (!has('MAIL_FROM') || /\.invalid>?$/.test(String(vars.MAIL_FROM ?? '')))
    problems.push('MAIL_FROM must be a sender on your own domain to send mail with RESEND_API_KEY.');

  for (const name of [
    'ADMIN_TOKEN',
    'DATABASE_AUTH_TOKEN',
    'STRIPE_SECRET_KEY',
    'STRIPE_WEBHOOK_SECRET',
    'RESEND_API_KEY',
  ])
    if (vars[name] !== undefined)
      warnings.push(`${name} is a secret: keep it out of wrangler.toml (\`npx wrangler secret put ${name}\`).`);
  return { problems, warnings };
}

/**
 * The Workers of one deployment must agree on where they live and what they are: a dinner's links and Stripe's
 * return URLs are made by one Worker and followed into another.
 * @param {{ name: string, vars: Record<string, unknown> }[]} workers
 */
export function checkAcrossWorkers(workers) {
  const problems = [];
  for (const name of ['PUBLIC_URL', 'ENVIRONMENT']) {
    const values = new Set(workers.map((w) => String(w.vars[name] ?? '')));
    if (values.size > 1)
      problems.push(
        `${name} differs between the Workers (${workers.map((w) => `${w.name}: "${w.vars[name] ?? ''}"`).join(', ')}): ` +
          'set the same value in each wrangler file.',
      );
  }
  return problems;
}

async function secretNames(config) {
  let output;
  try {
    output = await wrangler(['secret', 'list', '--format', 'json', '--config', config], process.cwd());
  } catch (e) {
    console.error(e.output?.trimEnd() ?? e);
    console.error(
      '\ndeploy check: could not list the Worker’s secrets. Log in first (`npx wrangler login`), put the secrets ' +
        '(`npx wrangler secret put NAME`), or name them with --secrets NAME,NAME.',
    );
    process.exit(1);
  }
  const json = output.slice(output.indexOf('['));
  return JSON.parse(json).map((s) => s.name);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values: opt } = parseArgs({ options: { config: { type: 'string' }, secrets: { type: 'string' } } });
  const { unstable_readConfig } = await import('wrangler');
  const named = opt.secrets ?? process.env.DEPLOY_CHECK_SECRETS;
  const workers = opt.config ? [{ name: 'main', config: opt.config }] : WORKERS;
  const checked = [];
  let failed = 0;
  for (const w of workers) {
    const { vars } = unstable_readConfig({ config: w.config });
    const secrets = named !== undefined ? named.split(',').filter(Boolean) : await secretNames(w.config);
    const where = workers.length > 1 ? ` [${w.name}, ${w.config}]` : '';
    const { problems, warnings } = checkDeploySettings({ vars, secrets, worker: w.name });
    for (const warning of warnings) console.log(`deploy check${where}: note: ${warning}`);
    for (const p of problems) console.error(`deploy check${where}: ${p}`);
    failed += problems.length;
    if (!problems.length)
      console.log(
        `deploy check${where}: settings complete (vars: ${Object.keys(vars).join(', ')}; secrets: ${secrets.join(', ')})`,
      );
    checked.push({ name: w.name, vars });
  }
  for (const p of checkAcrossWorkers(checked)) {
    console.error(`deploy check: ${p}`);
    failed++;
  }
  if (failed) {
    console.error(`deploy check: ${failed} setting(s) missing or wrong; nothing was deployed.`);
    process.exit(1);
  }
}
