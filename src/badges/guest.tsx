import { sql } from 'drizzle-orm';
import { Hono } from 'hono/tiny';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import { type AppEnv, readForm, validate } from '../lib/http';
import type { Lang } from '../lib/i18n';
import { t } from '../lib/messages';
import * as z from '../lib/validation';
import { BadgeChoiceField } from '../orders/fields';
import { badgeChoice } from '../orders/schema';
import { getTicketByToken } from '../tickets/service';

const badgeForm = z.object({ badge: badgeChoice });

/** The ticket page's card: what the guest's name badge shows, changeable until it is printed (and after). */
export function BadgeChoiceCard(props: { lang: Lang; token: string; value: string; msg?: string | undefined }) {
  const m = t(props.lang).badge;
  const chosen = props.value === 'ask' ? m.ask : props.value === 'company' ? m.company : m.name;
  return (
    <section class="card consent" id="badge" aria-labelledby="badge-title">
      <h2 id="badge-title">{m.title}</h2>
      {props.msg === 'badge' ? (
        <p class="msg ok" role="status">
          {m.saved}
        </p>
      ) : null}
      {/* one line until opened, like the consent sections: the ticket page stays short on a phone */}
      <details>
        <summary>{chosen}</summary>
        <form method="post" action={`/t/${props.token}/badge`}>
          <BadgeChoiceField lang={props.lang} value={props.value} />
          <button class="wide secondary" type="submit">
            {m.save}
          </button>
        </form>
      </details>
    </section>
  );
}

/** POST /t/:token/badge: the token is the capability, as for the other ticket-page forms (privacy/routes.tsx). */
export function badgeGuestRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.post('/:token/badge', async (c) => {
    const { ticket } = await getTicketByToken(deps, c.req.param('token'));
    if (ticket.status !== 'valid') throw new AppError('conflict', 'This ticket is no longer valid.');
    const { badge } = validate(badgeForm, await readForm(c));
    await deps.db.run(
      sql`UPDATE tickets SET badge = ${badge}, updated_at = ${deps.clock.now()} WHERE id = ${ticket.id} AND status = 'valid'`,
    );
    return c.redirect(`/t/${c.req.param('token')}?msg=badge#badge`, 303);
  });
  return r;
}
