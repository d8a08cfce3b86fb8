import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@ml/testing';
import { ChaosRig } from './support/chaos-rig';
import { assertPromiseKept } from './support/scenario';

/**
 * Two pollers while PeopleSoft is slow (1.5 s per answer): the first full read needs several
 * window splits before its first commit, longer than the poll lease (5 s here, 60 s by default
 * against a PeopleSoft taking 10+ s per query). The lease is the only thing that should decide
 * who polls; a live poller must keep it while it works, and the sync must progress.
 */
describe('chaos: two pollers while PeopleSoft is slower than the poll lease', () => {
  let rig: ChaosRig;

  before(async () => {
    rig = await ChaosRig.create({
      label: 'slow_lease',
      peoplesoftLatencyMs: 1_500,
      peoplesoftTimeoutMs: 10_000,
      maxRows: 300,
    });
  });
  after(() => rig?.destroy());

  it('the pollers commit windows and converge instead of taking the lease from each other', async () => {
    await rig.start('api');
    await rig.start('writer');
    await rig.start('poller', 'poller-1');
    await rig.start('poller', 'poller-2');
    const emitted = await waitFor(
      'a first window committed',
      async () => ((await rig.emittedCount()) > 0 ? true : undefined),
      90_000,
      250,
    ).catch(() => false);
    const [lease] = await rig.query<{ fence: string }>(
      `SELECT fence FROM poll_leases WHERE connection_id = $1`,
      [rig.connectionId],
    );
    const [runs] = await rig.query<{ failed: number; taken: number }>(
      `SELECT count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE error LIKE '%another poller took over%')::int AS taken
         FROM sync_runs WHERE connection_id = $1`,
      [rig.connectionId],
    );
    rig.note(
      `lease fence ${lease?.fence}, ${runs?.failed} failed runs, ${runs?.taken} "another poller took over"`,
    );
    assert.ok(
      emitted,
      `no window committed within 90 s: the lease changed hands ${lease?.fence} times and ` +
        `${runs?.taken} runs failed with "another poller took over" (lease renewed only at window ` +
        `commits, never while a poller fetches and splits)\ntimeline: ${rig.events.join(' | ')}`,
    );
    await assertPromiseKept(
      rig,
      '2 pollers, PeopleSoft slower than the lease',
      await rig.converge(),
    );
  });
});
