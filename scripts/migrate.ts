import { openMigratedClient } from '../src/db/migrate';

/** Applies drizzle/ to DATABASE_URL (a local file or Turso), e.g. before a Workers deploy. */
const url = process.env.DATABASE_URL ?? 'file:.data/klick.db';
const client = await openMigratedClient(url, process.env.DATABASE_AUTH_TOKEN);
client.close();
console.log(`migrations applied to ${url.replace(/\/\/[^@]*@/, '//')}`);
