/**
 * The wire between the host phone (web/host) and the server (src/checkin, src/greetings, src/devices):
 * what the phone sends and what it is answered. Both sides import these types from here, so a field
 * added or renamed on one side fails the type check of the other. Types and plain constants only: the
 * phone's bundle (esbuild, from web/host) takes this file in, and the Worker must not grow by it.
 * The zod schemas that read the requests (src/checkin/schema.ts, src/greetings/schema.ts) are checked
 * against these types at compile time (see SameShape).
 */

// --- scans (the door) -------------------------------------------------------------------------------

export const SCAN_KINDS = ['entry', 'annul'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];

/**
 * A scan's verdict, stored with the scan (src/checkin/scans.ts computes it in SQL) and computed
 * beforehand on the phone (web/host/model.ts); test/fixtures/verdict-cases.ts holds the cases both
 * sides are tested against. A new verdict is added here, in both computations and in the cases.
 */
export const SCAN_RESULTS = [
  'ok',
  'already_checked_in',
  'unknown',
  'void',
  'wrong_event',
  'not_checked_in',
  // the ticket was passed on (its new guest has a new QR) or cancelled by its guest: refused, each with its reason
  'transferred',
  'cancelled',
] as const;
export type ScanResult = (typeof SCAN_RESULTS)[number];

/** One scan as the phone sends it: by ticket id (a tap, or a code its roster knows) or by the QR text. */
export interface ScanItem {
  /** 16–64 characters [A-Za-z0-9_-], unique per scan: a resend is answered from the first row */
  nonce: string;
  kind: ScanKind;
  ticketId?: string;
  /** only for codes the phone's roster does not know yet (sold after its last sync) */
  qr?: string;
  /** the phone's clock when the scan was made (ms) */
  deviceTime: number;
}

/** POST /api/devices/scans */
export interface ScanBatch {
  scans: ScanItem[];
  /** a roster cursor: the answer then carries the roster changes since it */
  since?: string;
  /** the phone's clock as the request left: the server dates each scan by its age */
  sentAt?: number;
}

export interface ScanOutcome {
  nonce: string;
  result: ScanResult;
  ticketId?: string;
  /** the guest's name, so a phone with a stale roster can still show who it is */
  name?: string;
  /** the ticket's current check-in, when it has one */
  checkedInAt?: number;
  /** the phone holding it: names are for people, ids tell phones apart */
  checkedInById?: string;
  checkedInBy?: string;
}

export interface ScanAnswer {
  results: ScanOutcome[];
  roster?: RosterAnswer;
}

// --- greetings (greet mode) -------------------------------------------------------------------------

export const GREETING_KINDS = ['greet', 'ungreet'] as const;
export type GreetingKind = (typeof GREETING_KINDS)[number];

/**
 * A greeting's verdict (src/greetings/record.ts on the server, web/host/greet-model.ts on the phone);
 * test/fixtures/greeting-cases.ts holds the cases both sides are tested against.
 */
export const GREETING_RESULTS = [
  'ok',
  'already_greeted',
  'not_checked_in',
  'void',
  'wrong_event',
  'unknown',
  'not_greeted',
] as const;
export type GreetingResult = (typeof GREETING_RESULTS)[number];

export interface GreetingItem {
  nonce: string;
  kind: GreetingKind;
  /** the phone knows the ticket id from its roster, also when it greets by scanning the QR */
  ticketId: string;
  deviceTime: number;
  note?: string;
}

/** POST /api/devices/greetings */
export interface GreetingBatch {
  greetings: GreetingItem[];
  since?: string;
  sentAt?: number;
}

export interface GreetingOutcome {
  nonce: string;
  result: GreetingResult;
  ticketId?: string;
  name?: string;
  /** the greeting that counts for the guest now (the first), when there is one */
  greetedAt?: number;
  greetedBy?: string;
}

export interface GreetingAnswer {
  results: GreetingOutcome[];
  roster?: RosterAnswer;
}

/** POST /api/devices/greetings/lookup: whose is a code the phone's roster does not know. */
export interface LookupAnswer {
  result: 'ok' | 'void' | 'wrong_event' | 'unknown';
}

// --- the roster -------------------------------------------------------------------------------------

export const TICKET_STATUSES = ['valid', 'void', 'transferred', 'cancelled'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface RosterTicket {
  id: string;
  /** sha256 hex of the QR text (the upper-case secret): the phone matches scans offline */
  qrHash: string;
  /** sha256 hex of "<eventId>\n<lower-cased email>": exact e-mail search without holding the address */
  emailHash: string;
  name: string;
  company: string;
  askMeAbout: string;
  /** transferred (passed on: the new guest's ticket is another row) and cancelled are refused with their own reason */
  status: TicketStatus;
  /** ordering time of the entry that checks the ticket in (see src/checkin/state.ts) */
  checkedInAt: number | null;
  /** the phone holding the check-in: its id tells phones apart, its name is for people */
  checkedInById: string | null;
  checkedInBy: string | null;
  /** ordering time of the greeting that counts (the first, see src/greetings/state.ts), and its phone */
  greetedAt: number | null;
  greetedBy: string | null;
  /** the organizer's seating: greet mode goes table by table */
  tableLabel: string | null;
}

/** GET /api/devices/roster, and the `roster` of a batch answer sent with `since`. */
export interface RosterAnswer {
  tickets: RosterTicket[];
  cursor: string;
  /** true when this is the whole roster, false for a delta since a cursor */
  full: boolean;
}

// --- pairing ----------------------------------------------------------------------------------------

/** What a paired phone may know about its event. */
export interface DeviceEvent {
  id: string;
  slug: string;
  title: string;
  venue: string;
  address: string;
  hostName: string;
  startsAt: number;
  endsAt: number;
  timezone: string;
  status: string;
}

/** POST /api/devices/pair */
export interface PairAnswer {
  /** the phone's credential for /api/devices (bearer) */
  token: string;
  device: { id: string; name: string };
  event: DeviceEvent;
}

/**
 * Compile-time check that two types describe the same values, used where a zod schema reads a wire
 * type: `type Checked = Assert<SameShape<z.input<typeof schema>, ScanBatch>>` fails to compile on a
 * drift, and costs the bundle nothing.
 */
export type SameShape<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export type Assert<T extends true> = T;
