/** Moved to the audit feature (`audit/append-batch.ts`), where incidents' group commit uses it too. */
export { appendAuditBatch, type BatchAuditEntry } from '../audit/append-batch.ts';
