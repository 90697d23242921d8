import { describe, expect, it } from 'vitest';
import { Greetings, type GreetTicket, type QueuedGreeting } from '../../web/host/greet';
import { Roster } from '../../web/host/model';

const ticket = (id: string, over: Partial<GreetTicket> = {}): GreetTicket => ({
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
const g = (
  nonce: string,
  ticketId: string,
  kind: 'greet' | 'ungreet' = 'greet',
  deviceTime = 5000,
): QueuedGreeting => ({
  nonce,
  kind,
  ticketId,
  deviceTime,
  token: 't',
});

function setup(list: GreetTicket[]) {
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

  it('keeps the server answer until the roster has caught up, so a greeted guest never flickers back', () => {
    const { roster, greetings } = setup([ticket('a')]);
    greetings.add(g('n1', 'a'));
    greetings.confirm({ id: 'a', at: 5000, by: 'Host', ackAt: 10_000 });
    greetings.acknowledge(['n1']);
    // An older roster answer (still without the greeting) arrives after the acknowledgement.
    roster.merge([ticket('a')], false);
    greetings.rosterAt = 11_000;
    expect(greetings.state('a')).toMatchObject({ greeted: true, at: 5000, pending: false });
    // The roster agrees: the answer is no longer needed.
    roster.merge([ticket('a', { greetedAt: 5000, greetedBy: 'Host' })], false);
    expect(greetings.state('a').greeted).toBe(true);
    expect(greetings.forgotten).toEqual(['a']);
  });

  it('counts everyone present greeted as done', () => {
    const { greetings } = setup([ticket('a'), ticket('b', { greetedAt: 100, greetedBy: 'Co-host' })]);
    greetings.add(g('n1', 'a', 'greet', 200));
    expect(greetings.pace(300)).toMatchObject({ greeted: 2, total: 2, done: true, missing: [] });
  });
});
