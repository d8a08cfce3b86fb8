import { after, before, describe, it } from 'node:test';
import { closeVhostConnections } from '@ml/testing';
import { ChaosRig } from './support/chaos-rig';
import { brokerOutage } from './support/faults';
import { assertPromiseKept } from './support/scenario';

/**
 * RabbitMQ drops every connection of the test's vhost twice mid-sync (as close_all_connections
 * does), then the broker application is stopped for a few seconds and started again. Unacked
 * deliveries come back, unconfirmed publishes stay in the outbox, and both sides reconnect.
 */
describe('chaos: RabbitMQ connections dropped and the broker restarted', () => {
  let rig: ChaosRig;

  before(async () => {
    rig = await ChaosRig.create({ label: 'broker', peoplesoftLatencyMs: 200, maxRows: 300 });
  });
  after(() => rig?.destroy());

  it('reconnects and finishes the sync with nothing lost, duplicated or stranded', async () => {
    await rig.start('api');
    await rig.start('writer');
    await rig.start('poller');
    await rig.waitForEmitted(0.2);
    await closeVhostConnections(rig.env.vhost.name, 'chaos: connections dropped mid-poll');
    rig.note('vhost connections closed');
    await rig.waitForProgress(0.3);
    await closeVhostConnections(rig.env.vhost.name, 'chaos: connections dropped mid-batch');
    rig.note('vhost connections closed');
    await rig.waitForProgress(0.5);
    rig.note('broker app stopping');
    await brokerOutage(3_000);
    rig.note('broker app started again');
    rig.mutate({ changes: 10, hires: 5, terminations: 5 });
    await assertPromiseKept(
      rig,
      'RabbitMQ connections dropped + broker restart',
      await rig.converge(),
    );
  });
});
