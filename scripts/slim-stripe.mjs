#!/usr/bin/env node
// Writes src/payments/stripe-sdk.gen.js: the installed stripe SDK (its Web/Workers entry), bundled with only the API
// resources klick calls. stripe's core constructs all ~260 resources eagerly, so no bundler can tree-shake them: the
// full SDK is 32 KiB of the Worker's 120 KiB gzip budget, this one about 14 KiB.
// What stays is the SDK's own code, unchanged: request signing and retries, form encoding, idempotency keys, errors,
// webhook verification. Run by `npm install` (prepare) and scripts/build-web.mjs, so it follows stripe upgrades.
// Any other resource is undefined on the client (TypeScript still lists it): add it to KEEP when klick starts using it.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const STRIPE_SDK_OUT = path.join(ROOT, 'src/payments/stripe-sdk.gen.js');
/** the resources src/payments/stripe-gateway.ts calls, relative to stripe/esm/resources */
const KEEP = new Set(['Checkout/index.js', 'Checkout/Sessions.js', 'Refunds.js']);
/** internals only V2 thin events and list pagination use (klick calls neither) */
const STUB_INTERNALS = /\/stripe\/esm\/(StripeEventNotificationHandler|autoPagination)\.js$/;
/**
 * Internals replaced by a few lines of their own. `resources.js` only feeds the public `Stripe.resources` index
 * (and OAuth, which klick does not use).
 * V2Coercion turns decimal_string and int64_string fields into Decimal objects and back: klick sends integer cents
 * and reads no such field (an fx_rate stays the string Stripe sent), so its arbitrary-precision Decimal goes too.
 */
const REPLACED_INTERNALS = {
  'resources.js': "export { UnavailableResource as OAuthResource } from 'stripe-stub-runtime';",
  'V2Coercion.js': 'export const coerceV2RequestData = (data) => data;\nexport const coerceV2ResponseData = () => {};',
  'Decimal.js': [
    "import { unavailable } from 'stripe-stub-runtime';",
    'export const DEFAULT_DIV_PRECISION = 34;',
    'export const isDecimal = () => false;',
    'export const Decimal = { from: unavailable, get zero() { return unavailable(); } };',
  ].join('\n'),
};

const STUB_RUNTIME = [
  'export const unavailable = () => {',
  "  throw new Error('This Stripe API is not in klick\\'s slimmed SDK: add it to KEEP in scripts/slim-stripe.mjs');",
  '};',
  "export const UnavailableResource = function () { return new Proxy({}, { get: (_, p) => (typeof p === 'string' && p !== 'then' ? unavailable() : undefined) }); };",
  '',
].join('\n');
/** the errors a v1 API call can raise (generateV1Error), their base classes and webhook verification's */
const KEPT_ERRORS =
  /^Stripe(Error|CardError|InvalidRequestError|APIError|AuthenticationError|PermissionError|RateLimitError|ConnectionError|SignatureVerificationError|IdempotencyError|OAuthError)$/;
/** replaces `export const name = <arrow function>;` (up to the next top-level export) */
const replaceExport = (source, name, body) => {
  const re = new RegExp(`^export const ${name} = [\\s\\S]*?^\\};\\n`, 'm');
  if (!re.test(source)) throw new Error(`slim-stripe: ${name} not found in stripe/esm/Error.js`);
  return source.replace(re, `export const ${name} = ${body}\n`);
};
const stubSource = (names) =>
  [
    "import { UnavailableResource } from 'stripe-stub-runtime';",
    ...names.map((n) => `export const ${n} = UnavailableResource;`),
  ].join('\n');

const stubUnusedResources = {
  name: 'slim-stripe',
  setup(b) {
    b.onResolve({ filter: /^stripe-stub-runtime$/ }, () => ({ path: 'runtime', namespace: 'stripe-stub-runtime' }));
    b.onLoad({ filter: /.*/, namespace: 'stripe-stub-runtime' }, () => ({ contents: STUB_RUNTIME, loader: 'js' }));
    b.onResolve({ filter: /\.js$/ }, (args) => {
      if (!args.importer.includes(`${path.sep}node_modules${path.sep}stripe${path.sep}`)) return undefined;
      const full = path.resolve(args.resolveDir, args.path);
      const internal = full.split(`${path.sep}stripe${path.sep}esm${path.sep}`)[1];
      if (internal in REPLACED_INTERNALS) return { path: internal, namespace: 'stripe-replaced' };
      const resource = full.split(`${path.sep}esm${path.sep}resources${path.sep}`)[1];
      if (STUB_INTERNALS.test(full) || (resource && !KEEP.has(resource.split(path.sep).join('/')))) {
        return { path: full, namespace: 'stripe-stub' };
      }
      return undefined;
    });
    // The core constructs every resource in its constructor; only the kept ones stay, so the others are never
    // bundled (a stubbed resource is undefined on the client, and TypeScript still lists it: see KEEP).
    b.onLoad({ filter: /[\\/]stripe[\\/]esm[\\/]stripe\.core\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const kept = new Set(['OAuthResource']);
      for (const m of source.matchAll(/^import \{ (\w+),? \} from '\.\/resources\/(.+)';$/gm)) {
        if (KEEP.has(m[2])) kept.add(m[1]);
      }
      const slimmed = source.replace(/^ +this\.\w+ = new (\w+)\(this\);\n/gm, (line, cls) =>
        kept.has(cls) ? line : '',
      );
      if (!/this\.checkout = new/.test(slimmed)) throw new Error('slim-stripe: stripe.core.js changed shape');
      return { contents: slimmed, loader: 'js' };
    });
    // Error classes of the V2 and OAuth APIs, which klick never calls: their responses cannot arrive.
    b.onLoad({ filter: /[\\/]stripe[\\/]esm[\\/]Error\.js$/ }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      const dropped = [];
      source = source.replace(/^export class (\w+) extends \w+ \{\n[\s\S]*?^\}\n/gm, (block, name) => {
        if (KEPT_ERRORS.test(name)) return block;
        dropped.push(name);
        return '';
      });
      source = replaceExport(source, 'generateOAuthError', '(raw) => new StripeOAuthError(raw);');
      source = replaceExport(source, 'generateV2Error', '(raw) => generateV1Error(raw);');
      const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (dropped.length < 20 || new RegExp(`\\b(${dropped.join('|')})\\b`).test(code)) {
        throw new Error('slim-stripe: stripe/esm/Error.js changed shape');
      }
      return { contents: source, loader: 'js' };
    });
    b.onLoad({ filter: /.*/, namespace: 'stripe-replaced' }, (args) => ({
      contents: REPLACED_INTERNALS[args.path],
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'stripe-stub' }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const declared = [...source.matchAll(/^export (?:const|class|function) (\w+)/gm)].map((m) => m[1]);
      const listed = [...source.matchAll(/^export \{([^}]*)\}/gm)].flatMap((m) =>
        m[1].split(',').map((spec) =>
          spec
            .trim()
            .split(/\s+as\s+/)
            .pop(),
        ),
      );
      const names = [...declared, ...listed].filter((n) => n && n !== 'default');
      return { contents: stubSource(names), loader: 'js' };
    });
  },
};

export async function slimStripe() {
  const version = JSON.parse(await readFile(path.join(ROOT, 'node_modules/stripe/package.json'), 'utf8')).version;
  const result = await build({
    stdin: { contents: "export { default } from 'stripe';", resolveDir: ROOT, sourcefile: 'stripe-sdk.gen.js' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['worker', 'browser'],
    mainFields: ['module', 'main'],
    target: 'es2022',
    plugins: [stubUnusedResources],
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  const banner = `// GENERATED by scripts/slim-stripe.mjs from stripe ${version} (MIT, https://github.com/stripe/stripe-node). Do not edit.\n`;
  await writeFile(STRIPE_SDK_OUT, banner + result.outputFiles[0].text);
  return { version, bytes: result.outputFiles[0].contents.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { version, bytes } = await slimStripe();
  console.log(
    `stripe ${version} slimmed into ${path.relative(ROOT, STRIPE_SDK_OUT)} (${(bytes / 1024).toFixed(0)} KiB)`,
  );
}
