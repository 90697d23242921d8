import type { Context } from 'hono';
import { type AdminEnv, adminApi, adminPages } from '../admin/auth';
import { type FieldErrors, parsePriceCents } from '../admin/event-form';
import { flash } from '../admin/flash';
import type { Deps } from '../deps';
import { getEvent } from '../events/service';
import { AppError } from '../lib/errors';
import { readJson } from '../lib/http';
import { parseZonedLocal } from '../lib/time';
import { CODE_FORM_FIELDS, type CodeFormValues, CodesPage } from './admin-page';
import { createCodeInput } from './schema';
import { createCode, endCode, listCodes } from './service';

/** Organizer API, mounted at /api/admin (adminApi: the bearer ADMIN_TOKEN on every route). */
export function codeApiRoutes(deps: Deps) {
  const r = adminApi(deps);
  r.post('/events/:id/codes', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const code = await createCode(deps, event, await readJson(c, createCodeInput));
    const view = (await listCodes(deps, event.id)).find((v) => v.id === code.id);
    return c.json(view, 201);
  });
  r.post('/events/:id/codes/:codeId/end', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    await endCode(deps, event, c.req.param('codeId'));
    return c.json((await listCodes(deps, event.id)).find((v) => v.id === c.req.param('codeId')));
  });
  r.get('/events/:id/codes', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    c.header('Cache-Control', 'no-store');
    return c.json({ codes: await listCodes(deps, event.id) });
  });
  return r;
}

/**
 * The organizer page's form as createCodeInput's JSON: a value typed as money for an amount off, a local expiry
 * in the dinner's time zone. The schema then decides, as for the API; the form shows its verdicts per field.
 */
function parseCodeForm(v: CodeFormValues, timezone: string) {
  const errors: FieldErrors = {};
  let value = 0;
  if (v.kind === 'amount') {
    const cents = parsePriceCents(v.value);
    if (cents === null) errors.value = { code: v.value.trim() ? 'price' : 'required' };
    else value = cents;
  } else if (v.kind === 'percent') {
    if (/^\d{1,3}$/.test(v.value.trim())) value = Number(v.value.trim());
    else errors.value = { code: v.value.trim() ? 'wholeNumber' : 'required' };
  }
  const maxUses = /^\d{1,6}$/.test(v.maxUses.trim()) ? Number(v.maxUses.trim()) : undefined;
  if (maxUses === undefined) errors.maxUses = { code: v.maxUses.trim() ? 'wholeNumber' : 'required' };
  const local = v.expiresAt.trim();
  const read = local ? parseZonedLocal(local, timezone) : null;
  const expiry = read && 'ms' in read ? read.ms : null;
  // a time the zone skips (a DST gap) is refused as on the event form, never shifted
  if (read && 'error' in read) errors.expiresAt = { code: read.error === 'skipped' ? 'timeSkipped' : 'datetime' };
  const parsed = createCodeInput.safeParse({
    code: v.code,
    kind: v.kind,
    value,
    maxUses,
    expiresAt: expiry === null ? null : new Date(expiry).toISOString(),
    unlocksSale: v.unlocksSale === 'on',
  });
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '_');
      const i = issue as { code: string; maximum?: unknown; minimum?: unknown };
      errors[field] ??=
        field === 'code'
          ? { code: v.code.trim() ? 'codeFormat' : 'required' }
          : i.code === 'too_big'
            ? { code: 'tooLarge', n: Number(i.maximum) }
            : i.code === 'too_small'
              ? { code: 'tooSmall', n: Number(i.minimum) }
              : { code: 'invalid' };
    }
  return Object.keys(errors).length || !parsed.success
    ? { ok: false as const, errors }
    : { ok: true as const, input: parsed.data };
}

/** Organizer pages, mounted at /admin (adminPages: a session, and the CSRF token on every POST). */
export function codePageRoutes(deps: Deps) {
  const r = adminPages(deps);
  const empty = (): CodeFormValues => ({
    code: '',
    kind: 'percent',
    value: '',
    maxUses: '',
    expiresAt: '',
    unlocksSale: '',
  });
  const render = async (
    c: Context<AdminEnv>,
    values: CodeFormValues,
    errors?: FieldErrors,
    status: 200 | 400 | 409 = 200,
  ) => {
    const event = await getEvent(deps, c.req.param('id') ?? '');
    return c.html(
      <CodesPage
        lang={c.get('lang')}
        url={new URL(`/admin/events/${event.id}/codes`, c.req.url).toString()}
        csrf={c.get('csrfToken')}
        event={event}
        codes={await listCodes(deps, event.id)}
        values={values}
        errors={errors}
        notice={errors ? undefined : flash(c)}
      />,
      status,
    );
  };
  r.get('/events/:id/codes', (c) => render(c, empty()));
  r.post('/events/:id/codes', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    const form = c.get('form');
    const values = Object.fromEntries(
      CODE_FORM_FIELDS.map((k) => [k, (form[k] ?? '').slice(0, 100)]),
    ) as CodeFormValues;
    const parsed = parseCodeForm(values, event.timezone);
    if (!parsed.ok) return render(c, values, parsed.errors, 400);
    try {
      await createCode(deps, event, parsed.input);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'conflict') throw err;
      return render(c, values, { code: { code: 'codeTaken' } }, 409);
    }
    return c.redirect(`/admin/events/${event.id}/codes?msg=codeCreated`, 303);
  });
  r.post('/events/:id/codes/:codeId/end', async (c) => {
    const event = await getEvent(deps, c.req.param('id'));
    await endCode(deps, event, c.req.param('codeId'));
    return c.redirect(`/admin/events/${event.id}/codes?msg=codeEnded`, 303);
  });
  return r;
}
