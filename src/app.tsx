import { type AppOptions, createBaseApp } from './app-base';
import type { Deps } from './deps';
import { mountGuestRoutes } from './guest-routes';
import { mountOrganizerRoutes } from './organizer-routes';

export type { AppOptions } from './app-base';

/** All of klick in one app: Node (`npm start`) and the Node tests. Workers split it in two (src/worker.ts). */
export function createApp(deps: Deps, options: AppOptions = {}) {
  return createBaseApp(deps, [mountGuestRoutes, mountOrganizerRoutes], options);
}
