import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { chooseChromium, chromiumPath, DEBIAN_CHROMIUM } from '../../scripts/chromium.mjs';

// npm test's browser step on machines unlike this one: the choice is made from facts passed in, so each kind of
// machine is one call here and nothing is installed or downloaded.
const machine = (over: Partial<Parameters<typeof chooseChromium>[0]> = {}) => ({
  env: {},
  exists: () => false,
  hasCommand: () => false,
  isRoot: false,
  platform: 'linux',
  ...over,
});

describe('which Chromium npm test uses', () => {
  it('a Mac (no apt-get): Playwright’s own Chromium, and it says so', () => {
    const plan = chooseChromium(machine({ platform: 'darwin' }));
    expect(plan.action).toBe('playwright');
    expect(plan.message).toContain('no apt-get on this machine: running `npx playwright install chromium`');
    expect(chromiumPath({ env: {}, exists: () => false })).toBeUndefined(); // Playwright launches its own
  });

  it('a Linux without apt (Fedora, Arch, Alpine), even as root: Playwright’s own', () => {
    expect(chooseChromium(machine({ isRoot: true })).action).toBe('playwright');
  });

  it('Debian without root: Playwright’s own, naming the apt command that would use Debian’s instead', () => {
    const plan = chooseChromium(machine({ hasCommand: (c) => c === 'apt-get' }));
    expect(plan.action).toBe('playwright');
    expect(plan.message).toContain('apt-get needs root here');
    expect(plan.message).toContain('sudo apt-get install chromium');
  });

  it('Debian as root without chromium: apt-get installs Debian’s package (unchanged)', () => {
    const plan = chooseChromium(machine({ isRoot: true, hasCommand: (c) => c === 'apt-get' }));
    expect(plan).toMatchObject({ action: 'apt', path: DEBIAN_CHROMIUM });
  });

  it('Debian’s chromium present: used as it is; CHROMIUM_PATH wins when it points at a browser', () => {
    const debian = (f: string) => f === DEBIAN_CHROMIUM;
    expect(chooseChromium(machine({ exists: debian }))).toMatchObject({ action: 'use', path: DEBIAN_CHROMIUM });
    expect(chromiumPath({ env: {}, exists: debian })).toBe(DEBIAN_CHROMIUM);
    const env = { CHROMIUM_PATH: '/opt/chrome/chrome' };
    expect(chooseChromium(machine({ env, exists: () => true }))).toMatchObject({
      action: 'use',
      path: env.CHROMIUM_PATH,
    });
    expect(chooseChromium(machine({ env, exists: debian })).action).toBe('fail');
  });

  it('on this machine the script takes the Debian path (dry run)', () => {
    const r = spawnSync(process.execPath, ['scripts/ensure-chromium.mjs', '--dry-run'], {
      encoding: 'utf8',
      env: { ...process.env, CHROMIUM_PATH: '' },
    });
    expect(r.stdout).toContain(`chromium: ${DEBIAN_CHROMIUM} (Debian's package)`);
    expect(r.status).toBe(0);
  });
});
