import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprintOf } from './route-alert.ts';

test('fingerprints stay what they were when events were stored (dedup continues across upgrades)', () => {
  const source = '0191f3c4-0000-7000-8000-0000000000aa';
  const alert = {
    title: 'Disk full on db-09 — ünïcode 😀',
    description: '',
    severity: 'medium' as const,
    status: 'firing' as const,
    labels: { mount: '/', b: 'x' },
    entities: { hosts: ['db-09'], ips: ['203.0.113.9'] },
    observedAt: null,
    fingerprint: null,
    externalId: null,
  };
  assert.equal(
    fingerprintOf(source, alert),
    '36bde6e822313d9cf40b4882dfb605462588ef95bb2d9d0d49c50f806c90c0e0',
  );
  assert.equal(
    fingerprintOf(source, { ...alert, fingerprint: 'my-own-fingerprint' }),
    '7ce13d16cc2791d36e9adda1d31242f0e54da45a1c5247a513a16a7d0789a08a',
  );
});
