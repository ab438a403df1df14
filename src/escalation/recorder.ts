import type { Actor } from '../access/actor.ts';
import { type AuditInput, appendAudit } from '../audit/append.ts';
import { announceSubjects, type Subjects } from '../notifications/index.ts';
import type { Tx } from '../platform/db/client.ts';
import { appendTimeline } from '../timeline/append.ts';

/**
 * Writes escalation's record inside one transaction: timeline entries at once (each incident's chain is
 * its own lock), audit entries at the end (the global chain's head lock is then held only until commit,
 * as appendAudit asks). The incidents and events whose escalation changed are announced to live views
 * (the web app's escalation panels and pages refetch) when the transaction commits.
 */
export class Recorder {
  readonly #tx: Tx;
  readonly #audit: { actor: Actor; at: Date; input: AuditInput }[] = [];
  readonly #subjects: Subjects = { incidents: new Set(), events: new Set() };

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
    if (incidentId) {
      await appendTimeline(this.#tx, { incidentId, kind, at, actorId, data });
      this.#subjects.incidents.add(incidentId);
    }
  }

  /** A page, step or run of this subject changed (an event's escalation has no timeline of its own). */
  touch(subject: { incidentId: string | null; eventId: string | null }): void {
    if (subject.incidentId) this.#subjects.incidents.add(subject.incidentId);
    else if (subject.eventId) this.#subjects.events.add(subject.eventId);
  }

  audit(actor: Actor, at: Date, input: AuditInput): void {
    this.#audit.push({ actor, at, input });
  }

  async flush(): Promise<void> {
    await announceSubjects(this.#tx, this.#subjects);
    for (const { actor, at, input } of this.#audit.splice(0)) await appendAudit(this.#tx, actor, at, input);
  }
}
