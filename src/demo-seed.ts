import type { Deps } from './deps';
import { createEvent, listEvents } from './events/service';
import { utcToZonedLocal, zonedLocalToUtc } from './lib/time';

/** A first start on an empty database gets one dinner to try the whole flow with. */
export async function seedDemoEvent(deps: Deps) {
  if ((await listEvents(deps)).length > 0) return null;
  const tz = 'Europe/Berlin';
  const inTwoWeeks = utcToZonedLocal(deps.clock.now() + 14 * 86_400_000, tz).slice(0, 10);
  const startsAt = zonedLocalToUtc(`${inTwoWeeks}T19:00`, tz)!;
  return createEvent(deps, {
    slug: 'network-dinner-frankfurt',
    title: 'Network Dinner Frankfurt',
    description:
      'Ein Abend, 92 Gäste, jeder wird persönlich begrüßt.\nOne evening, 92 guests, every one greeted in person.',
    venue: 'Hotel am Main, Salon Goethe',
    address: 'Mainkai 1, 60311 Frankfurt am Main',
    hostName: 'klick',
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 4 * 3_600_000).toISOString(),
    timezone: tz,
    priceCents: 5000,
    currency: 'EUR',
    capacity: 92,
    status: 'on_sale',
  });
}
