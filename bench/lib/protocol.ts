import { z } from 'zod';

/** What the benchmark parent asks of the Cordon server child process (bench/lib/server.ts). */
export const serverOptionsSchema = z.object({
  backend: z.enum(['pglite', 'postgres']),
  /** PostgreSQL: a fresh database made for this run. */
  databaseUrl: z.string().nullable(),
  /** PGlite: a fresh temporary data directory. */
  dataDir: z.string().nullable(),
  users: z.array(z.object({ username: z.string(), roles: z.array(z.string()) })),
  /** Bulk-seed this many incidents (about ten timeline entries each) before listening. */
  seedIncidents: z.number().int().min(0),
});
export type ServerOptions = z.infer<typeof serverOptionsSchema>;

export interface DatabaseFacts {
  version: string;
  /** PostgreSQL settings that decide durability and memory (empty for PGlite). */
  settings: Record<string, string>;
  /** The postmaster's pid, to account PostgreSQL's CPU time (null for PGlite: it runs in the server). */
  postmasterPid: number | null;
}

export interface SeedReport {
  incidents: number;
  timelineEntries: number;
  roles: number;
  restricted: number;
  open: number;
  seconds: number;
  analyzeSeconds: number;
}

export type ToServer = { type: 'query'; id: number; sql: string } | { type: 'stop' };

export type FromServer =
  | {
      type: 'ready';
      port: number;
      tokens: Record<string, string>;
      userIds: Record<string, string>;
      database: DatabaseFacts;
      seed: SeedReport | null;
      startSeconds: number;
    }
  | { type: 'progress'; message: string }
  | { type: 'result'; id: number; rows: Record<string, unknown>[]; error: string | null }
  | { type: 'failed'; error: string };
