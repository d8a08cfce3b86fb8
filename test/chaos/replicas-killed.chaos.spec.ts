import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@ml/testing';
import { ChaosRig } from './support/chaos-rig';
import { assertPromiseKept } from './support/scenario';

/**
 * Two writers and two pollers run at once. The poller that holds the poll lease is SIGKILLed
 * mid-run (the other must take over only after the lease expires, and its fence must stop the
 * dead one's half-done work from committing), then one writer is SIGKILLed mid-batch; the
 * survivors finish the sync under one shared rate limit.
 */
describe('chaos: two writers and two pollers, one of each killed', () => {
  let rig: ChaosRig;

  before(async () => {
    rig = await ChaosRig.create({
      label: 'replicas',
      peoplesoftLatencyMs: 400,
      maxRows: 300,
      hubspotFaults: { latencyMs: 200 },
    });
  });
  after(() => rig?.destroy());

  it('the survivors converge with nothing lost or duplicated, within the shared limit', async () => {
    await rig.start('api');
    await rig.start('writer', 'writer-1');
    await rig.start('writer', 'writer-2');
    await rig.start('poller', 'poller-1');
    await rig.start('poller', 'poller-2');
    await rig.waitForEmitted(0.25);
    const holder = await waitFor('a poller holding the lease', () => rig.leaseHolder(), 30_000);
    const killedAt = new Date();
    await rig.kill(holder);
    // Only the surviving poller can carry these: converging on them proves it took over.
    rig.mutate({ changes: 10, hires: 5, terminations: 5 });
    await rig.waitForProgress(0.4);
    await rig.kill('writer-1');
    const c = await rig.converge();
    // Liveness, not safety: how often a poller lost its lease to the other between two commits.
    // A run that finished after the kill was the survivor's: the killed one was the lease holder
    // when looked up, but the lease may have changed hands just before the kill.
    rig.note(`${rig.printed('poller', /another poller took over/).length} lease losses logged`);
    // HubSpot can hold everything while the survivor's run still reads older history windows:
    // wait (bounded) for that run to end, then it must have succeeded.
    const finished = await waitFor(
      'a run finished by the surviving poller',
      async () => {
        const [after] = await rig.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM sync_runs
            WHERE connection_id = $1 AND status = 'succeeded' AND finished_at > $2`,
          [rig.connectionId, killedAt],
        );
        return (after?.n ?? 0) > 0 ? after : undefined;
      },
      90_000,
      500,
    ).catch(() => undefined);
    const runs = await rig.query<{ status: string; started_at: Date; error: string | null }>(
      `SELECT status, started_at, left(error, 200) AS error FROM sync_runs WHERE connection_id = $1 ORDER BY requested_at`,
      [rig.connectionId],
    );
    assert.ok(
      finished,
      `the surviving poller ran the connection after the kill (killed at ${killedAt.toISOString()}): ${JSON.stringify(runs)}`,
    );
    await assertPromiseKept(rig, '2 writers + 2 pollers, one of each killed', c);
  });
});
