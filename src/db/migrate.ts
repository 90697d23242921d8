import { createClient } from '@libsql/client';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { createDb } from './client';

/** Node only: drizzle's migrator reads ./drizzle from disk. */
export async function openMigratedClient(url: string, authToken?: string, migrationsFolder = 'drizzle') {
  const client = createClient({ url, authToken });
  if (url.startsWith('file:')) {
    await client.execute('PRAGMA journal_mode = WAL');
  }
  await migrate(createDb(client), { migrationsFolder });
  return client;
}
