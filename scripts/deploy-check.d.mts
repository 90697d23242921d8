/** Types of scripts/deploy-check.mjs for the tests (the script itself runs under plain node). */
export function checkDeploySettings(settings: { vars: Record<string, unknown>; secrets: string[]; worker?: string }): {
  problems: string[];
  warnings: string[];
};
export function checkAcrossWorkers(workers: { name: string; vars: Record<string, unknown> }[]): string[];
