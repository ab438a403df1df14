import pg from 'pg';
import type { Database } from './client.ts';

/**
 * Subscribes to a NOTIFY channel: in-process on PGlite, a dedicated connection on PostgreSQL (so live
 * updates reach every web process). Returns the unsubscribe function.
 */
export async function listen(
  database: Database,
  channel: string,
  onPayload: (payload: string) => void,
): Promise<() => Promise<void>> {
  if (database.pglite) {
    return database.pglite.listen(channel, onPayload);
  }
  const url = database.url;
  if (!url) throw new Error('no database to listen on');
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  client.on('notification', (message) => {
    if (message.channel === channel && message.payload) onPayload(message.payload);
  });
  await client.query(`listen ${channel}`);
  return async () => {
    await client.end();
  };
}
