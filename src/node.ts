import { existsSync } from 'node:fs';
import { listEvents } from './events/service';
import { startServer } from './server';

if (existsSync('.env')) process.loadEnvFile('.env');

const server = await startServer();
const { config } = server.deps;
const events = await listEvents(server.deps);
const lines = [
  '',
  `klick is running on ${config.publicUrl} (payments: ${config.payments}, database: ${process.env.DATABASE_URL ?? 'file:.data/klick.db'})`,
  ...events.slice(0, 5).map((e) => `  event page:      ${config.publicUrl}/e/${e.slug}`),
  `  organizer page:  ${config.publicUrl}/admin`,
  process.env.ADMIN_TOKEN
    ? '  admin token:     the ADMIN_TOKEN you set'
    : `  admin token:     ${config.adminToken}  (generated and kept next to the database)`,
  `  health:          ${config.publicUrl}/api/health`,
  '',
];
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close().finally(() => process.exit(0));
  });
}
