import type { Actor } from '../access/actor.ts';
import { assertCan } from '../access/can.ts';
import type { AppDeps } from '../app/deps.ts';
import { listUnparsed } from './store.ts';

/** Kept syslog lines and how many there are, for people who read events. @throws auth.forbidden */
export async function listUnparsedLines(deps: Pick<AppDeps, 'db'>, actor: Actor, limit: number) {
  assertCan(actor, 'event.read');
  const { total, items } = await listUnparsed(deps.db, limit);
  return {
    total,
    items: items.map((r) => ({
      id: r.id,
      receivedAt: r.receivedAt.toISOString(),
      transport: r.transport,
      peer: r.peer,
      reason: r.reason,
      line: r.line,
      rawBase64: r.rawBase64,
      bytes: r.bytes,
    })),
  };
}
