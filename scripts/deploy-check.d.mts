/** Types of scripts/deploy-check.mjs for the tests (the script itself runs under plain node). */
export function checkDeploySettings(settings: { vars: Record<string, unknown>; secrets: string[] }): {
  problems: string[];
  warnings: string[];
};
