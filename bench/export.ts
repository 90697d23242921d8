/**
 * Contact export of a 1,000-guest dinner in each format, through the real route
 * (GET /api/admin/events/<id>/export.<format>?filter=paid with the bearer token): time per request
 * (5 runs after one warm-up: median and worst) and bytes, raw and gzip. Informational: no budget.
 *
 * The guests are written straight into the database (purchase has its own bench): every one paid,
 * 9 in 10 checked in, 7 in 10 greeted, 6 in 10 sharing with the host, with the names and
 * characters that cost escaping, quoting and folding.
 */
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { newId, newQrSecret, newToken, sha256Hex } from '../src/lib/crypto';
import { percentile } from './purchase';
import type { BenchResult, BenchServer, Row } from './run';

const GUESTS = 1000;
const RUNS = 5;
const NAMES = [
  'Jörg Heinicke',
  'Łukasz Żółć',
  '李小龙',
  'Zoë "Zed" Ünal',
  'Anna-Lena Müller-Lüdenscheidt',
  'Sam 🎉 Lee',
];
const COMPANIES = [
  'Heinicke & Söhne, Frankfurt',
  '=HYPERLINK("x")',
  '功夫, Ltd.',
  'ACME; Europe GmbH',
  'Ünal Consulting',
];

async function seedGuests(server: BenchServer, eventId: string) {
  const db = server.deps.db;
  const now = Date.now();
  const deviceId = newId();
  await db.run(sql`INSERT INTO devices (id, event_id, name, token_hash, role, created_at)
    VALUES (${deviceId}, ${eventId}, 'Door phone', ${await sha256Hex(newToken())}, 'host', ${now})`);
  for (let start = 0; start < GUESTS; start += 100) {
    const statements = [];
    for (let i = start; i < start + 100; i++) {
      const orderId = newId();
      const ticketId = newId();
      const secret = newQrSecret();
      const token = newToken();
      const name = `${NAMES[i % NAMES.length]} ${i}`;
      const company = COMPANIES[i % COMPANIES.length]!;
      const ask = `Ask me about topic ${i}: sailing, wine; and a rather long line of text 李小龙 🎉 ${'x'.repeat(i % 60)}`;
      const fields = sql`${name}, ${`guest${i}@example.com`}, ${company}, 'Head of Things', '+49 69 123456', 'https://www.linkedin.com/in/guest-${sql.raw(String(i))}', ${ask}`;
      statements.push(
        db.run(sql`INSERT INTO orders (id, event_id, status, name, email, company, role, phone, linkedin, ask_me_about,
          amount_cents, currency, provider, hold_expires_at, paid_at, created_at, updated_at)
          VALUES (${orderId}, ${eventId}, 'paid', ${fields}, 5000, 'EUR', 'demo', ${now}, ${now}, ${now}, ${now})`),
        db.run(sql`INSERT INTO tickets (id, order_id, event_id, name, email, company, role, phone, linkedin, ask_me_about,
          qr_secret, qr_hash, token, token_hash, status, created_at, updated_at)
          VALUES (${ticketId}, ${orderId}, ${eventId}, ${fields}, ${secret}, ${await sha256Hex(secret)}, ${token},
            ${await sha256Hex(token)}, 'valid', ${now}, ${now})`),
        db.run(sql`INSERT INTO consents (order_id, scope, granted, policy_version, source, recorded_at)
          VALUES (${orderId}, 'host', ${i % 10 < 6 ? 1 : 0}, '2026-11', 'purchase', ${now}),
                 (${orderId}, 'guests', ${i % 2}, '2026-11', 'purchase', ${now})`),
      );
      if (i % 10 < 9)
        statements.push(
          db.run(sql`INSERT INTO scans (event_id, device_id, client_nonce, ticket_id, kind, result, device_time, server_time)
            VALUES (${eventId}, ${deviceId}, ${newId()}, ${ticketId}, 'entry', 'ok', ${now + i}, ${now + i})`),
        );
      if (i % 10 < 7)
        statements.push(
          db.run(sql`INSERT INTO greetings (event_id, device_id, client_nonce, ticket_id, kind, device_time, server_time)
            VALUES (${eventId}, ${deviceId}, ${newId()}, ${ticketId}, 'greet', ${now + 5000 + i}, ${now + 5000 + i})`),
        );
    }
    const [first, ...rest] = statements;
    if (first) await db.batch([first, ...rest]);
  }
}

export async function benchExport(server: BenchServer): Promise<BenchResult> {
  const event = await server.createEvent({ capacity: GUESTS });
  await seedGuests(server, event.id);
  const rows: Row[] = [];
  const data: Record<string, unknown> = { guests: GUESTS, runs: RUNS };
  for (const format of ['csv', 'vcf', 'json'] as const) {
    const url = `${server.url}/api/admin/events/${event.id}/export.${format}?filter=paid`;
    const fetchOnce = async () => {
      const t0 = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${server.adminToken}` } });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`export ${format} answered ${res.status}`);
      return { ms: performance.now() - t0, body };
    };
    await fetchOnce(); // warm-up: statement caches, JIT
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await fetchOnce());
    const times = runs.map((r) => r.ms).sort((a, b) => a - b);
    const body = runs[0]!.body;
    const gzip = gzipSync(body, { level: 6 }).length;
    const p50 = Math.round(percentile(times, 50) * 10) / 10;
    const max = Math.round((times.at(-1) ?? 0) * 10) / 10;
    data[format] = { p50Ms: p50, maxMs: max, bytes: body.length, gzipBytes: gzip };
    rows.push(
      { metric: `export ${format} 1,000 guests, median`, value: p50, unit: 'ms' },
      { metric: `export ${format} 1,000 guests, slowest of ${RUNS}`, value: max, unit: 'ms' },
      { metric: `export ${format} size`, value: body.length, unit: 'B' },
      { metric: `export ${format} size gzip -6`, value: gzip, unit: 'B' },
    );
  }
  return { name: 'export', rows, data };
}
