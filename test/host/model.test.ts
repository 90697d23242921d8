import { describe, expect, it } from 'vitest';
import type { ScanItem } from '../../src/shared/wire';
import { ScanLog } from '../../web/host/log';
import { COOLDOWN_MS, Cooldown, colourOf, Roster, type Ticket, ticketCode } from '../../web/host/model';

const ticket = (id: string, over: Partial<Ticket> = {}): Ticket => ({
  id,
  qrHash: `hash-${id}`,
  name: `Guest ${id}`,
  company: `Company ${id}`,
  askMeAbout: '',
  status: 'valid',
  checkedInAt: null,
  checkedInBy: null,
  ...over,
});
const scan = (nonce: string, ticketId: string, kind: 'entry' | 'annul' = 'entry', deviceTime = 1000): ScanItem => ({
  nonce,
  kind,
  ticketId,
  deviceTime,
});

describe('host roster: server state plus this phone’s pending scans', () => {
  it('a pending entry checks in, a pending undo checks out, until the server state takes over', () => {
    const r = new Roster('Door', 'door-id');
    r.merge([ticket('a'), ticket('b'), ticket('v', { status: 'void' })], true);
    expect(r.counts()).toEqual({ checkedIn: 0, paid: 2 });
    expect(r.verdict('entry', r.byQrHash('hash-a'))).toBe('ok');
    r.enqueue(scan('n1', 'a'));
    expect(r.state('a')).toEqual({ in: true, at: 1000, by: 'Door', byId: 'door-id', pending: true });
    expect(r.verdict('entry', r.get('a'))).toBe('already_checked_in');
    expect(r.verdict('entry', r.get('v'))).toBe('void');
    expect(r.verdict('entry', undefined)).toBe('unknown');
    expect(r.counts()).toEqual({ checkedIn: 1, paid: 2 });
    expect(r.expected().map((t) => t.id)).toEqual(['b']);

    // A roster refresh that does not know the scan yet must not undo it on screen.
    r.merge([ticket('a')], false);
    expect(r.state('a').in).toBe(true);
    // The server's answer and roster delta arrive together.
    r.merge([ticket('a', { checkedInAt: 1000, checkedInBy: 'Door', checkedInById: 'door-id' })], false);
    r.acknowledge(['n1']);
    expect(r.state('a')).toEqual({ in: true, at: 1000, by: 'Door', byId: 'door-id', pending: false });

    r.enqueue(scan('n2', 'a', 'annul', 2000));
    expect(r.state('a').in).toBe(false);
    expect(r.counts().checkedIn).toBe(0);
  });

  it('a ticket passed on or cancelled is red with its own reason, and never counts', () => {
    const r = new Roster('Door', 'door-id');
    r.merge([ticket('old', { status: 'transferred' }), ticket('new'), ticket('c', { status: 'cancelled' })], true);
    expect(r.verdict('entry', r.byQrHash('hash-old'))).toBe('transferred');
    expect(r.verdict('entry', r.byQrHash('hash-c'))).toBe('cancelled');
    expect(r.verdict('entry', r.byQrHash('hash-new'))).toBe('ok');
    expect(colourOf('transferred')).toBe('red');
    expect(colourOf('cancelled')).toBe('red');
    expect(r.counts()).toEqual({ checkedIn: 0, paid: 1 });
    expect(r.expected().map((t) => t.id)).toEqual(['new']);
  });

  it('an entry for a void ticket never counts as a check-in', () => {
    const r = new Roster('Door');
    r.merge([ticket('v', { status: 'void' })], true);
    r.enqueue(scan('n1', 'v'));
    expect(r.state('v').in).toBe(false);
  });

  it('search: every word in name or company, accents folded; an e-mail by its hash', () => {
    const r = new Roster('Door');
    r.merge(
      [
        ticket('1', { name: 'Jürgen Müller', company: 'Acme GmbH', emailHash: 'e1' }),
        ticket('2', { name: 'Anna Schmidt', company: 'Müller & Söhne' }),
      ],
      true,
    );
    expect(r.search('muller').map((t) => t.id)).toEqual(['2', '1']);
    expect(r.search('jurgen acme').map((t) => t.id)).toEqual(['1']);
    expect(r.search('x@y.de', 'e1').map((t) => t.id)).toEqual(['1']);
    expect(r.search('   ')).toEqual([]);
  });

  it('a code held in front of the camera counts once; again only after it was out of sight', () => {
    const c = new Cooldown();
    expect(c.fresh('A', 0)).toBe(true);
    for (let t = 33; t < 10_000; t += 33) expect(c.fresh('A', t)).toBe(false);
    expect(c.fresh('B', 10_000)).toBe(true);
    expect(c.fresh('A', 10_000 + COOLDOWN_MS)).toBe(true);
  });

  it('reads only what a klick QR can hold', () => {
    expect(ticketCode(' abcd-efgh-jkmn-pqrs-tvwx-yz01 ')).toBe('ABCDEFGHJKMNPQRSTVWXYZ01');
    expect(ticketCode('https://example.com/')).toBeNull();
    expect(ticketCode('SHORT')).toBeNull();
  });
});

describe('host scan log: the server corrects what the phone showed', () => {
  it('green becomes amber when the server says another phone was first', () => {
    const log = new ScanLog();
    log.add({ nonce: 'n1', kind: 'entry', time: 5000, result: 'ok', ticketId: 'a', synced: false });
    const changed = log.applyOutcomes([
      { nonce: 'n1', result: 'already_checked_in', ticketId: 'a', checkedInAt: 4000, checkedInBy: 'Bar' },
    ]);
    expect(changed).toHaveLength(1);
    expect(log.find('n1')).toMatchObject({ result: 'already_checked_in', by: 'Bar', at: 4000, changed: true });
  });

  it('an acknowledged green becomes amber when a later roster shows an earlier check-in by another phone', () => {
    const log = new ScanLog();
    log.add({ nonce: 'n1', kind: 'entry', time: 5000, result: 'ok', ticketId: 'a', synced: true });
    const r = new Roster('Door');
    r.merge([ticket('a', { checkedInAt: 5000, checkedInBy: 'Door' })], true);
    expect(log.reconcile(r)).toEqual([]);
    r.merge([ticket('a', { checkedInAt: 4000, checkedInBy: 'Bar' })], false);
    expect(log.reconcile(r)).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({ result: 'already_checked_in', by: 'Bar' });
  });

  it('tells phones apart by id: another phone of the same name was first', () => {
    const log = new ScanLog();
    log.add({ nonce: 'n1', kind: 'entry', time: 5000, result: 'ok', ticketId: 'a', synced: false });
    log.applyOutcomes([
      { nonce: 'n1', result: 'ok', ticketId: 'a', checkedInAt: 5000, checkedInBy: 'Door', checkedInById: 'me' },
    ]);
    const r = new Roster('Door', 'me');
    r.merge([ticket('a', { checkedInAt: 5000, checkedInBy: 'Door', checkedInById: 'me' })], true);
    expect(log.reconcile(r)).toEqual([]);
    // An earlier scan by the other "Door" reaches the server later and wins.
    r.merge([ticket('a', { checkedInAt: 4000, checkedInBy: 'Door', checkedInById: 'other' })], false);
    expect(log.reconcile(r)).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({ result: 'already_checked_in', by: 'Door', byId: 'other', at: 4000 });
  });

  it('compares with the server’s time of this phone’s own check-in, not its clock', () => {
    // This phone's clock runs ten minutes behind: its entry says 1000, the server dated it 601_000.
    const log = new ScanLog();
    log.add({ nonce: 'n1', kind: 'entry', time: 1000, result: 'ok', ticketId: 'a', synced: false });
    log.applyOutcomes([{ nonce: 'n1', result: 'ok', ticketId: 'a', checkedInAt: 601_000, checkedInById: 'me' }]);
    const r = new Roster('Door', 'me');
    // after an undo, another phone checked the guest in again, later: this scan stays green
    r.merge([ticket('a', { checkedInAt: 700_000, checkedInBy: 'Bar', checkedInById: 'bar' })], true);
    expect(log.reconcile(r)).toEqual([]);
  });

  it('marks scans the server refused for good as failed, once; one the log no longer holds is logged anew', () => {
    const log = new ScanLog();
    log.add({ nonce: 'n1', kind: 'entry', time: 1, result: 'ok', ticketId: 'a', synced: false });
    expect(log.fail([scan('n1', 'a')])).toHaveLength(1);
    expect(log.find('n1')).toMatchObject({ failed: true, result: 'ok' });
    expect(log.fail([scan('n1', 'a')])).toEqual([]);
    expect(log.fail([{ ...scan('gone', 'b', 'entry', 7), name: 'Guest b' }])).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({ nonce: 'gone', name: 'Guest b', time: 7, failed: true });
  });
});
