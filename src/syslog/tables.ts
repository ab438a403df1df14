import { bigint, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { ts } from '../platform/db/columns.ts';

/**
 * Syslog lines that did not become alerts: not syslog at all, or matched by no parse rule. Kept as
 * received (nothing silently lost) and counted, so a parse rule can be written for them later.
 */
export const syslogUnparsed = pgTable(
  'syslog_unparsed',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    receivedAt: ts('received_at').notNull(),
    transport: text('transport', { enum: ['udp', 'tcp'] }).notNull(),
    peer: text('peer').notNull(),
    /** Why it is here: `unparsed` (not RFC 5424/3164), `no-rule`, `invalid` (a rule's output was refused). */
    reason: text('reason').notNull(),
    /** The line as text (invalid UTF-8 replaced); `rawBase64` keeps the exact bytes when they differ. */
    line: text('line').notNull(),
    rawBase64: text('raw_base64'),
    bytes: integer('bytes').notNull(),
  },
  (t) => [index('syslog_unparsed_received_idx').on(t.receivedAt)],
);
