import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.ts';
import { GroupCommit } from './group-commit.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

/**
 * Holds commits until opened: `started` resolves once a commit waits at it, and `open()` lets every
 * waiting and later commit through. Waiting for `started` rather than a timer keeps these tests correct on
 * a loaded machine (a 5 ms timer once fired before the commit started and the test hung).
 */
function gate() {
  let isOpen = false;
  const waiting: (() => void)[] = [];
  let signal: () => void = () => {};
  const started = new Promise<void>((r) => (signal = r));
  return {
    started,
    wait: async () => {
      signal();
      if (!isOpen) await new Promise<void>((r) => waiting.push(r));
    },
    open: () => {
      isOpen = true;
      for (const go of waiting.splice(0)) go();
    },
  };
}

test('submissions that arrive while a commit runs are written together, each answered after its commit', async () => {
  const commits: number[][] = [];
  let release: () => void = () => {};
  let firstCommitStarted: () => void = () => {};
  const started = new Promise<void>((r) => (firstCommitStarted = r));
  const gc = new GroupCommit<number, string>(
    async (items) => {
      commits.push(items);
      if (commits.length === 1) {
        firstCommitStarted();
        await new Promise<void>((r) => (release = r));
      }
      return items.map((i) => `ok ${i}`);
    },
    { maxQueue: 100, maxBatch: 50 },
  );
  let firstDone = false;
  const first = gc.submit([1]).then((o) => {
    firstDone = true;
    return o;
  });
  // Wait for the first commit to be under way (not for a timer, which a loaded machine may outrun).
  await started;
  const rest = [gc.submit([2, 3]), gc.submit([4]), gc.submit([5])];
  await tick();
  assert.equal(firstDone, false, 'not answered before its commit');
  release();
  assert.deepEqual(await first, ['ok 1']);
  assert.deepEqual(await Promise.all(rest), [['ok 2', 'ok 3'], ['ok 4'], ['ok 5']]);
  assert.deepEqual(commits, [[1], [2, 3, 4, 5]], 'the three waiting submissions shared one commit');
});

test('a full queue refuses with intake.overloaded and a Retry-After; nothing accepted is dropped', async () => {
  const g = gate();
  const written: number[] = [];
  const gc = new GroupCommit<number, number>(
    async (items) => {
      await g.wait();
      written.push(...items);
      return items;
    },
    { maxQueue: 10, maxBatch: 10 },
  );
  const accepted = [gc.submit([1, 2, 3, 4, 5]), gc.submit([6, 7, 8, 9, 10])];
  await assert.rejects(gc.submit([11]), (e: unknown) => {
    assert.ok(e instanceof AppError);
    assert.equal(e.code, 'intake.overloaded');
    assert.ok((e.details as { retryAfterSeconds: number }).retryAfterSeconds >= 1);
    return true;
  });
  g.open();
  await Promise.all(accepted);
  assert.deepEqual(written, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

test('one bad submission does not fail the others written with it; deadlocks are retried', async () => {
  let calls = 0;
  const g = gate();
  const gc = new GroupCommit<string, string>(
    async (items) => {
      calls += 1;
      if (calls === 1) await g.wait();
      if (calls === 3) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      if (items.includes('bad')) throw new Error('bad row');
      return items;
    },
    { maxQueue: 100, maxBatch: 100 },
  );
  const warmup = gc.submit(['warm']);
  await g.started;
  const good = gc.submit(['a']);
  const bad = gc.submit(['bad']);
  const good2 = gc.submit(['b']);
  g.open();
  await warmup;
  assert.deepEqual(await good, ['a']);
  await assert.rejects(bad, /bad row/);
  assert.deepEqual(await good2, ['b']);
});

test('closing waits for queued work and then refuses new work', async () => {
  const gc = new GroupCommit<number, number>(async (items) => items, { maxQueue: 10, maxBatch: 10 });
  const pending = gc.submit([1]);
  await gc.close();
  assert.deepEqual(await pending, [1]);
  await assert.rejects(
    gc.submit([2]),
    (e: unknown) => e instanceof AppError && e.code === 'intake.unavailable',
  );
});

test('each user names its own refusals', async () => {
  const g = gate();
  const gc = new GroupCommit<number, number>(
    async (items) => {
      await g.wait();
      return items;
    },
    {
      maxQueue: 1,
      maxBatch: 1,
      refusals: {
        overloaded: (queued, seconds) =>
          new AppError('database.busy', `${queued} waiting`, { details: { retryAfterSeconds: seconds } }),
        closed: () => new AppError('database.busy', 'closing'),
      },
    },
  );
  const accepted = gc.submit([1]);
  await g.started;
  await assert.rejects(gc.submit([2]), (e: unknown) => e instanceof AppError && e.message === '1 waiting');
  const closing = gc.close();
  await assert.rejects(gc.submit([3]), (e: unknown) => e instanceof AppError && e.message === 'closing');
  g.open();
  await closing;
  assert.deepEqual(await accepted, [1]);
});
