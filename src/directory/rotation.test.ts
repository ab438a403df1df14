import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Rotation, rotationShiftAt, shiftAt, shiftsBetween } from './rotation.ts';
import { zonedTime } from './zoned-time.ts';

const weekly: Rotation = {
  rotation: 'weekly',
  timeZone: 'Europe/Berlin',
  handoffTime: '09:00',
  handoffDay: 1,
  startDate: '2026-03-02',
  participants: ['ana', 'ben', 'cem'],
};
const at = (iso: string) => new Date(iso);

describe('on-call rotations', () => {
  test('a weekly rotation hands off on Monday at 09:00 local time, in turn', () => {
    assert.equal(rotationShiftAt(weekly, at('2026-03-02T08:00:00Z'))?.personId, 'ana');
    assert.equal(
      rotationShiftAt(weekly, at('2026-03-09T07:59:00Z'))?.personId,
      'ana',
      'Monday 08:59 in Berlin',
    );
    assert.equal(rotationShiftAt(weekly, at('2026-03-09T08:00:00Z'))?.personId, 'ben');
    assert.equal(rotationShiftAt(weekly, at('2026-03-16T08:30:00Z'))?.personId, 'cem');
    assert.equal(rotationShiftAt(weekly, at('2026-03-23T08:30:00Z'))?.personId, 'ana', 'and round again');
  });

  test('the hand-off stays at 09:00 local across the daylight saving change', () => {
    // Berlin moves to summer time on 29 March 2026: 09:00 is 08:00 UTC before and 07:00 UTC after.
    const shift = rotationShiftAt(weekly, at('2026-03-30T07:30:00Z'));
    assert.equal(shift?.startsAt.toISOString(), '2026-03-30T07:00:00.000Z');
    assert.equal(zonedTime('2026-03-23', '09:00', 'Europe/Berlin').toISOString(), '2026-03-23T08:00:00.000Z');
  });

  test('nobody is on call before the schedule starts', () => {
    assert.equal(rotationShiftAt(weekly, at('2026-03-01T12:00:00Z')), null);
  });

  test('a daily rotation hands off every day', () => {
    const daily: Rotation = { ...weekly, rotation: 'daily', timeZone: 'UTC', startDate: '2026-03-02' };
    assert.equal(rotationShiftAt(daily, at('2026-03-02T10:00:00Z'))?.personId, 'ana');
    assert.equal(rotationShiftAt(daily, at('2026-03-03T08:59:00Z'))?.personId, 'ana');
    assert.equal(rotationShiftAt(daily, at('2026-03-03T09:00:00Z'))?.personId, 'ben');
  });

  test('an override wins over the rotation, the latest made over older ones', () => {
    const overrides = [
      {
        id: 'o1',
        personId: 'dan',
        startsAt: at('2026-03-03T00:00:00Z'),
        endsAt: at('2026-03-04T00:00:00Z'),
        createdAt: at('2026-03-01T00:00:00Z'),
      },
      {
        id: 'o2',
        personId: 'eve',
        startsAt: at('2026-03-03T12:00:00Z'),
        endsAt: at('2026-03-03T18:00:00Z'),
        createdAt: at('2026-03-02T00:00:00Z'),
      },
    ];
    assert.equal(shiftAt(weekly, overrides, at('2026-03-03T10:00:00Z'))?.personId, 'dan');
    assert.equal(shiftAt(weekly, overrides, at('2026-03-03T13:00:00Z'))?.personId, 'eve');
    assert.equal(shiftAt(weekly, overrides, at('2026-03-04T10:00:00Z'))?.personId, 'ana');
    const calendar = shiftsBetween(weekly, overrides, at('2026-03-03T00:00:00Z'), at('2026-03-10T00:00:00Z'));
    assert.deepEqual(
      calendar.map((s) => s.personId),
      ['dan', 'eve', 'dan', 'ana', 'ben'],
    );
  });
});
