import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../deps';
import type { AppEnv } from '../lib/http';
import { authenticateDevice, type Device } from './service';

export type DeviceEnv = AppEnv & { Variables: AppEnv['Variables'] & { device: Device } };

/** Bearer device token on every /api/devices call (greetings too): a revoked phone is refused at once. */
export function requireDevice(deps: Deps): MiddlewareHandler<DeviceEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    c.set('device', await authenticateDevice(deps, token));
    await next();
  };
}
