import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RunsRepository } from '@ml/audit';
import { ConnectionsService, DEFAULT_SOURCES } from '@ml/connections';
import type { PrimaryEmplRcd } from '@ml/mapping';
import type { ChangeEvent } from '@ml/messaging';
import { PeopleSoftSimulator, type EmployeeSnapshot } from '@ml/peoplesoft-simulator';
import { createTestEnvironment, type TestEnvironment } from '@ml/testing';
import type { PollConnectionUseCase } from '../../apps/poller/src/poll-connection/poll-connection.usecase';
import { newestByKey, PollerHarness } from './poller-harness';

const USER = 'ML_SYNC';
const PASSWORD = 'empl-rcd-password';

/**
 * Which employment record becomes the contact, through the poller against the simulator's
 * people with several EMPL_RCD: one connection per rule, all reading the same PeopleSoft.
 */
describe('primaryEmplRcd: the employment record a contact is taken from', () => {
  let env: TestEnvironment;
  let harness: PollerHarness;
  let peoplesoft: PeopleSoftSimulator;
  let connections: ConnectionsService;
  let poller: PollConnectionUseCase;
  let url: string;
  const ids = new Map<string, string>();
  /** A person holding two active jobs (records 0 and 1), found by the first test. */
  let twoJobs: string;

  before(async () => {
    env = await createTestEnvironment('emplrcd');
    peoplesoft = new PeopleSoftSimulator({
      employees: 150,
      vendors: 1,
      customers: 1,
      user: USER,
      password: PASSWORD,
    });
    url = await peoplesoft.start();
    harness = await PollerHarness.start(env, 'emplrcd-test');
    ({ poller } = harness);
    connections = harness.moduleRef.get(ConnectionsService);
    for (const [name, rule] of [
      ['lowest', 'lowest'],
      ['highest', 'highest'],
      ['record-1', 1],
    ] as const) {
      ids.set(name, await create(name, rule));
    }
  });

  after(async () => {
    await harness?.close();
    await peoplesoft?.stop();
    await env?.destroy();
  });

  async function create(name: string, primaryEmplRcd: PrimaryEmplRcd): Promise<string> {
    const employee = { ...DEFAULT_SOURCES.employee, maxRows: 40, primaryEmplRcd };
    const made = await harness.connectTo(
      name,
      { peoplesoftUrl: url, oprid: USER, password: PASSWORD, maxRows: 40 },
      (fixture) => ({ ...fixture, peoplesoft: { ...fixture.peoplesoft, sources: { employee } } }),
    );
    return made.id;
  }

  function jobsByPerson(): Map<string, EmployeeSnapshot[]> {
    const jobs = new Map<string, EmployeeSnapshot[]>();
    for (const s of peoplesoft.employees()) jobs.set(s.emplid, [...(jobs.get(s.emplid) ?? []), s]);
    return jobs;
  }

  /** One poll of the named connection (a queued run first, if any); its newest event per id. */
  async function poll(name: string): Promise<Map<string, ChangeEvent>> {
    const connection = await connections.withSecrets(ids.get(name) as string);
    assert.ok(connection);
    const outcome = await poller.execute(
      { connection, holder: 'emplrcd-test', now: new Date() },
      30,
    );
    assert.equal(outcome.status, 'succeeded', JSON.stringify(outcome));
    const events = await harness.drainQueue();
    for (const e of events) {
      assert.equal(e.connectionId, connection.id, 'only the polled connection emitted');
    }
    return newestByKey(events);
  }

  const job = (e: ChangeEvent | undefined) =>
    e && `${e.properties.ml_employment_status}/${e.properties.jobtitle ?? ''}`;
  const truth = (s: EmployeeSnapshot | undefined) => s && `${s.emplStatus}/${s.jobTitle.trim()}`;

  it('the first load takes each person from the record the rule picks', async () => {
    const loads = new Map<string, Map<string, ChangeEvent>>();
    for (const name of ids.keys()) loads.set(name, await poll(name));
    let several = 0;
    for (const [emplid, jobs] of jobsByPerson()) {
      const lowest = jobs[0];
      const highest = jobs[jobs.length - 1];
      const record1 = jobs.find((j) => j.emplRcd === 1) ?? lowest;
      if (!loads.get('lowest')?.has(emplid)) continue; // a row the mapping refuses
      if (jobs.length > 1) several++;
      assert.equal(job(loads.get('lowest')?.get(emplid)), truth(lowest), `lowest ${emplid}`);
      assert.equal(job(loads.get('highest')?.get(emplid)), truth(highest), `highest ${emplid}`);
      assert.equal(job(loads.get('record-1')?.get(emplid)), truth(record1), `record 1 ${emplid}`);
    }
    assert.ok(several >= 3, `${several} people with several EMPL_RCD were checked`);
    const found = [...jobsByPerson()].find(
      ([emplid, jobs]) =>
        loads.get('lowest')?.has(emplid) &&
        jobs.length === 2 &&
        jobs.every((j) => j.emplStatus === 'A'),
    );
    assert.ok(found, 'the simulator has people holding two active jobs');
    twoJobs = found[0];
  });

  it('record 0 terminated, record 1 active: terminated with lowest, active with highest', async () => {
    peoplesoft.terminate(twoJobs, { emplRcd: 0 });
    const lowest = await poll('lowest');
    assert.equal(lowest.get(twoJobs)?.lifecycle, 'terminated');
    assert.equal(lowest.get(twoJobs)?.properties.ml_employment_status, 'T');
    // The termination of a record the rule does not take changes nothing in HubSpot.
    assert.equal((await poll('highest')).has(twoJobs), false);
    assert.equal((await poll('record-1')).has(twoJobs), false);

    // A connection made now reads the rehire case from the start: active, from record 1.
    ids.set('highest-new', await create('highest-new', 'highest'));
    const fresh = await poll('highest-new');
    assert.equal(fresh.get(twoJobs)?.lifecycle, 'active');
    const record1 = jobsByPerson()
      .get(twoJobs)
      ?.find((j) => j.emplRcd === 1);
    assert.equal(job(fresh.get(twoJobs)), truth(record1));
  });

  it('a change to record 1 reaches the contact only where record 1 is the one taken', async () => {
    const current = jobsByPerson()
      .get(twoJobs)
      ?.find((j) => j.emplRcd === 1);
    assert.ok(current);
    const changed = peoplesoft.changeEmployee(twoJobs, {
      emplRcd: 1,
      jobcode: current.jobcode === '200010' ? '300010' : '200010',
    });
    const highest = await poll('highest');
    assert.equal(job(highest.get(twoJobs)), truth(changed));
    assert.equal(highest.get(twoJobs)?.lifecycle, 'active');
    assert.equal((await poll('lowest')).has(twoJobs), false, 'record 0 stays the contact');
  });

  it('after the rule changes, a full sync moves every contact to the new rule', async () => {
    const id = ids.get('lowest') as string;
    await connections.update(id, {
      peoplesoft: {
        sources: {
          employee: { ...DEFAULT_SOURCES.employee, maxRows: 40, primaryEmplRcd: 'highest' },
        },
      },
    });
    const queued = await harness.moduleRef
      .get(RunsRepository)
      .enqueue(id, 'manual', { full: true });
    assert.ok(queued.created);
    const moved = await poll('lowest');
    const record1 = jobsByPerson()
      .get(twoJobs)
      ?.find((j) => j.emplRcd === 1);
    assert.equal(job(moved.get(twoJobs)), truth(record1), 'no longer held back by record 0');
    assert.equal(moved.get(twoJobs)?.lifecycle, 'active');
  });
});
