import type { Client } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import { drizzle } from 'drizzle-orm/libsql/http';
import * as schema from './schema';

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };

/**
 * Given a client, drizzle only wraps it; importing the HTTP flavour keeps the WebSocket transport
 * out of the Worker bundle. Node passes its native file client through the same function.
 */
export function createDb(client: Client): Db {
  return drizzle(client, { schema });
}

export { schema };
