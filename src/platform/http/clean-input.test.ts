import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertCleanStrings } from './clean-input.ts';

const refusal = (value: unknown) => {
  try {
    assertCleanStrings(value, 'body');
  } catch (error) {
    return (error as { code: string; details: { path: string }[] }).details[0]?.path;
  }
  return null;
};

test('clean strings pass, whatever their nesting', () => {
  assert.equal(refusal({ alerts: [{ title: 'ok', labels: { env: 'prod' } }], n: 1, b: null }), null);
  let deep: unknown = 'bottom';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.equal(refusal(deep), null);
});

test('a NUL character or a lone surrogate is refused with the path of the first offender', () => {
  assert.equal(
    refusal({ alerts: [{ title: 'ok' }, { labels: { env: 'a\u0000b' } }] }),
    'body.alerts[1].labels.env',
  );
  assert.equal(refusal({ tags: ['fine', 'x\ud800'] }), 'body.tags[1]');
  assert.equal(refusal({ nested: { 'k\ud800': 'v' } }), 'body.nested key');
  let deep: unknown = 'bad\u0000';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  assert.ok(refusal(deep)?.startsWith('body[0][0]'));
});
