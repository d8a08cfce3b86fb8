import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nextRunAfter, scheduleProblem } from './schedule';

test('nightly cron runs at 02:00 in the connection time zone', () => {
  const next = nextRunAfter(
    { cron: '0 2 * * *', timezone: 'Europe/Berlin' },
    new Date('2026-11-28T10:00:00Z'),
  );
  assert.equal(next.toISOString(), '2026-11-29T01:00:00.000Z');
});

test('bad cron and bad time zone are reported with a readable reason', () => {
  assert.match(scheduleProblem({ cron: 'every day', timezone: 'UTC' }) ?? '', /must have 5 fields/);
  assert.match(scheduleProblem({ cron: 'a b c d e', timezone: 'UTC' }) ?? '', /not a valid cron/);
  // cron-parser alone would read these as "every minute".
  assert.match(scheduleProblem({ cron: '', timezone: 'UTC' }) ?? '', /must have 5 fields/);
  assert.match(scheduleProblem({ cron: '   ', timezone: 'UTC' }) ?? '', /must have 5 fields/);
  assert.match(
    scheduleProblem({ cron: '0 2 * * *', timezone: 'Mars/Base' }) ?? '',
    /not an IANA time zone/,
  );
  assert.equal(scheduleProblem({ cron: '*/30 * * * * *', timezone: 'UTC' }), null);
});
