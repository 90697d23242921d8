// Which Chromium the browser tests (and the bench) launch, and how npm test gets one. Debian's package first: on
// machines like the project's own, Playwright's browser download cannot work, apt can. Where apt cannot install it
// (a Mac, a Linux without apt, no root), Playwright's own Chromium (`npx playwright install chromium`).
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

const executable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const system = () => ({
  env: process.env,
  exists: executable,
  hasCommand: onPath,
  isRoot: process.getuid?.() === 0,
  platform: process.platform,
});

/** The executable to launch: CHROMIUM_PATH, else Debian's; undefined means Playwright's own Chromium. */
export function chromiumPath({ env, exists } = system()) {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  return exists(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

/**
 * What npm test does to get a Chromium, decided from the machine's facts (passed in, so the choice is testable):
 * `use` a present one, install Debian's with `apt`, fetch `playwright`'s own, or `fail` with what to fix.
 * @returns {{ action: 'use' | 'apt' | 'playwright' | 'fail', path?: string, message: string }}
 */
export function chooseChromium({ env, exists, hasCommand, isRoot, platform }) {
  if (env.CHROMIUM_PATH)
    return exists(env.CHROMIUM_PATH)
      ? { action: 'use', path: env.CHROMIUM_PATH, message: `chromium: ${env.CHROMIUM_PATH} (CHROMIUM_PATH)` }
      : {
          action: 'fail',
          message: `ensure-chromium: CHROMIUM_PATH=${env.CHROMIUM_PATH} does not point to an executable. Fix the path, or unset CHROMIUM_PATH.`,
        };
  if (exists(DEBIAN_CHROMIUM))
    return { action: 'use', path: DEBIAN_CHROMIUM, message: `chromium: ${DEBIAN_CHROMIUM} (Debian's package)` };
  if (platform === 'linux' && isRoot && hasCommand('apt-get'))
    return {
      action: 'apt',
      path: DEBIAN_CHROMIUM,
      message: `ensure-chromium: ${DEBIAN_CHROMIUM} not found; installing Debian's chromium with apt-get …`,
    };
  const why = hasCommand('apt-get') ? 'apt-get needs root here' : 'no apt-get on this machine';
  return {
    action: 'playwright',
    message:
      `ensure-chromium: no Chromium at ${DEBIAN_CHROMIUM} and ${why}: running \`npx playwright install chromium\` ` +
      "(Playwright's own Chromium, downloaded once into its cache; on Debian `sudo apt-get install chromium` " +
      'or CHROMIUM_PATH=/path/to/chrome use another instead) …',
  };
}

function run(cmd, args, extraEnv = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  return r.status === 0;
}

/** Carries the choice out; with `dryRun` only says what it would do. Returns the exit code. */
export function ensureChromium({ dryRun = false } = {}) {
  const facts = system();
  const plan = chooseChromium(facts);
  if (plan.action === 'fail') {
    console.error(plan.message);
    return 1;
  }
  console.log(dryRun && plan.action !== 'use' ? `${plan.message} (dry run: nothing done)` : plan.message);
  if (dryRun || plan.action === 'use') return 0;
  if (plan.action === 'apt') {
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    const ok =
      run('apt-get', ['update', '-q'], env) &&
      run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium'], env);
    if (ok && facts.exists(DEBIAN_CHROMIUM)) return 0;
    console.error(`ensure-chromium: apt-get did not install ${DEBIAN_CHROMIUM}.`);
    return 1;
  }
  if (run('npx', ['playwright', 'install', 'chromium'])) return 0;
  console.error('ensure-chromium: `npx playwright install chromium` failed (see above).');
  return 1;
}
