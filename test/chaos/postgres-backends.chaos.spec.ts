import { after, before, describe, it } from 'node:test';
import { ChaosRig } from './support/chaos-rig';
import { terminateAppBackends } from './support/faults';
import { assertPromiseKept } from './support/scenario';

/**
 * Every Postgres backend the apps hold is terminated (pg_terminate_backend) four times: during
 * the poller's window transactions and the relay, then during the writers' locks, audits and
 * token-bucket statements. Transactions in flight roll back; the apps must reconnect and redo.
 */
describe('chaos: Postgres backends terminated mid-run', () => {
  let rig: ChaosRig;

  before(async () => {
    rig = await ChaosRig.create({ label: 'pg_kill', peoplesoftLatencyMs: 300, maxRows: 300 });
  });
  after(() => rig?.destroy());

  it('rolls back, reconnects and converges', async () => {
    await rig.start('api');
    await rig.start('writer');
    await rig.start('poller');
    const hit = async (why: string) => {
      const n = await terminateAppBackends(adminUrl(rig.env.database.url), rig.env.database.name);
      rig.note(`${n} backends terminated (${why})`);
    };
    await rig.waitForEmitted(0.3);
    await hit('mid-poll');
    await rig.waitForProgress(0.25);
    await hit('mid-batch');
    await rig.waitForProgress(0.5);
    await hit('mid-batch');
    await new Promise((r) => setTimeout(r, 1_000));
    await hit('right after reconnecting');
    await assertPromiseKept(rig, 'Postgres backends terminated', await rig.converge());
  });
});

function adminUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}
