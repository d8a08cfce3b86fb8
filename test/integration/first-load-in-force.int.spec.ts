import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RunsRepository } from '@ml/audit';
import type { ConnectionWithSecrets } from '@ml/connections';
import type { ChangeEvent } from '@ml/messaging';
import { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import { createTestEnvironment, type TestEnvironment } from '@ml/testing';
import { newestByKey, PollerHarness } from './poller-harness';

const USER = 'ML_SYNC';
const PASSWORD = 'in-force-password';

/**
 * A read from the beginning goes newest LASTUPDDTTM first, which is not effective-date order.
 * One person's JOB history, each row in a window of its own (maxRows 2), keyed in this order:
 *   t0  2024-01-01 hire, department A
 *   t1  2024-04-01 transfer to B
 *   t2  2024-06-01 transfer to C   <- in force
 *   t3  2024-03-01 transfer to C   (keyed last, effective before t1's row: same content as t2's)
 * Read t3, t2, t1, t0: t2's row is a repeat of t3's content but outranks it; t1's 2024-04-01
 * row must not reach HubSpot after it (the pipeline benchmark's unchanged re-sync re-wrote the
 * people this left on a history row).
 */
describe('first load: the row in force is the last word, whatever order the rows are keyed in', () => {
  let env: TestEnvironment;
  let harness: PollerHarness;
  let peoplesoft: PeopleSoftSimulator;
  let connection: ConnectionWithSecrets;
  let emplid: string;

  before(async () => {
    env = await createTestEnvironment('inforce');
    peoplesoft = new PeopleSoftSimulator({
      employees: 0,
      vendors: 0,
      customers: 0,
      user: USER,
      password: PASSWORD,
    });
    // Rows a minute apart, all well before the poll's "now".
    peoplesoft.setClockOffsetSeconds(-3600);
    emplid = peoplesoft.hire({ effdt: '2024-01-01', deptid: '10000' }).emplid;
    for (const [effdt, deptid] of [
      ['2024-04-01', '21000'],
      ['2024-06-01', '41000'],
      ['2024-03-01', '41000'],
    ] as const) {
      peoplesoft.advanceClockSeconds(60);
      peoplesoft.changeEmployee(emplid, { effdt, deptid });
    }
    const url = await peoplesoft.start();
    harness = await PollerHarness.start(env, 'inforce-test');
    connection = await harness.connectTo('inforce', {
      peoplesoftUrl: url,
      oprid: USER,
      password: PASSWORD,
      maxRows: 2,
    });
  });

  after(async () => {
    await harness?.close();
    await peoplesoft?.stop();
    await env?.destroy();
  });

  async function poll(): Promise<ChangeEvent[]> {
    const outcome = await harness.poller.execute(
      { connection, holder: 'inforce-test', now: new Date() },
      30,
    );
    assert.equal(outcome.status, 'succeeded', JSON.stringify(outcome));
    return harness.drainQueue();
  }

  const department = (e: ChangeEvent | undefined) => e?.properties.ml_department;

  it('the first load ends on the row in force, and sends no history row after it', async () => {
    const inForce = peoplesoft.employee(emplid)[0];
    assert.ok(inForce);
    assert.equal(inForce.deptid.trim(), '41000');
    // t3's row, keyed last, carries the content in force; nothing older may follow it.
    const events = await poll();
    assert.deepEqual(events.map(department), [inForce.deptDescr.trim()]);
  });

  it('a full re-send of the unchanged data sends the row in force once, unchanged', async () => {
    await harness.moduleRef
      .get(RunsRepository)
      .enqueue(connection.id, 'manual', { full: true, resend: true });
    const events = await poll();
    assert.equal(events.length, 1);
    assert.equal(
      department(newestByKey(events).get(emplid)),
      peoplesoft.employee(emplid)[0]?.deptDescr.trim(),
    );
  });
});
