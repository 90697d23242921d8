/**
 * Test-only Hrana v2-over-HTTP server (JSON), backed by the native `libsql` Database.
 *
 * `@libsql/client/web` 0.18 (hrana-client 0.10) talks to http(s) URLs with protocol version 2 by default:
 * it never probes `GET /v2`/`/v3-protobuf` and posts JSON to `<base>/v2/pipeline`, carrying a baton between
 * requests of one stream. One stream = one native connection, so interactive transactions work.
 *
 * Runs in Node (vitest main process) and speaks Fetch API `Request`/`Response`, so it can be plugged into
 * miniflare's `outboundService`. Not a production server: no cursors (v3), no `describe`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';

type Conn = InstanceType<typeof Database>;

// ---- protocol types (JSON encoding of Hrana v2) ----
type Value =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };
interface Stmt {
  sql?: string;
  sql_id?: number;
  args?: Value[];
  named_args?: { name: string; value: Value }[];
  want_rows?: boolean;
}
type BatchCond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: BatchCond }
  | { type: 'and' | 'or'; conds: BatchCond[] }
  | { type: 'is_autocommit' };
interface BatchStep {
  condition?: BatchCond | null;
  stmt: Stmt;
}
type StreamRequest =
  | { type: 'close' }
  | { type: 'execute'; stmt: Stmt }
  | { type: 'batch'; batch: { steps: BatchStep[] } }
  | { type: 'sequence'; sql?: string; sql_id?: number }
  | { type: 'describe'; sql?: string; sql_id?: number }
  | { type: 'store_sql'; sql_id: number; sql: string }
  | { type: 'close_sql'; sql_id: number }
  | { type: 'get_autocommit' };
interface StmtResult {
  cols: { name: string | null; decltype: string | null }[];
  rows: Value[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}
interface ProtoError {
  message: string;
  code?: string;
}

class HranaError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface Stream {
  file: string;
  conn: Conn;
  sqls: Map<number, string>;
  timer?: ReturnType<typeof setTimeout>;
  meta: ReturnType<Conn['prepare']>;
}

export interface HranaHandlerOptions {
  /** when set, requests must carry `Authorization: Bearer <authToken>` */
  authToken?: string;
  /** idle streams (open batons) are rolled back and closed after this long; sqld uses 10 s */
  streamIdleMs?: number;
  /** a statement that hits SQLITE_BUSY is retried (asynchronously, so other streams progress) this long */
  busyTimeoutMs?: number;
  /**
   * Hosts `<ns>.<baseHost>` get their own database `<dbPath>.<ns>`, cloned from `dbPath` on first use
   * (a fresh migrated DB per test file: pass `DATABASE_URL=http://<ns>.db.test` to the code under test).
   */
  baseHost?: string;
}

export type HranaHandler = ((req: Request) => Promise<Response>) & {
  /** close every open stream and connection */
  close(): void;
  /** number of open streams (batons), for tests */
  openStreams(): number;
};

const SQLITE_BASE_CODES: Record<number, string> = {
  1: 'SQLITE_ERROR',
  2: 'SQLITE_INTERNAL',
  3: 'SQLITE_PERM',
  4: 'SQLITE_ABORT',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY',
  9: 'SQLITE_INTERRUPT',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  15: 'SQLITE_PROTOCOL',
  16: 'SQLITE_EMPTY',
  17: 'SQLITE_SCHEMA',
  18: 'SQLITE_TOOBIG',
  19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH',
  21: 'SQLITE_MISUSE',
  22: 'SQLITE_NOLFS',
  23: 'SQLITE_AUTH',
  24: 'SQLITE_FORMAT',
  25: 'SQLITE_RANGE',
  26: 'SQLITE_NOTADB',
};

/** Like sqld: base code (SQLITE_CONSTRAINT) and "SQLite error: <sqlite message>". */
function toProtoError(e: unknown): ProtoError {
  if (e instanceof HranaError) return { message: e.message, code: e.code };
  const err = e as { message?: string; code?: unknown; rawCode?: unknown };
  if (typeof err?.rawCode === 'number') {
    const base = SQLITE_BASE_CODES[err.rawCode & 0xff] ?? `SQLITE_UNKNOWN_${err.rawCode & 0xff}`;
    return { message: `SQLite error: ${err.message}`, code: base };
  }
  return { message: String(err?.message ?? e), code: 'SQL_INPUT_ERROR' };
}

function valueToNative(v: Value): unknown {
  switch (v.type) {
    case 'null':
      return null;
    case 'integer':
      return BigInt(v.value);
    case 'float':
      return Number(v.value);
    case 'text':
      return v.value;
    case 'blob':
      return Buffer.from(v.base64, 'base64');
    default:
      throw new HranaError(`Unknown value type ${JSON.stringify((v as { type: unknown }).type)}`, 'ARGS_INVALID');
  }
}

function valueFromNative(v: unknown): Value {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  if (typeof v === 'number') return { type: 'float', value: v };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(v).toString('base64') };
  throw new HranaError(`Cannot encode value of type ${typeof v}`, 'INTERNAL');
}

/** Consistent copy of a (possibly WAL-mode, in-use) database file. */
function vacuumInto(from: string, to: string) {
  rmSync(to, { force: true });
  const src = new Database(from);
  try {
    src.exec(`VACUUM INTO '${to.replaceAll("'", "''")}'`);
  } finally {
    src.close();
  }
  const copy = new Database(to);
  copy.exec('PRAGMA journal_mode = WAL');
  copy.close();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createHranaHandler(dbPath: string, options: HranaHandlerOptions = {}): HranaHandler {
  const streamIdleMs = options.streamIdleMs ?? 10_000;
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  const streams = new Map<string, Stream>(); // baton → stream (a baton is used once)
  const nsPaths = new Map<string, string>();

  // Namespaced DBs are cloned from a snapshot of dbPath taken now, before any test writes to it.
  const template = options.baseHost ? `${dbPath}.template` : undefined;
  if (template) vacuumInto(dbPath, template);

  function resolveDb(hostname: string): string {
    const base = options.baseHost;
    if (!template || !base || hostname === base || !hostname.endsWith(`.${base}`)) return dbPath;
    const ns = hostname.slice(0, -base.length - 1);
    if (!/^[a-z0-9-]{1,63}$/.test(ns)) throw new HranaError(`Bad namespace ${ns}`, 'NAMESPACE_INVALID');
    let p = nsPaths.get(ns);
    if (!p) {
      p = `${dbPath}.${ns}`;
      vacuumInto(template, p);
      nsPaths.set(ns, p);
    }
    return p;
  }

  // Idle connections are kept for the next stream: closing the last connection of a WAL database
  // checkpoints and deletes the WAL, which made every request ~2x slower.
  const idle = new Map<string, Stream[]>();
  const MAX_IDLE = 4;

  function openStream(file: string): Stream {
    const pooled = idle.get(file)?.pop();
    if (pooled) return pooled;
    const conn = new Database(file);
    const meta = conn.prepare('SELECT changes(), last_insert_rowid(), total_changes()');
    meta.safeIntegers(true);
    meta.raw(true);
    return { file, conn, sqls: new Map(), meta };
  }

  function closeStream(s: Stream, reuse = true) {
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    s.sqls.clear();
    try {
      if (s.conn.inTransaction) s.conn.exec('ROLLBACK');
    } catch {
      reuse = false;
    }
    const list = idle.get(s.file) ?? [];
    if (reuse && !s.conn.inTransaction && list.length < MAX_IDLE) {
      list.push(s);
      idle.set(s.file, list);
    } else {
      s.conn.close();
    }
  }

  function park(s: Stream): string {
    const baton = randomUUID();
    streams.set(baton, s);
    s.timer = setTimeout(() => {
      if (streams.get(baton) === s) {
        streams.delete(baton);
        closeStream(s);
      }
    }, streamIdleMs);
    s.timer.unref?.();
    return baton;
  }

  /** Runs `fn`; on SQLITE_BUSY (another stream holds the write lock) yields to the event loop and retries. */
  async function withBusyRetry<T>(fn: () => T): Promise<T> {
    const deadline = Date.now() + busyTimeoutMs;
    for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
      try {
        return fn();
      } catch (e) {
        if ((e as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw e;
      }
      await sleep(wait);
    }
  }

  function sqlOf(s: Stream, x: { sql?: string; sql_id?: number }): string {
    if (typeof x.sql === 'string') return x.sql;
    if (typeof x.sql_id === 'number') {
      const sql = s.sqls.get(x.sql_id);
      if (sql === undefined) throw new HranaError(`SQL text ${x.sql_id} not found`, 'SQL_NOT_FOUND');
      return sql;
    }
    throw new HranaError('Statement has neither sql nor sql_id', 'SQL_NOT_FOUND');
  }

  function metaRow(s: Stream): [bigint, bigint, bigint] {
    return s.meta.all([])[0] as [bigint, bigint, bigint];
  }

  async function execute(s: Stream, stmt: Stmt): Promise<StmtResult> {
    const sql = sqlOf(s, stmt);
    const named = stmt.named_args ?? [];
    let args: unknown;
    if (named.length > 0) {
      const obj: Record<string, unknown> = {};
      (stmt.args ?? []).forEach((v, i) => {
        obj[String(i + 1)] = valueToNative(v);
      });
      for (const { name, value } of named) obj[/^[:@$]/.test(name) ? name.slice(1) : name] = valueToNative(value);
      args = obj;
    } else {
      args = (stmt.args ?? []).map(valueToNative);
    }
    const prepared = s.conn.prepare(sql);
    prepared.safeIntegers(true);
    if (!prepared.reader) {
      const info = await withBusyRetry(() => prepared.run(args as never));
      return {
        cols: [],
        rows: [],
        affected_row_count: Number(info.changes),
        last_insert_rowid: String(info.lastInsertRowid),
      };
    }
    prepared.raw(true);
    const cols = prepared.columns().map((c) => ({ name: c.name, decltype: c.type ?? null }));
    const before = metaRow(s)[2];
    const raw = (await withBusyRetry(() => prepared.all(args as never))) as unknown[][];
    const [changes, rowid, total] = metaRow(s);
    return {
      cols,
      rows: stmt.want_rows === false ? [] : raw.map((row) => row.map(valueFromNative)),
      affected_row_count: total !== before ? Number(changes) : 0,
      last_insert_rowid: rowid.toString(),
    };
  }

  async function batch(s: Stream, steps: BatchStep[]) {
    const outcome: ('ok' | 'error' | 'skipped')[] = [];
    const step_results: (StmtResult | null)[] = [];
    const step_errors: (ProtoError | null)[] = [];
    const evalCond = (c: BatchCond, at: number): boolean => {
      switch (c.type) {
        case 'ok':
        case 'error':
          if (!(c.step >= 0 && c.step < at))
            throw new HranaError(`Step ${at} refers to step ${c.step}`, 'BATCH_COND_INVALID');
          return outcome[c.step] === c.type;
        case 'not':
          return !evalCond(c.cond, at);
        case 'and':
          return c.conds.every((x) => evalCond(x, at));
        case 'or':
          return c.conds.some((x) => evalCond(x, at));
        case 'is_autocommit':
          return !s.conn.inTransaction;
        default:
          throw new HranaError(`Unknown condition ${JSON.stringify(c)}`, 'BATCH_COND_INVALID');
      }
    };
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (step.condition && !evalCond(step.condition, i)) {
        outcome.push('skipped');
        step_results.push(null);
        step_errors.push(null);
        continue;
      }
      try {
        step_results.push(await execute(s, step.stmt));
        step_errors.push(null);
        outcome.push('ok');
      } catch (e) {
        step_results.push(null);
        step_errors.push(toProtoError(e));
        outcome.push('error');
      }
    }
    return { step_results, step_errors };
  }

  async function handleRequest(s: Stream, req: StreamRequest): Promise<object> {
    switch (req.type) {
      case 'execute':
        return { type: 'execute', result: await execute(s, req.stmt) };
      case 'batch':
        return { type: 'batch', result: await batch(s, req.batch.steps) };
      case 'sequence': {
        const sql = sqlOf(s, req);
        await withBusyRetry(() => s.conn.exec(sql));
        return { type: 'sequence' };
      }
      case 'store_sql':
        s.sqls.set(req.sql_id, req.sql);
        return { type: 'store_sql' };
      case 'close_sql':
        s.sqls.delete(req.sql_id);
        return { type: 'close_sql' };
      case 'get_autocommit':
        return { type: 'get_autocommit', is_autocommit: !s.conn.inTransaction };
      case 'describe':
        throw new HranaError('describe is not supported by the test Hrana server', 'NOT_SUPPORTED');
      default:
        throw new HranaError(`Unknown request type ${JSON.stringify((req as { type: unknown }).type)}`, 'PROTO');
    }
  }

  async function pipeline(hostname: string, body: { baton?: string | null; requests?: StreamRequest[] }) {
    let stream: Stream | undefined;
    if (body.baton) {
      stream = streams.get(body.baton);
      if (!stream) throw new HranaError('Stream handle (baton) is invalid or expired', 'STREAM_EXPIRED');
      streams.delete(body.baton);
      if (stream.timer) clearTimeout(stream.timer);
    }
    const results: object[] = [];
    let closed = false;
    try {
      for (const req of body.requests ?? []) {
        if (req.type === 'close') {
          if (stream) closeStream(stream);
          stream = undefined;
          closed = true;
          results.push({ type: 'ok', response: { type: 'close' } });
          continue;
        }
        if (closed) {
          results.push({ type: 'error', error: { message: 'Stream is closed', code: 'STREAM_CLOSED' } });
          continue;
        }
        stream ??= openStream(resolveDb(hostname));
        try {
          results.push({ type: 'ok', response: await handleRequest(stream, req) });
        } catch (e) {
          results.push({ type: 'error', error: toProtoError(e) });
        }
      }
    } catch (e) {
      if (stream) closeStream(stream);
      throw e;
    }
    const baton = stream && !closed ? park(stream) : null;
    return { baton, base_url: null, results };
  }

  const json = (data: unknown, status = 200) =>
    new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });

  const handler = (async (req: Request) => {
    const url = new URL(req.url);
    try {
      if (options.authToken !== undefined && req.headers.get('authorization') !== `Bearer ${options.authToken}`) {
        return json({ message: 'Unauthorized', code: 'AUTH_FAILED' }, 401);
      }
      if (req.method === 'GET' && (url.pathname === '/v2' || url.pathname === '/health' || url.pathname === '/')) {
        return new Response('', { status: 200 });
      }
      if (req.method === 'POST' && url.pathname === '/v2/pipeline') {
        return json(await pipeline(url.hostname, (await req.json()) as never));
      }
      return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
    } catch (e) {
      const err = toProtoError(e);
      return json(err, e instanceof HranaError ? 400 : 500);
    }
  }) as HranaHandler;
  handler.close = () => {
    for (const s of streams.values()) closeStream(s, false);
    streams.clear();
    for (const list of idle.values()) for (const s of list.splice(0)) s.conn.close();
  };
  handler.openStreams = () => streams.size;
  return handler;
}

/** Applies the drizzle migrations (./drizzle) to a libSQL file DB, via src/db/migrate.ts, then closes it. */
export async function migrateDbFile(
  dbPath: string,
  migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url)),
) {
  const { openMigratedClient } = await import('../../src/db/migrate');
  const client = await openMigratedClient(`file:${dbPath}`, undefined, migrationsFolder);
  client.close();
}

const tempDirs = new Set<string>();

/** Creates a temp dir holding a freshly migrated `klick.db`; the dir is removed when the process exits. */
export async function createMigratedTempDb(prefix = 'klick-workers-'): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (tempDirs.size === 0) {
    process.once('exit', () => {
      for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  tempDirs.add(dir);
  const dbPath = path.join(dir, 'klick.db');
  await migrateDbFile(dbPath);
  return dbPath;
}

/**
 * The handler as a real HTTP server on 127.0.0.1 (a free port), for what reaches the database over the network
 * itself: `wrangler dev`, `npm run db:migrate`. `url` is what DATABASE_URL takes (http://127.0.0.1:<port>).
 */
export async function startHranaServer(dbPath: string, options: HranaHandlerOptions = {}) {
  const { serve } = await import('@hono/node-server');
  const handler = createHranaHandler(dbPath, options);
  const server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' });
  await new Promise((ok) => server.once('listening', ok));
  const { port } = server.address() as import('node:net').AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    handler,
    async close() {
      handler.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}
