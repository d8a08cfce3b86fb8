import { after, before, describe, it } from 'node:test';
import { ChaosRig } from './support/chaos-rig';
import { assertPromiseKept } from './support/scenario';

/**
 * The writer is SIGKILLed three times while batches are in flight (HubSpot answers slowly, so
 * requests are open at the instant of the kill), and restarted each time. Messages it held
 * unacked go back to the queue; upserts it sent but had not yet audited are sent again and
 * must land on the same contacts.
 */
describe('chaos: writer SIGKILLed three times mid-batch', () => {
  let rig: ChaosRig;

  before(async () => {
    rig = await ChaosRig.create({ label: 'writer_kill', hubspotFaults: { latencyMs: 300 } });
  });
  after(() => rig?.destroy());

  it('loses nothing and duplicates nothing across three crashes and restarts', async () => {
    await rig.start('api');
    await rig.start('writer', 'writer-1');
    await rig.start('poller');
    let victim = 'writer-1';
    for (const [i, share] of [0.15, 0.4, 0.65].entries()) {
      await rig.waitForProgress(share);
      await rig.kill(victim);
      victim = `writer-${i + 2}`;
      await rig.start('writer', victim);
    }
    await assertPromiseKept(rig, 'writer SIGKILLed x3', await rig.converge());
  });
});
