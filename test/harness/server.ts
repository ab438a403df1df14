import { startTestCordon } from './cordon.ts';

/** A real Cordon listening on 127.0.0.1 with an ephemeral port, for the CLI's end-to-end tests. */
export async function startTestServer(): Promise<{
  url: string;
  adminToken: string;
  close(): Promise<void>;
}> {
  const t = await startTestCordon('pglite');
  const url = await t.cordon.app.listen({ port: 0, host: '127.0.0.1' });
  return { url, adminToken: t.adminToken, close: () => t.close() };
}
