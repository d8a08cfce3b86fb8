import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@ml/testing';
import { ChaosRig } from './support/chaos-rig';
import { assertPromiseKept } from './support/scenario';

/**
 * PeopleSoft is slow (1.5 s per answer) for a while, two requests hang past the connection's
 * 5 s time-out, and a string of others are answered with the gateway contact error, the
 * routing HTML page and IBResponse errors (HTTP 200 and 500). Each failed run must keep its
 * watermark and say why in the audit; later runs must pick up where it stood.
 */
describe('chaos: PeopleSoft slow, timing out and answering IBResponse errors', () => {
  let rig: ChaosRig;

  before(async () => {
    rig = await ChaosRig.create({
      label: 'peoplesoft',
      peoplesoftLatencyMs: 1_500,
      peoplesoftTimeoutMs: 5_000,
      maxRows: 500,
    });
  });
  after(() => rig?.destroy());

  it('fails runs visibly, keeps the watermark, and converges once PeopleSoft recovers', async () => {
    rig.peoplesoft.setFaults({
      hangs: { count: 2, ms: 8_000 },
      gatewayErrors: { count: 2 },
      routingErrors: { count: 1 },
      ibErrors: { count: 3, httpStatus: 200 },
    });
    await rig.start('api');
    await rig.start('writer');
    await rig.start('poller');
    await waitFor(
      'the queued PeopleSoft faults to be consumed',
      () => {
        const s = rig.peoplesoft.setFaults({});
        return (
          s.pendingHangs + s.pendingGatewayErrors + s.pendingRoutingErrors + s.pendingIbErrors === 0
        );
      },
      120_000,
      100,
    );
    rig.note('first fault wave consumed');
    await rig.waitForEmitted(0.2);
    rig.peoplesoft.setFaults({
      ibErrors: {
        count: 3,
        httpStatus: 500,
        messageSet: 158,
        messageId: 10623,
        message: 'Simulated: the query timed out on the database. (158,10623)',
      },
      hangs: { count: 1, ms: 8_000 },
    });
    rig.mutate({ changes: 10, hires: 5, terminations: 5 });
    rig.note('second fault wave queued');
    await waitFor(
      'the second wave to be consumed',
      () => {
        const s = rig.peoplesoft.setFaults({});
        return s.pendingHangs + s.pendingIbErrors === 0;
      },
      120_000,
      100,
    );
    rig.peoplesoft.setFaults({ latencyMs: 0 });
    rig.note('PeopleSoft recovered (latency 0)');
    const c = await rig.converge();
    const failed = await rig.failedRuns();
    rig.note(`${failed.length} failed runs`);
    await assertPromiseKept(rig, 'PeopleSoft slow / time-outs / IBResponse errors', c);
    assert.ok(failed.length >= 1, 'the faults failed at least one run');
    assert.ok(
      failed.every((r) => (r.error ?? '').trim().length > 0),
      `every failed run says why: ${JSON.stringify(failed)}`,
    );
  });
});
