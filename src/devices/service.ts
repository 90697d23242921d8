import { asc, eq, sql } from 'drizzle-orm';
import { perClient } from '../db/per-client';
import { devices, pairingCodes } from '../db/schema';
import type { Deps } from '../deps';
import { type Event, getEvent } from '../events/service';
import { newId, newToken, normalizeBase32, sha256Hex } from '../lib/crypto';
import { AppError } from '../lib/errors';
import type { DeviceEvent, PairAnswer } from '../shared/wire';

export type Device = typeof devices.$inferSelect;

export const PAIRING_TTL_MS = 10 * 60_000;
/** lastSeenAt is written at most this often per phone: a scan burst must not become a write burst. */
export const LAST_SEEN_EVERY_MS = 15_000;

/** What a paired phone may know about its event. */
export function publicEvent(e: Event): DeviceEvent {
  return {
    id: e.id,
    slug: e.slug,
    title: e.title,
    venue: e.venue,
    address: e.address,
    hostName: e.hostName,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    timezone: e.timezone,
    status: e.status,
  };
}

/** Codes and tokens are lower-case base32; typed copies may differ in case, O/0, I/L/1 and hyphens. */
const normalizeSecret = (s: string) => normalizeBase32(s.trim()).toLowerCase();

/** A one-time code, stored only as its hash. The link carries it in the fragment, which never reaches a server log. */
export async function createPairing(deps: Deps, input: { eventId: string; deviceName: string }) {
  const event = await getEvent(deps, input.eventId);
  if (event.status === 'cancelled') throw new AppError('event_cancelled', 'The event is cancelled.');
  const code = newToken();
  const now = deps.clock.now();
  const expiresAt = now + PAIRING_TTL_MS;
  await deps.db.insert(pairingCodes).values({
    codeHash: await sha256Hex(code),
    eventId: event.id,
    deviceName: input.deviceName,
    createdAt: now,
    expiresAt,
  });
  return { code, url: `${deps.config.publicUrl}/host/pair#${code}`, expiresAt };
}

/**
 * Trades a pairing code for a device token. Claiming the code and creating the device are one
 * batch, and the claim is a conditional UPDATE: of two phones using one code, exactly one wins.
 */
export async function pairDevice(deps: Deps, input: { code: string }): Promise<PairAnswer> {
  const codeHash = await sha256Hex(normalizeSecret(input.code));
  const now = deps.clock.now();
  const id = newId();
  const token = newToken();
  // Phones are told apart by name on every screen, so a name already taken in the event (say, a second
  // link made for "Door 1") gets the first free " (n)". Inside the batch, so two pairings at once cannot
  // both pick the same one.
  const [claim] = await deps.db.batch([
    deps.db.run(sql`UPDATE pairing_codes SET used_at = ${now}, device_id = ${id}
      WHERE code_hash = ${codeHash} AND used_at IS NULL AND expires_at > ${now}`),
    deps.db.run(sql`WITH RECURSIVE p AS (SELECT event_id AS e, device_name AS n FROM pairing_codes
        WHERE code_hash = ${codeHash} AND device_id = ${id}),
      k(i, name) AS (SELECT 1, n FROM p UNION ALL SELECT i + 1, (SELECT n FROM p) || ' (' || (i + 1) || ')' FROM k
        WHERE i < 999 AND EXISTS (SELECT 1 FROM devices, p WHERE event_id = e AND devices.name = k.name))
      INSERT INTO devices (id, event_id, name, token_hash, role, created_at)
      SELECT ${id}, e, (SELECT name FROM k ORDER BY i DESC LIMIT 1), ${await sha256Hex(token)}, 'host', ${now} FROM p`),
  ]);
  if (claim.rowsAffected !== 1) {
    const row = await deps.db.query.pairingCodes.findFirst({ where: eq(pairingCodes.codeHash, codeHash) });
    if (!row) throw new AppError('not_found', 'No such pairing code.');
    if (row.usedAt !== null) throw new AppError('pairing_used', 'This pairing code has been used already.');
    throw new AppError('pairing_expired', 'This pairing code has expired. Ask for a new one.');
  }
  const device = (await deps.db.query.devices.findFirst({ where: eq(devices.id, id) }))!;
  deps.log.info('device paired', { deviceId: id, eventId: device.eventId });
  return { token, device: { id, name: device.name }, event: publicEvent(await getEvent(deps, device.eventId)) };
}

/**
 * How long an instance answers a device token from memory. A revocation clears the phone's entry at once on the
 * instance that handles it (revokeDevice); every other instance (another Worker isolate, another Node process on
 * the same Turso database) reads the row again, and refuses the phone, within this time.
 */
export const DEVICE_CACHE_MS = 5_000;

type Cached = { device: Device; until: number };
/** Per database client (one per Worker isolate, one per test app), keyed by the token's hash, never the token. */
const deviceCacheOf = perClient(() => new Map<string, Cached>());
/** Bounds the memory a flood of valid tokens could take: far more phones than any dinner pairs. */
const DEVICE_CACHE_MAX = 1_000;

/**
 * The phone behind a bearer token; looked up by the token's hash, so timing reveals nothing of it. A scan burst
 * would read the same row for every scan: for DEVICE_CACHE_MS the row comes from this instance's memory instead
 * (see there for how a revocation still takes effect). Plain SQL: drizzle's query builder costs more than the
 * lookup itself on every check-in write.
 */
export async function authenticateDevice(deps: Deps, token: string): Promise<Device> {
  const normalized = normalizeSecret(token);
  if (normalized.length === 0 || normalized.length > 64)
    throw new AppError('unauthorized', 'A valid device token is required.');
  const tokenHash = await sha256Hex(normalized);
  const now = deps.clock.now();
  const cache = deviceCacheOf(deps.db);
  const hit = cache.get(tokenHash);
  let device = hit && now < hit.until ? hit.device : undefined;
  if (!device) {
    cache.delete(tokenHash);
    [device] = await deps.db.all<Device>(sql`SELECT id, event_id AS eventId, name, token_hash AS tokenHash, role,
          created_at AS createdAt, last_seen_at AS lastSeenAt, revoked_at AS revokedAt
          FROM devices WHERE token_hash = ${tokenHash}`);
    if (!device) throw new AppError('unauthorized', 'A valid device token is required.');
    if (device.revokedAt !== null) throw new AppError('device_revoked', 'This phone has been unpaired.');
    if (cache.size >= DEVICE_CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(tokenHash, { device, until: now + DEVICE_CACHE_MS });
  }
  if (device.lastSeenAt === null || now - device.lastSeenAt >= LAST_SEEN_EVERY_MS) {
    device.lastSeenAt = now;
    await deps.db.run(sql`UPDATE devices SET last_seen_at = ${now}
      WHERE id = ${device.id} AND (last_seen_at IS NULL OR last_seen_at < ${now})`);
  }
  return { ...device };
}

/** Forgets a phone on this instance at once (a revocation); other instances forget it within DEVICE_CACHE_MS. */
function forgetDevice(deps: Deps, deviceId: string) {
  const cache = deviceCacheOf(deps.db);
  for (const [hash, entry] of cache) if (entry.device.id === deviceId) cache.delete(hash);
}

export async function getDeviceContext(deps: Deps, device: Device) {
  return {
    device: { id: device.id, name: device.name, role: device.role, createdAt: device.createdAt },
    event: publicEvent(await getEvent(deps, device.eventId)),
  };
}

export async function listDevices(deps: Deps, eventId: string) {
  await getEvent(deps, eventId);
  const rows = await deps.db
    .select({
      id: devices.id,
      name: devices.name,
      role: devices.role,
      createdAt: devices.createdAt,
      lastSeenAt: devices.lastSeenAt,
      revokedAt: devices.revokedAt,
      // Qualified by hand: drizzle renders a bare column here, which inside the subquery would mean scans' own.
      scans: sql<number>`(SELECT count(*) FROM scans s WHERE s.event_id = devices.event_id AND s.device_id = devices.id)`,
    })
    .from(devices)
    .where(eq(devices.eventId, eventId))
    .orderBy(asc(devices.createdAt), sql`devices.rowid`);
  return rows.map((r) => ({ ...r, scans: Number(r.scans) }));
}

/**
 * Takes effect on this instance's next request from the phone, and on every other instance within DEVICE_CACHE_MS
 * (see authenticateDevice).
 */
export async function revokeDevice(deps: Deps, deviceId: string) {
  await deps.db.run(
    sql`UPDATE devices SET revoked_at = ${deps.clock.now()} WHERE id = ${deviceId} AND revoked_at IS NULL`,
  );
  forgetDevice(deps, deviceId);
  const device = await deps.db.query.devices.findFirst({ where: eq(devices.id, deviceId) });
  if (!device) throw new AppError('not_found', 'No such device.');
  deps.log.info('device revoked', { deviceId });
  return { id: device.id, name: device.name, revokedAt: device.revokedAt };
}
