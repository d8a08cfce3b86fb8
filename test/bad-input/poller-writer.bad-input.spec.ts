import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import type { HubSpotSimulator } from '@ml/hubspot-simulator';
import type { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import { isSettled as settled, primaryJobs, SyncWorld, waitFor } from '@ml/testing';
import { employeeRaw, noisyText } from './corpus/peoplesoft-rows';

const EMPLOYEES = 40;
const TOKEN = 'pat-na1-bad1bad1-2222-4333-8444-555555555555';
const OPRID = 'ML_SYNC';
const PASSWORD = 'bad-input-e2e-password';

let rowNumber = 9000;

/** A good row of our own next to the bad ones, keyed so the test can find it. */
function goodRow(emplid: string, overrides: Record<string, unknown> = {}) {
  return employeeRaw({
    'attr:rownumber': ++rowNumber,
    'A.EMPLID': emplid,
    'C.EMAIL_ADDR': `${emplid.toLowerCase()}@example.com`,
    ...overrides,
  });
}

/** A row with one member written by hand (a lone surrogate escape JSON.stringify cannot make). */
function rawRow(emplid: string, member: string): string {
  const base = goodRow(emplid);
  delete base['B.LAST_NAME'];
  return `${JSON.stringify(base).slice(0, -1)},${member}}`;
}

/** The bad rows of the mixed window, each with what the audit must say about it. */
const MIXED = {
  rows: [
    'not a row',
    goodRow('ZZ0002', { 'B.FIRST_NAME': 'An\u0000a' }),
    goodRow('ZZ0003', { LASTUPDDTTM: '0000-00-00-00.00.00.000000' }),
    goodRow('ZZ0004', { JOBTITLE: 'Senior\u0007Analyst' }),
    goodRow('ZZ0005', { 'A.EMPL_STATUS': 'Z' }),
    goodRow('ZZ0006', { 'B.FIRST_NAME': noisyText(10_000) }),
    goodRow('ZZ0007', { 'C.EMAIL_ADDR': 'zz0007@' }),
    goodRow(noisyText(10_000, 7)),
    goodRow('ZZ0008', { 'B.FIRST_NAME': 'Twin One', LASTUPDDTTM: '2020-01-01-10.00.00.000000' }),
    goodRow('ZZ0008', { 'B.FIRST_NAME': 'Twin Two', LASTUPDDTTM: '2020-01-01-10.00.00.000000' }),
    goodRow('ZZ0009'),
  ],
  rawRows: [rawRow('ZZ0010', '"B.LAST_NAME":"Lopez\\ud800"')],
};
const UNREADABLE = [
  /row is a string, not an object/,
  /FIRST_NAME contains a NUL character/,
  /LASTUPDDTTM "0000-00-00-00\.00\.00\.000000" is not a PeopleSoft timestamp/,
];
const REJECTED: Record<string, RegExp> = {
  ZZ0004: /JOBTITLE contains the control character U\+0007/,
  ZZ0005: /EMPL_STATUS 'Z' is not a known/,
  ZZ0006: /FIRST_NAME is 10000 characters long/,
  ZZ0007: /EMAIL_ADDR 'zz0007@'/,
  ZZ0010: /LAST_NAME contains a broken Unicode character \(U\+D800\)/,
};

/**
 * Layer b of the bad-input corpus: malformed PeopleSoft answers through the real poller and
 * writer processes, RabbitMQ and Postgres, checked against the simulators' own truth.
 */
describe('bad PeopleSoft input through the real poller and writer', () => {
  let world: SyncWorld;
  let peoplesoft: PeopleSoftSimulator;
  let hubspot: HubSpotSimulator;
  let db: DataSource;
  let connectionId: string;
  let probes = 0;

  before(async () => {
    world = await SyncWorld.start({
      label: 'bad-input',
      employees: EMPLOYEES,
      seed: 23,
      hubspotToken: TOKEN,
      oprid: OPRID,
      password: PASSWORD,
      cron: '*/2 * * * * *',
      apps: ['poller', 'writer'],
      // The first answer the poller gets mixes the malformed rows with the good ones.
      beforeConnection: (source) =>
        source.setFaults({ malformedRows: { ...MIXED, answers: 1, target: 'ML_EMPLOYEES' } }),
    });
    ({ peoplesoft, hubspot, db, connectionId } = world);
  });

  after(async () => {
    await world?.stop();
  });

  const records = () => world.records();
  const watermark = async (): Promise<string | null> => {
    const rows: Array<{ last_updated: string }> = await db.query(
      `SELECT last_updated FROM source_watermarks WHERE connection_id = $1 AND entity = 'employee'`,
      [connectionId],
    );
    return rows[0]?.last_updated ?? null;
  };

  async function assertHealthy(): Promise<void> {
    for (const app of world.apps) assert.equal(app.child.exitCode, null, `${app.name} exited`);
    for (const base of [world.opsUrl('poller'), world.opsUrl('writer')]) {
      const ready = await fetch(`${base}/health/ready`);
      assert.equal(ready.status, 200, await ready.text());
    }
  }

  /** A change made in PeopleSoft reaches HubSpot: the pipeline is still moving. */
  async function changeFlows(label: string): Promise<void> {
    const target = primaryJobs(peoplesoft.employees()).find(
      (e) => hubspot.findObject('contacts', 'ml_peoplesoft_id', e.emplid) !== undefined,
    );
    assert.ok(target, 'no synced employee to change');
    const firstName = `Probe${++probes}`;
    peoplesoft.changeEmployee(target.emplid, { firstName });
    await waitFor(
      `the change of ${target.emplid} made ${label} to reach HubSpot`,
      () =>
        hubspot.findObject('contacts', 'ml_peoplesoft_id', target.emplid)?.properties.firstname ===
        firstName,
      30_000,
      250,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; latest runs: ${await latestRuns()}`);
    });
  }

  it('a window mixing good and malformed rows: good records synced, every bad row audited', async () => {
    const truth = primaryJobs(peoplesoft.employees());
    const audit = await waitFor(
      'every employee and every injected row to be settled',
      async () => {
        const found = await records();
        const unreadable = [...found.values()].filter((r) =>
          r.source_id.startsWith('unreadable-row:'),
        );
        const keyless = [...found.values()].filter((r) => r.source_id.startsWith('keyless-row:'));
        return truth.every((e) => settled(found.get(e.emplid))) &&
          ['ZZ0008', 'ZZ0009', ...Object.keys(REJECTED)].every((id) => settled(found.get(id))) &&
          unreadable.length >= UNREADABLE.length &&
          keyless.length >= 1
          ? found
          : undefined;
      },
      120_000,
      500,
    ).catch(async (error: Error) => {
      const found = await records();
      const missing = [
        ...truth.map((e) => e.emplid),
        'ZZ0008',
        'ZZ0009',
        ...Object.keys(REJECTED),
      ].filter((id) => !settled(found.get(id)));
      const odd = [...found.values()]
        .filter((r) => /^(unreadable|keyless)-row:/.test(r.source_id))
        .map((r) => `${r.source_id}: ${r.last_error?.slice(0, 120)}`);
      throw new Error(
        `${error.message}; unsettled ${JSON.stringify(missing)}; audited ${JSON.stringify(odd)}; ` +
          `latest runs: ${await latestRuns()}`,
      );
    });

    // The good records of the same answer reached HubSpot, each once.
    assert.deepEqual(hubspot.duplicates(), []);
    let synced = 0;
    for (const employee of truth) {
      const record = audit.get(employee.emplid);
      if (record?.status === 'invalid') {
        assert.match(
          record.last_error ?? '',
          /EMAIL_ADDR/,
          `${employee.emplid}: ${record.last_error}`,
        );
        continue;
      }
      synced += 1;
      const contact = hubspot.findObject('contacts', 'ml_peoplesoft_id', employee.emplid);
      assert.equal(contact?.properties.lastname, employee.lastName.trim(), employee.emplid);
    }
    assert.ok(synced >= EMPLOYEES * 0.8, `only ${synced} of ${EMPLOYEES} synced`);
    assert.equal(audit.get('ZZ0009')?.status, 'synced');
    assert.ok(hubspot.findObject('contacts', 'ml_peoplesoft_id', 'ZZ0009'));

    // Two rows with the same key in one window: one contact, from one of them.
    const twin = hubspot
      .objects('contacts')
      .filter((c) => c.properties.ml_peoplesoft_id === 'ZZ0008');
    assert.equal(twin.length, 1);
    assert.match(twin[0]?.properties.firstname ?? '', /^Twin (One|Two)$/);

    // Each bad row is in the audit as invalid with a reason, and never reached HubSpot.
    for (const [id, reason] of Object.entries(REJECTED)) {
      const record = audit.get(id);
      assert.equal(record?.status, 'invalid', id);
      assert.match(record?.last_error ?? '', reason, id);
      assert.equal(hubspot.findObject('contacts', 'ml_peoplesoft_id', id), undefined, id);
    }
    const unreadable = [...audit.values()].filter((r) => r.source_id.startsWith('unreadable-row:'));
    for (const reason of UNREADABLE) {
      const hit = unreadable.find((r) => reason.test(r.last_error ?? ''));
      assert.ok(hit, `no unreadable-row audit matches ${reason}: ${JSON.stringify(unreadable)}`);
      assert.equal(hit.status, 'invalid');
    }
    const keyless = [...audit.values()].filter((r) => r.source_id.startsWith('keyless-row:'));
    assert.ok(
      keyless.some((r) => r.status === 'invalid' && /EMPLID/.test(r.last_error ?? '')),
      JSON.stringify(keyless.map((r) => r.last_error?.slice(0, 200))),
    );
    for (const r of audit.values()) {
      assert.ok(
        (r.last_error ?? '').length <= 2000,
        `${r.source_id}: error of ${r.last_error?.length}`,
      );
      assert.ok(!(r.last_error ?? '').includes(PASSWORD));
    }
    const runs: Array<{ status: string; invalid: number; error: string | null }> = await db.query(
      `SELECT status, invalid, error FROM sync_runs WHERE connection_id = $1 AND finished_at IS NOT NULL
        ORDER BY started_at`,
      [connectionId],
    );
    assert.deepEqual(
      runs.filter((r) => r.status !== 'succeeded'),
      [],
      'bad rows fail alone, never the run',
    );
    const invalid = runs.reduce((sum, r) => sum + r.invalid, 0);
    assert.ok(
      invalid >= UNREADABLE.length + Object.keys(REJECTED).length,
      `runs counted ${invalid} invalid rows: ${JSON.stringify(runs)}`,
    );
    await assertHealthy();
  });

  it('two unreadable rows that share an attr:rownumber are audited as two records', async () => {
    const before = await records();
    peoplesoft.setFaults({
      malformedRows: {
        rows: [
          goodRow('ZZ0013', { 'attr:rownumber': 7, 'B.FIRST_NAME': 'Nul\u0000' }),
          goodRow('ZZ0014', { 'attr:rownumber': 7, 'A.EFFDT': '0000-00-00' }),
        ],
        answers: 1,
        target: 'ML_EMPLOYEES',
      },
    });
    const audited = await waitFor(
      'the EFFDT row to be audited',
      async () => {
        const fresh = [...(await records()).values()].filter(
          (r) => r.source_id.startsWith('unreadable-row:') && !before.has(r.source_id),
        );
        return fresh.some((r) => /EFFDT/.test(r.last_error ?? '')) ? fresh : undefined;
      },
      30_000,
      250,
    );
    const attempts: Array<{ error_message: string }> = await db.query(
      `SELECT a.error_message FROM sync_attempts a JOIN sync_records r ON r.id = a.record_id
        WHERE r.connection_id = $1 AND r.source_id = ANY($2::text[])`,
      [connectionId, audited.map((r) => r.source_id)],
    );
    assert.equal(attempts.length, 2, 'both rows have an attempt');
    assert.equal(
      audited.length,
      2,
      `one sync_records row per bad row, got ${JSON.stringify(audited.map((r) => [r.source_id, r.last_error]))}`,
    );
  });

  it('an IBResponse with HTTP 200 fails the run, keeps the watermark, and the next poll recovers', async () => {
    const held = await watermark();
    assert.ok(held, 'the first run set a watermark');
    const failedBefore = await failedRuns();
    peoplesoft.setFaults({
      ibErrors: {
        count: 2,
        messageSet: 158,
        messageId: 10999,
        message: 'Query ML_EMPLOYEES failed: SQL error. (158,10999)',
      },
    });
    const failed = await waitFor(
      'two runs to fail on the IBResponse',
      async () => {
        const runs = await failedRuns();
        return runs.length >= failedBefore.length + 2 ? runs : undefined;
      },
      30_000,
      250,
    );
    for (const run of failed.slice(failedBefore.length)) {
      assert.match(
        run.error ?? '',
        /employee: PeopleSoft reported an error for query ML_EMPLOYEES: Query ML_EMPLOYEES failed: SQL error/,
      );
    }
    assert.equal(await watermark(), held, 'a failed answer moves no watermark');
    await changeFlows('after the IBResponse');
    const latest: Array<{ status: string }> = await db.query(
      `SELECT status FROM sync_runs WHERE connection_id = $1 AND finished_at IS NOT NULL
        ORDER BY started_at DESC LIMIT 1`,
      [connectionId],
    );
    assert.equal(latest[0]?.status, 'succeeded');
    assert.ok(((await watermark()) ?? '') > held, 'the watermark moved on once the fault cleared');
    await assertHealthy();
  });

  it('HTML, cut-off JSON and an empty body in a row: runs fail with the cause, nothing lost', async () => {
    const failedBefore = (await failedRuns()).length;
    const held = await watermark();
    peoplesoft.setFaults({
      rawAnswers: [
        { contentType: 'text/html', body: '<html><title>Sign In</title><body>login</body></html>' },
        { body: '{"status":"success","data":{"query":{"numrows":3,"rows":[{"A.EMPLID":"KU' },
        { body: '' },
      ],
    });
    const failed = await waitFor(
      'three runs to fail on the malformed answers',
      async () => {
        const runs = await failedRuns();
        return runs.length >= failedBefore + 3 ? runs.slice(failedBefore) : undefined;
      },
      30_000,
      250,
    );
    const errors = failed.map((r) => r.error ?? '').join('\n');
    assert.match(errors, /HTML page titled "Sign In" instead of JSON/);
    assert.match(errors, /is not valid JSON .*cut off/);
    assert.equal(await watermark(), held);
    await changeFlows('after the malformed answers');
    await assertHealthy();
  });

  it('a future-dated row with a lone surrogate does not wedge the window', async () => {
    // PeopleSoft returns the row on every poll until the watermark passes it.
    peoplesoft.setFaults({
      malformedRows: {
        rawRows: [
          `${JSON.stringify(goodRow('ZZ0011', { 'A.EFFDT': '2099-01-01', LASTUPDDTTM: peoplesoft.now() })).slice(0, -1)},"JOBTITLE":"Chief\\udbff"}`,
        ],
        target: 'ML_EMPLOYEES',
      },
    });
    try {
      await changeFlows('next to the surrogate row');
    } finally {
      peoplesoft.setFaults({ malformedRows: null });
    }
    await assertHealthy();
  });

  it('a future-dated row with a 10,000-character EMPLID does not wedge the window', async () => {
    peoplesoft.setFaults({
      malformedRows: {
        rows: [
          goodRow(noisyText(10_000, 99), {
            'A.EFFDT': '2099-01-01',
            LASTUPDDTTM: peoplesoft.now(),
          }),
        ],
        target: 'ML_EMPLOYEES',
      },
    });
    try {
      await changeFlows('next to the long-key row');
    } finally {
      peoplesoft.setFaults({ malformedRows: null });
    }
    await assertHealthy();
  });

  // Last: when it fails, the watermark is gone to the year 9999 and nothing is read any more.
  it('a row stamped in the year 9999 does not move the watermark past every later change', async () => {
    peoplesoft.setFaults({
      malformedRows: {
        rows: [goodRow('ZZ0012', { LASTUPDDTTM: '9999-12-31-23.59.59.999999' })],
        answers: 1,
        target: 'ML_EMPLOYEES',
      },
    });
    await waitFor(
      'the year-9999 row to be audited',
      async () => settled((await records()).get('ZZ0012')),
      30_000,
      250,
    );
    const mark = (await watermark()) ?? '';
    assert.ok(mark < '9999', `the watermark jumped to ${mark}`);
    await changeFlows('after a year-9999 row');
    await assertHealthy();
  });

  /** The last runs' status and error, to say why a wait timed out. */
  async function latestRuns(): Promise<string> {
    const runs: Array<{ status: string; error: string | null }> = await db.query(
      `SELECT status, left(error, 400) AS error FROM sync_runs WHERE connection_id = $1
        ORDER BY started_at DESC LIMIT 3`,
      [connectionId],
    );
    return JSON.stringify(runs);
  }

  async function failedRuns(): Promise<Array<{ error: string | null }>> {
    return db.query(
      `SELECT error FROM sync_runs WHERE connection_id = $1 AND status = 'failed' ORDER BY started_at`,
      [connectionId],
    );
  }
});
