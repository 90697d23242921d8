/** Types of scripts/chromium.mjs for the TypeScript that imports it (tests, playwright.config.ts, bench). */
export const DEBIAN_CHROMIUM: string;
export interface MachineFacts {
  env: Record<string, string | undefined>;
  exists: (file: string) => boolean;
  hasCommand: (cmd: string) => boolean;
  isRoot: boolean;
  platform: string;
}
export function chromiumPath(facts?: Pick<MachineFacts, 'env' | 'exists'>): string | undefined;
export function chooseChromium(facts: MachineFacts): {
  action: 'use' | 'apt' | 'playwright' | 'fail';
  path?: string;
  message: string;
};
export function ensureChromium(options?: { dryRun?: boolean }): number;
