import { describe, expect, it } from 'vitest';
import type { GreetingItem } from '../../src/shared/wire';
import { Greetings } from '../../web/host/greet-model';
import { Roster, type Ticket } from '../../web/host/model';

const ticket = (id: string, over: Partial<Ticket> = {}): Ticket => ({
  id,
  qrHash: `hash-${id}`,
  name: `Guest ${id}`,
  company: `Company ${id}`,
  askMeAbout: '',
  status: 'valid',
  checkedInAt: 1000,
  checkedInBy: 'Door',
  greetedAt: null,
  greetedBy: null,
  ...over,
});
const g = (nonce: string, ticketId: string, kind: 'greet' | 'ungreet' = 'greet', deviceTime = 5000): GreetingItem => ({
  nonce,
  kind,
  ticketId,
  deviceTime,
});

function setup(list: Ticket[]) {
  const roster = new Roster('Door');
  roster.merge(list, true);
  return { roster, greetings: new Greetings(roster, 'Host') };
}

describe('greet mode state', () => {
  it('shows a queued greeting at once, an undo after it, and nothing twice', () => {
    const { greetings } = setup([ticket('a'), ticket('b')]);
    greetings.add(g('n1', 'a'));
    expect(greetings.state('a')).toEqual({ greeted: true, at: 5000, by: 'Host', pending: true });
    greetings.add(g('n2', 'a', 'ungreet', 6000));
    expect(greetings.state('a').greeted).toBe(false);
    greetings.add(g('n3', 'a', 'greet', 7000));
    expect(greetings.state('a')).toMatchObject({ greeted: true, at: 7000 });
    expect(greetings.pace(8000)).toMatchObject({ greeted: 1, total: 2, done: false });
  });

  it('lists the not-greeted by arrival, the greeted latest first; void and absent guests are left out', () => {
    const { greetings } = setup([
      ticket('late', { checkedInAt: 3000 }),
      ticket('early', { checkedInAt: 2000 }),
      ticket('away', { checkedInAt: null, checkedInBy: null }),
      ticket('void', { status: 'void' }),
      ticket('g1', { greetedAt: 4000, greetedBy: 'Co-host' }),
      ticket('g2', { greetedAt: 4500, greetedBy: 'Host' }),
    ]);
    const { todo, greeted } = greetings.lists();
    expect(todo.map((t) => t.id)).toEqual(['early', 'late']);
    expect(greeted.map((t) => t.id)).toEqual(['g2', 'g1']);
    const p = greetings.pace(10_000);
    expect(p).toMatchObject({ greeted: 2, total: 4, remaining: 2 });
    expect(p.missing.map((t) => t.id)).toEqual(['early', 'late']);
  });

  it('counts everyone present greeted as done', () => {
    const { greetings } = setup([ticket('a'), ticket('b', { greetedAt: 100, greetedBy: 'Co-host' })]);
    greetings.add(g('n1', 'a', 'greet', 200));
    expect(greetings.pace(300)).toMatchObject({ greeted: 2, total: 2, done: true, missing: [] });
  });

  it('orders the not-greeted table by table once a table is set (natural order, no table last), by arrival within one', () => {
    const { greetings } = setup([
      ticket('a', { checkedInAt: 1000 }),
      ticket('t10', { checkedInAt: 900, tableLabel: '10' }),
      ticket('t2late', { checkedInAt: 3000, tableLabel: '2' }),
      ticket('t2early', { checkedInAt: 2000, tableLabel: ' 2 ' }),
      ticket('win', { checkedInAt: 500, tableLabel: 'Fenster' }),
      ticket('done', { tableLabel: '2', greetedAt: 4000, greetedBy: 'Host' }),
      ticket('away', { checkedInAt: null, checkedInBy: null, tableLabel: '1' }),
    ]);
    const { todo, byTable } = greetings.lists();
    expect(byTable).toBe(true);
    expect(todo.map((t) => t.id)).toEqual(['t2early', 't2late', 't10', 'win', 'a']);
    // The next-guest card and the "still missing" line follow the same order.
    expect(greetings.pace(5000).missing.map((t) => t.id)).toEqual(['t2early', 't2late', 't10', 'win', 'a']);
    greetings.add(g('n1', 't2early'));
    expect(greetings.lists().todo[0]!.id).toBe('t2late');
  });

  it('without any table the not-greeted stay by arrival, ungrouped', () => {
    const { greetings } = setup([
      ticket('b', { checkedInAt: 2000 }),
      ticket('a', { checkedInAt: 1000, tableLabel: '' }),
    ]);
    expect(greetings.lists()).toMatchObject({ byTable: false, todo: [{ id: 'a' }, { id: 'b' }] });
  });

  it('scan verdicts: ok, greeted although not checked in, already greeted (also by a pending tap), void, unknown', () => {
    const { roster, greetings } = setup([
      ticket('in'),
      ticket('out', { checkedInAt: null, checkedInBy: null }),
      ticket('other', { greetedAt: 4000, greetedBy: 'Co-host' }),
      ticket('void', { status: 'void' }),
    ]);
    expect(greetings.scanVerdict(roster.get('in'))).toBe('ok');
    expect(greetings.scanVerdict(roster.get('out'))).toBe('not_checked_in');
    expect(greetings.scanVerdict(roster.get('other'))).toBe('already_greeted');
    expect(greetings.scanVerdict(roster.get('void'))).toBe('void');
    expect(greetings.scanVerdict(undefined)).toBe('unknown');
    // Greeting the guest who is not checked in counts: present, greeted, and the verdict turns.
    greetings.add(g('n1', 'out'));
    expect(greetings.scanVerdict(roster.get('out'))).toBe('already_greeted');
    expect(greetings.pace(6000)).toMatchObject({ greeted: 2, total: 3 });
  });
});
