import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeLocalTime, nextMidnightIn } from './daily-reset';

test('the daily limit resets at the next midnight in the portal time zone', () => {
  const now = new Date('2026-11-28T20:00:00Z'); // 15:00 in New York (EST, UTC-5)
  assert.equal(nextMidnightIn('America/New_York', now).toISOString(), '2026-11-29T05:00:00.000Z');
  assert.equal(nextMidnightIn('UTC', now).toISOString(), '2026-11-29T00:00:00.000Z');
  // Already past midnight in Tokyo (UTC+9): the next reset is the one after.
  assert.equal(nextMidnightIn('Asia/Tokyo', now).toISOString(), '2026-11-29T15:00:00.000Z');
});

test('midnight is found across a daylight-saving change', () => {
  // New York springs forward on 2026-03-08; the day before has 24 hours, the next reset is EDT.
  const now = new Date('2026-03-08T03:00:00Z'); // 22:00 EST on 03-07
  assert.equal(nextMidnightIn('America/New_York', now).toISOString(), '2026-03-08T05:00:00.000Z');
  const after = new Date('2026-03-08T12:00:00Z'); // 08:00 EDT
  assert.equal(nextMidnightIn('America/New_York', after).toISOString(), '2026-03-09T04:00:00.000Z');
});

test('the pause is described in the portal local time', () => {
  assert.equal(
    describeLocalTime('America/New_York', new Date('2026-11-29T05:00:00Z')),
    '2026-11-29 00:00 America/New_York',
  );
});
