import { afterEach, describe, expect, it } from 'vitest';
import { type CheckinApp, makeCheckinApp, pairPhone } from '../checkin/setup';
import { createDinner } from '../helpers';

let c: CheckinApp;
afterEach(() => c?.close());

const pairedName = async (eventId: string, name: string) => {
  const phone = await pairPhone(c, eventId, name);
  const me = (await (await phone.get('/me')).json()) as { device: { id: string; name: string } };
  return me.device.name;
};

describe('phone names are unique per event', () => {
  it('a name already taken in the event gets the first free " (n)", revoked phones included', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const lunch = await createDinner(c, { slug: 'lunch', title: 'Lunch' });
    expect(await pairedName(event.id, 'Door')).toBe('Door');
    expect(await pairedName(event.id, 'Door')).toBe('Door (2)');
    // someone chose "Door (3)" by hand: the next "Door" skips it
    expect(await pairedName(event.id, 'Door (3)')).toBe('Door (3)');
    expect(await pairedName(event.id, 'Door')).toBe('Door (4)');
    // another event has its own names
    expect(await pairedName(lunch.id, 'Door')).toBe('Door');

    const list = async () =>
      ((await (await c.admin(`/events/${event.id}/devices`)).json()) as { devices: { id: string; name: string }[] })
        .devices;
    const first = (await list())[0]!;
    expect((await c.admin(`/devices/${first.id}/revoke`, 'POST')).status).toBe(200);
    // a revoked phone's check-ins still carry its name: a replacement must not look the same
    expect(await pairedName(event.id, 'Door')).toBe('Door (5)');
    expect((await list()).map((d) => d.name)).toEqual(['Door', 'Door (2)', 'Door (3)', 'Door (4)', 'Door (5)']);
  });

  it('two links with one name, used at the same moment, still give two names', async () => {
    c = await makeCheckinApp();
    const event = await createDinner(c);
    const codes = await Promise.all(
      [1, 2].map(async () => {
        const res = await c.admin(`/events/${event.id}/pairings`, 'POST', { deviceName: 'Bar' });
        return ((await res.json()) as { code: string }).code;
      }),
    );
    const paired = await Promise.all(
      codes.map((code) =>
        c.request('/api/devices/pair', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code }),
        }),
      ),
    );
    const names = await Promise.all(
      paired.map(async (r) => ((await r.json()) as { device: { name: string } }).device.name),
    );
    expect(names.sort()).toEqual(['Bar', 'Bar (2)']);
  });
});
