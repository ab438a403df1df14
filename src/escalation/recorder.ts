import type { Actor } from '../access/actor.ts';
import { type AuditInput, appendAudit } from '../audit/append.ts';
import type { Tx } from '../platform/db/client.ts';
import { appendTimeline } from '../timeline/append.ts';

/**
 * Writes escalation's record inside one transaction: timeline entries at once (each incident's chain is
 * its own lock), audit entries at the end (the global chain's head lock is then held only until commit,
 * as appendAudit asks).
 */
export class Recorder {
  readonly #tx: Tx;
  readonly #audit: { actor: Actor; at: Date; input: AuditInput }[] = [];

  constructor(tx: Tx) {
    this.#tx = tx;
  }

  async timeline(
    incidentId: string | null,
    kind: string,
    at: Date,
    actorId: string | null,
    data: Record<string, unknown>,
  ) {
    if (incidentId) await appendTimeline(this.#tx, { incidentId, kind, at, actorId, data });
  }

  audit(actor: Actor, at: Date, input: AuditInput): void {
    this.#audit.push({ actor, at, input });
  }

  async flush(): Promise<void> {
    for (const { actor, at, input } of this.#audit.splice(0)) await appendAudit(this.#tx, actor, at, input);
  }
}
