import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from '../platform/chain.ts';
import { auditContent, auditContentJson } from './append.ts';

test('the audit content a group commit hashes is the canonical JSON verification recomputes', () => {
  const at = new Date('2026-03-02T09:00:00.123Z');
  const rows = [
    {
      seq: 1,
      at,
      actorId: null,
      action: 'event.reported',
      targetType: 'event',
      targetId: 'EVT-2026-000001',
      incidentId: null,
      requestId: 'req-1',
      data: { channel: 'alert', source: 'edr', count: 3, rule: null, nested: { b: [1, 'x'], a: '"\\\n' } },
    },
    {
      seq: 9_007_199_254_740_991,
      at,
      actorId: '0191f3c4-0000-7000-8000-000000000001',
      action: 'incident.declared',
      targetType: 'incident',
      targetId: null,
      incidentId: '0191f3c4-0000-7000-8000-000000000002',
      requestId: null,
      data: {},
    },
    {
      seq: 42,
      at,
      actorId: null,
      action: 'ünïcode \ud83d\ude00 "quoted"',
      targetType: 't\u0000',
      targetId: 'x',
      incidentId: null,
      requestId: null,
      data: { z: undefined, y: new Date(0), é: true, E: false },
    },
  ];
  for (const row of rows) assert.equal(auditContentJson(row), canonicalJson(auditContent(row)));
});
