import type { Context } from 'hono';
import { errorStatus } from '../lib/errors';
import type { AdminEnv } from './auth';
import { am } from './messages';
import type { Notice } from './pages/layout';

/** Flash codes come from our own redirects; only known ones are shown, so the query cannot inject text. */
export function flash(c: Pick<Context<AdminEnv>, 'get' | 'req'>): Notice | undefined {
  const m = am(c.get('lang'));
  const msg = c.req.query('msg');
  if (msg && Object.hasOwn(m.flash, msg)) return { kind: 'ok', text: m.flash[msg as keyof typeof m.flash] };
  const err = c.req.query('err');
  if (err && Object.hasOwn(errorStatus, err))
    return { kind: 'error', text: (Object.hasOwn(m.appErrors, err) && m.appErrors[err]) || m.actionFailed(err) };
  return undefined;
}
