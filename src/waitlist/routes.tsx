import { eq } from 'drizzle-orm';
import { Hono } from 'hono/tiny';
import { orders } from '../db/schema';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import { type AppEnv, type Ctx, readForm } from '../lib/http';
import { t } from '../lib/messages';
import { formFieldErrors } from '../lib/validation';
import { purchaseForm } from '../orders/schema';
import { acceptOffer } from './accept';
import type { WaitlistEntry } from './offers';
import { LinePage } from './page';
import { declineOffer, entryByToken, leaveLine, placeInLine } from './service';

const FORM_FIELDS = Object.keys(purchaseForm.def.shape);
const CODE_ERRORS: Record<string, string> = {
  code_invalid: 'codeInvalid',
  code_expired: 'codeExpired',
  code_used_up: 'codeUsedUp',
};

/** The offer form starts from what the person gave when joining, or from their own earlier try at booking. */
async function prefill(deps: Deps, entry: WaitlistEntry): Promise<Record<string, string>> {
  const order = entry.orderId ? await deps.db.query.orders.findFirst({ where: eq(orders.id, entry.orderId) }) : null;
  const from = order ?? entry;
  return {
    name: from.name,
    email: from.email,
    company: from.company,
    role: order?.role ?? '',
    phone: order?.phone ?? '',
    linkedin: order?.linkedin ?? '',
    askMeAbout: from.askMeAbout,
    consentHost: entry.consentHost ? 'on' : '',
    consentGuests: entry.consentGuests ? 'on' : '',
  };
}

/** The personal waitlist link /w/:token: the place in line and leaving it, the offer, its decline. */
export function waitlistRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  const token = (c: Ctx) => c.req.param('token') ?? '';

  async function show(c: Ctx, extra: Partial<Parameters<typeof LinePage>[0]> = {}, status: 200 | 400 | 409 = 200) {
    const { entry, event } = await entryByToken(deps, token(c));
    c.header('Cache-Control', 'private, no-store');
    return c.html(
      <LinePage
        lang={c.get('lang')}
        url={c.req.url}
        token={token(c)}
        event={event}
        entry={entry}
        place={entry.state === 'waiting' ? await placeInLine(deps, entry) : 0}
        orderId={entry.state === 'converted' ? entry.orderId : null}
        values={entry.state === 'offered' ? await prefill(deps, entry) : undefined}
        {...extra}
      />,
      status,
    );
  }

  r.get('/:token', (c) => show(c));

  r.post('/:token', async (c) => {
    const { entry, event } = await entryByToken(deps, token(c));
    const raw = await readForm(c);
    const values = Object.fromEntries(FORM_FIELDS.map((k) => [k, (raw[k] ?? '').slice(0, 400)]));
    const parsed = purchaseForm.safeParse(raw);
    if (!parsed.success) {
      return show(c, { values, fieldErrors: formFieldErrors(parsed.error.issues) }, 400);
    }
    const lang = c.get('lang');
    try {
      return c.redirect(await acceptOffer(deps, { entry, event, form: parsed.data, lang }), 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const codeError = CODE_ERRORS[err.code];
      if (codeError) return show(c, { values, fieldErrors: { code: codeError } }, err.status as 400 | 409);
      if (err.code === 'offer_unavailable') return show(c, {}, 409);
      const text = t(lang).errors[err.code];
      if (!text) throw err;
      return show(c, { values, notice: text }, err.status as 409);
    }
  });

  r.post('/:token/decline', async (c) => {
    const { entry } = await entryByToken(deps, token(c));
    await declineOffer(deps, entry);
    return c.redirect(`/w/${token(c)}`, 303);
  });

  r.post('/:token/leave', async (c) => {
    const { entry } = await entryByToken(deps, token(c));
    await leaveLine(deps, entry);
    return c.redirect(`/w/${token(c)}`, 303);
  });
  return r;
}
