import { after, before, describe, it } from 'node:test';
import { ChaosRig } from './support/chaos-rig';
import { assertPromiseKept } from './support/scenario';

/**
 * The poller is SIGKILLed in the middle of a full read (slow PeopleSoft, small windows, so the
 * run spans many window transactions), HR keeps changing PeopleSoft while it is down, and a new
 * poller takes over once the dead one's lease expires. Windows committed before the kill must
 * not be lost from the outbox, the ones after must be read again, and the changes made during
 * the outage must reach HubSpot: the watermark never runs ahead of the queue.
 */
describe('chaos: poller SIGKILLed mid-run', () => {
  let rig: ChaosRig;

  before(async () => {
    rig = await ChaosRig.create({ label: 'poller_kill', peoplesoftLatencyMs: 400, maxRows: 300 });
  });
  after(() => rig?.destroy());

  it('resumes from the committed watermark and carries the changes made meanwhile', async () => {
    await rig.start('api');
    await rig.start('writer');
    await rig.start('poller', 'poller-1');
    await rig.waitForEmitted(0.3);
    await rig.kill('poller-1');
    rig.mutate({ changes: 20, hires: 10, terminations: 5 });
    await rig.start('poller', 'poller-2');
    await rig.waitForProgress(0.5);
    rig.mutate({ changes: 10, hires: 5, terminations: 5 });
    await assertPromiseKept(rig, 'poller SIGKILLed mid-run', await rig.converge());
  });
});
