import type { AppDeps } from '../app/deps.ts';
import { appendAuditBatch, type BatchAuditEntry, chainEntries } from '../audit/append-batch.ts';
import type { Change } from '../platform/changes.ts';
import type { Tx } from '../platform/db/client.ts';
import { type PipelinedTx, withPipelinedTransaction } from '../platform/db/pipelined-transaction.ts';
import { getActivePolicy, type PolicyVersion } from '../policy/versions.ts';
import { appendTimeline } from '../timeline/append.ts';
import { candidateOf, createAlertEvents, type Fresh, type PreparedItem } from './create-alert-events.ts';
import { type OpenEvent, type Repeat, startBatch, writeBatch, writeBatchAndCommit } from './ingest-store.ts';
import type { IngestOutcome } from './types.ts';

export type IngestDeps = Pick<AppDeps, 'db' | 'clock'>;

/** What one group commit accumulates before it writes: outcomes, audit entries, timeline entries, changes. */
export interface Batch {
  tx: Tx;
  deps: IngestDeps;
  policy: PolicyVersion;
  now: Date;
  items: PreparedItem[];
  outcomes: (IngestOutcome | undefined)[];
  audit: BatchAuditEntry[];
  timeline: {
    incidentId: string;
    key: string;
    visibility: 'normal' | 'restricted';
    kind: string;
    data: Record<string, unknown>;
  }[];
  changes: Change[];
  /** Whether a routing rule declared an incident in this batch (its entries are on the audit chain). */
  promoted: boolean;
}

/**
 * Writes one group commit of alerts in one transaction (issue 5, "Group commit"): new fingerprints become
 * events, repeats of an open event count up, resolved notices annotate it, routing rules suggest or decide,
 * and alerts sharing an entity with an open incident are linked to it. Every event created or changed gets
 * its audit entry (escalation reads them), all by the system actor.
 *
 * Two round trips on PostgreSQL: BEGIN with the batch's reads; its write, its audit entries (hashed while
 * PostgreSQL writes the events) and COMMIT. When another writer appended to the audit chain in between, that
 * transaction fails whole, and the batch is written again in one that appends its audit entries after the
 * new head before it commits.
 */
export async function ingestAlerts(deps: IngestDeps, items: PreparedItem[]): Promise<IngestOutcome[]> {
  // Read before the transaction: versions never change, and the active one is cached (policy/versions.ts).
  const policy = await getActivePolicy(deps.db);
  const once = await withPipelinedTransaction(deps.db, (t) => ingestInTx(t, deps, policy, items, true));
  if (once) return once;
  const again = await withPipelinedTransaction(deps.db, (t) => ingestInTx(t, deps, policy, items, false));
  if (!again) throw new Error('a group commit that appends its own audit entries always writes');
  return again;
}

/** The outcomes, or null when the write sent with COMMIT found the audit chain moved: nothing was written. */
async function ingestInTx(
  t: PipelinedTx,
  deps: IngestDeps,
  policy: PolicyVersion,
  items: PreparedItem[],
  commitWithWrite: boolean,
): Promise<IngestOutcome[] | null> {
  const now = deps.clock.now();
  const counter = `event:${now.getUTCFullYear()}`;
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const g = groups.get(item.fingerprint);
    if (g) g.push(i);
    else groups.set(item.fingerprint, [i]);
  });
  // Each fingerprint's first firing alert was routed when it was submitted, so the entities it could share
  // with an open incident are looked up in the same round trip as the open events. Routed again only if
  // another policy version became active since.
  const firsts = new Map<string, number>();
  const keys = new Set<string>();
  for (const [fp, indices] of groups) {
    const at = indices.findIndex((i) => items[i]?.candidate);
    const item = items[indices[at] ?? -1];
    if (!item?.candidate) continue;
    if (item.candidate.version !== policy.version) item.candidate = candidateOf(policy, item);
    firsts.set(fp, at);
    for (const k of item.candidate.correlate) keys.add(k);
  }
  const state = await startBatch(t, counter, [...groups.keys()], [...keys]);
  const tx = t.tx;
  const b: Batch = {
    tx,
    deps,
    policy,
    now,
    items,
    outcomes: [],
    audit: [],
    timeline: [],
    changes: [],
    promoted: false,
  };
  const repeats: Repeat[] = [];
  const fresh: Fresh[] = [];
  for (const [fp, indices] of groups) {
    const existing = state.open.get(fp);
    if (existing) {
      const repeat = applyNotices(b, existing, indices);
      if (repeat) repeats.push(repeat);
      continue;
    }
    const at = firsts.get(fp);
    // A resolved notice for an alert with no open event changes nothing, and is answered as such.
    for (const i of at === undefined ? indices : indices.slice(0, at))
      b.outcomes[i] = { ref: null, result: 'ignored', count: 0 };
    const first = at === undefined ? undefined : indices[at];
    const candidate = first === undefined ? null : items[first]?.candidate;
    if (at !== undefined && first !== undefined && candidate)
      fresh.push({ fingerprint: fp, first, rest: indices.slice(at + 1), candidate });
  }
  const rows = await createAlertEvents(b, state.taken + 1, fresh, state.sharing);
  for (const t of b.timeline) {
    await appendTimeline(tx, {
      incidentId: t.incidentId,
      kind: t.kind,
      at: now,
      actorId: null,
      data: t.data,
    });
    b.changes.push({ kind: 'incident', key: t.key, id: t.incidentId, visibility: t.visibility });
  }
  const write = { counter: { name: counter, value: state.taken + rows.length }, events: rows, repeats };
  // A promotion declared its incident with its own audit entries (the head has moved), and timeline entries
  // may leave work for the end of the transaction: then the batch's audit entries are appended after them,
  // and COMMIT goes on its own.
  if (commitWithWrite && b.timeline.length === 0 && !b.promoted && t.canCommitWith()) {
    const chain = b.audit.length > 0 ? () => chainEntries(state.head, b.audit) : null;
    const { chainMoved } = await writeBatchAndCommit(t, { ...write, changes: b.changes }, chain);
    if (chainMoved) return null;
  } else {
    const { audited } = await writeBatch(t, {
      ...write,
      audit: b.audit.length > 0 ? chainEntries(state.head, b.audit) : null,
      changes: b.changes,
    });
    // Another writer (or a promotion in this batch) appended to the audit chain after it was read.
    if (!audited) await appendAuditBatch(tx, b.audit);
  }
  return items.map((_, i) => b.outcomes[i] ?? { ref: null, result: 'ignored', count: 0 });
}

/** Repeats and resolved notices for an event that is already open; null when they change nothing. */
function applyNotices(b: Batch, event: OpenEvent, indices: number[]): Repeat | null {
  let count = event.count;
  let added = 0;
  let resolved = event.resolved;
  for (const i of indices) {
    if (b.items[i]?.alert.status === 'firing') {
      count += 1;
      added += 1;
      resolved = false;
      b.outcomes[i] = { ref: event.ref, result: 'repeated', count };
    } else {
      resolved = true;
      b.outcomes[i] = { ref: event.ref, result: 'resolved', count };
    }
  }
  if (added === 0 && resolved === event.resolved) return null;
  const requestId = b.items[indices.at(-1) ?? 0]?.requestId ?? null;
  const base = {
    at: b.now,
    actorId: null,
    requestId,
    targetType: 'event',
    targetId: event.ref,
    incidentId: event.incidentId,
  };
  if (added > 0) b.audit.push({ ...base, action: 'event.repeated', data: { added, count } });
  if (resolved && !event.resolved) {
    b.audit.push({ ...base, action: 'event.alert_resolved', data: { count } });
    if (event.incidentId && event.incidentKey && event.visibility) {
      b.timeline.push({
        incidentId: event.incidentId,
        key: event.incidentKey,
        visibility: event.visibility,
        kind: 'alert.resolved',
        data: { eventRef: event.ref, count },
      });
    }
  }
  b.changes.push({ kind: 'event', ref: event.ref, incidentId: event.incidentId });
  return { id: event.id, added, at: b.now.toISOString(), resolved };
}
