/**
 * The organizer's paths: what src/organizer-routes.ts mounts, and what the main Worker hands to the organizer's
 * Worker through its service binding (src/worker.ts). Its own module, so the main Worker's bundle takes this rule
 * without the organizer's routes.
 */
export const ORGANIZER_PREFIXES = ['/admin', '/api/admin'] as const;

export const isOrganizerPath = (path: string) =>
  ORGANIZER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
