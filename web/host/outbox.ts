/**
 * The one queue of everything the phone writes: scans and their undos at the door, greetings and their
 * undos in greet mode, and what comes next. Each record waits here (in memory and in IndexedDB, store.ts)
 * until the server has answered its nonce; sync.ts sends it.
 *
 * A record goes out in a lane: one server endpoint, whose request lists the lane's wire items
 * (src/shared/wire.ts). A new kind of record in an existing lane (say, a hardware scanner's scans) needs
 * nothing here: it is one more `sync.add('scans', item)`. A new lane is its wire types in
 * src/shared/wire.ts, one line each in `Items`, `Outcomes` and `LANES`, an endpoint on the server that
 * answers `{ results: [{ nonce, result, … }] }` per item, idempotent by nonce (and takes `since` and
 * `sentAt` like the others), and its owner's `Lane` (below), registered with `sync.lane(name, lane)`.
 */
import type { GreetingItem, GreetingOutcome, ScanItem, ScanOutcome } from '../../src/shared/wire';

/** Each lane's wire item, and its answer per item. */
export interface Items {
  scans: ScanItem;
  greetings: GreetingItem;
}
export interface Outcomes {
  scans: ScanOutcome;
  greetings: GreetingOutcome;
}
export type LaneName = keyof Items;

/** Where each lane's batch is posted, and the request field that lists its items. */
export const LANES: { [L in LaneName]: { path: string; field: L } } = {
  scans: { path: '/api/devices/scans', field: 'scans' },
  greetings: { path: '/api/devices/greetings', field: 'greetings' },
};

interface Meta {
  /** the item's nonce, the record's key */
  nonce: string;
  /** the device token it is sent with */
  token: string;
  /** the event the phone was paired for when the record was made (absent in records of older app versions) */
  event?: string;
  /** the earlier pairing's token it was made under, once it goes out under the current pairing */
  from?: string;
  /** the order it was made in on this phone */
  seq: number;
}

/** One record in the queue: its lane, the wire item exactly as it is sent, and how it is sent. */
export type Entry<L extends LaneName = LaneName> = { [K in L]: Meta & { lane: K; item: Items[K] } }[L];

/** What a lane's owner (door.ts, greet.ts) does with its records. */
export interface Lane<L extends LaneName> {
  /** a record of the lane entered the queue (now, or read back at start): the host sees it pending */
  queued(item: Items[L]): void;
  /** these records left the queue */
  settled(nonces: string[]): void;
  /** the server answered (the roster holding the answers is merged already) */
  answered(list: { entry: Entry<L>; outcome: Outcomes[L] }[]): void;
  /** refused for good, or not deliverable any more: dropped, and the host is told */
  failed(list: Entry<L>[]): void;
  /** the event of a record made by an app version that did not note it, when it can be told (or undefined) */
  eventOf?(item: Items[L]): string | undefined;
}

/** The order records go out in: the order they were made (device time, then the order queued). */
export const inOrder = (a: Entry, b: Entry) => a.item.deviceTime - b.item.deviceTime || a.seq - b.seq;

/**
 * A record of an older app version's queue (the scans of IndexedDB `klick-host` v1, the greetings of
 * `klick-host-greet`): the wire item's fields and token/seq/from side by side. Read once at the upgrade.
 */
export function fromOldRecord<L extends LaneName>(
  lane: L,
  old: Record<string, unknown>,
  session: { token: string; event: { id: string } } | undefined,
): Entry<L> | null {
  const { token, seq, from, ...item } = old;
  if (typeof item.nonce !== 'string' || typeof token !== 'string' || typeof item.deviceTime !== 'number') return null;
  const entry = {
    nonce: item.nonce,
    lane,
    item: item as unknown as Items[L],
    token,
    seq: typeof seq === 'number' ? seq : 0,
    ...(typeof from === 'string' ? { from } : {}),
    // Made under the pairing the phone still has: of its event. Older ones are placed when they are sent.
    ...(session && session.token === token ? { event: session.event.id } : {}),
  };
  return entry as Entry<L>;
}
