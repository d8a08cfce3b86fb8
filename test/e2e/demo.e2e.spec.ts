import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { DEFAULT_SIM_TOKEN } from '@ml/hubspot-simulator';
import { SIMULATOR_DEFAULTS } from '@ml/peoplesoft-simulator';
import { createTestVhost, freePort, type TestVhost } from '@ml/testing';

/** The demo compiled with this test (dist/ or any other build dir). */
const DEMO = join(__dirname, '..', '..', 'scripts', 'demo', 'demo.js');
const ADMIN_URL =
  process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SIZES = { employees: 200, vendors: 30, customers: 20 };
const RECORDS = SIZES.employees + SIZES.vendors + SIZES.customers;

interface DemoSummary {
  kind: string;
  session: 'initial' | 'incremental';
  runStatus: string;
  outcomes: Record<
    | 'created'
    | 'updated'
    | 'unchanged'
    | 'stale'
    | 'superseded'
    | 'retrying'
    | 'failed'
    | 'invalid',
    number
  >;
  unchanged: number;
  records: number;
  reasons: Array<{ outcome: string; reason: string; count: number }>;
  hubspot: {
    requests: number;
    rateLimited: number;
    maxRequestsInAnyRolling10s: number;
    objectsCreated: number;
    objectsUpdated: number;
    contacts: number;
    companies: number;
    duplicateCount: number;
  };
  restored: { contacts: number; companies: number } | null;
  changes: { expectCreated: number; expectUpdated: number; hired: string[] } | null;
  files: { adminKey: string };
}

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm run demo` as a newcomer runs it, non-interactively: the demo process with its simulators
 * and the three apps it starts, on a database and a vhost of this test's own. The expected
 * figures come from the HubSpot simulator's own counters and state, which the demo prints in its
 * final JSON line next to what it read from the admin API.
 */
describe('npm run demo', () => {
  const database = `ml_connector_demo_e2e_${randomBytes(3).toString('hex')}`;
  let vhost: TestVhost;
  let args: string[];
  let env: NodeJS.ProcessEnv;
  let first: DemoSummary;

  before(async () => {
    vhost = await createTestVhost('demo');
    const [peoplesoftPort, hubspotPort, apiPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    args = [
      '--employees',
      String(SIZES.employees),
      '--vendors',
      String(SIZES.vendors),
      '--customers',
      String(SIZES.customers),
      '--peoplesoft-port',
      String(peoplesoftPort),
      '--hubspot-port',
      String(hubspotPort),
      '--api-port',
      String(apiPort),
      '--database',
      database,
      '--queue-prefix',
      'demo-e2e',
      '--stall-seconds',
      '60',
    ];
    env = { ...process.env, RABBITMQ_URL: vhost.url, LOG_LEVEL: 'info' };
  });

  after(async () => {
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin
      .query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
      .finally(() => admin.end());
    await vhost?.drop();
    // The demo's logs and key file for this database.
    rmSync(join(tmpdir(), 'ml-connector-demo', database), { recursive: true, force: true });
  });

  it('syncs everything on the first run and prints a summary that matches HubSpot', async () => {
    const run = await runDemo([...args, '--once'], env);
    assert.equal(run.code, 0, output(run));
    first = summaryOf(run);
    const { outcomes: o, hubspot } = first;
    assert.equal(first.session, 'initial');
    assert.equal(first.runStatus, 'succeeded');

    // Every PeopleSoft record is accounted for once: written, refused by the mapping or by HubSpot.
    assert.equal(o.created + o.invalid + o.failed, RECORDS, JSON.stringify(o));
    assert.equal(o.updated + o.unchanged + o.stale + o.superseded + o.retrying, 0);
    assert.ok(o.created >= RECORDS * 0.8, `only ${o.created} of ${RECORDS} created`);
    // The summary against the simulator's truth: one object per record created, no twins.
    assert.equal(hubspot.contacts + hubspot.companies, o.created);
    assert.equal(hubspot.objectsCreated, o.created);
    assert.equal(hubspot.objectsUpdated, 0);
    assert.equal(hubspot.duplicateCount, 0);
    assert.ok(
      hubspot.contacts <= SIZES.employees && hubspot.companies <= SIZES.vendors + SIZES.customers,
    );
    assert.ok(
      hubspot.maxRequestsInAnyRolling10s <= 190,
      `${hubspot.maxRequestsInAnyRolling10s} in 10 s`,
    );
    assert.equal(first.unchanged, 0);
    // Rejected rows come with their reasons, and the counts add up.
    const invalidByReason = first.reasons.filter((r) => r.outcome === 'invalid');
    assert.equal(
      invalidByReason.reduce((n, r) => n + r.count, 0),
      o.invalid,
    );

    // The human summary says the same as the JSON line.
    assert.match(run.stdout, new RegExp(`^  created +${fmt(o.created)}$`, 'm'));
    assert.match(run.stdout, new RegExp(`^  invalid +${fmt(o.invalid)} `, 'm'));
    assert.match(
      run.stdout,
      new RegExp(
        `^  HubSpot calls +${fmt(hubspot.requests)} +\\(${hubspot.rateLimited} answered 429`,
        'm',
      ),
    );
    assert.match(run.stdout, /\[ ok \] hubspot\.token/);
    assert.match(run.stdout, /\/docs/);
    for (const app of ['api', 'poller', 'writer']) {
      assert.match(run.stdout, new RegExp(`^  ${app} +exited 0$`, 'm'));
    }
    assertNoSecrets(run, first);
  });

  it('shows an incremental sync on the second run: the few changes, the rest unchanged', async () => {
    assert.ok(first, 'the first run must pass first');
    const run = await runDemo([...args, '--once'], env);
    assert.equal(run.code, 0, output(run));
    const second = summaryOf(run);
    const { outcomes: o, hubspot, restored, changes } = second;
    assert.equal(second.session, 'incremental');
    assert.ok(restored && changes, 'an incremental run reports what it restored and changed');

    // HubSpot was put back as the first run left it, from the audit trail.
    assert.deepEqual(restored, {
      contacts: first.hubspot.contacts,
      companies: first.hubspot.companies,
    });
    // Only the changes travel: hires are created, the changed records updated, nothing else sent.
    assert.equal(changes.hired.length, 3);
    assert.equal(o.created, changes.expectCreated);
    assert.equal(o.updated, changes.expectUpdated);
    assert.ok(o.updated >= 5, `expected a handful of updates, got ${o.updated}`);
    assert.equal(o.failed + o.invalid, 0, JSON.stringify(second.reasons));
    assert.equal(second.unchanged, restored.contacts + restored.companies - o.updated);
    // ...and the simulator saw exactly that.
    assert.equal(hubspot.objectsCreated, o.created);
    assert.equal(hubspot.objectsUpdated, o.updated);
    assert.equal(
      hubspot.contacts + hubspot.companies,
      restored.contacts + restored.companies + o.created,
    );
    assert.equal(hubspot.duplicateCount, 0);
    assert.match(run.stdout, /Reusing connection "demo"/);
    assert.match(run.stdout, new RegExp(`^  unchanged +${fmt(second.unchanged)} `, 'm'));
    assertNoSecrets(run, second);
  });

  it('keeps running on the schedule until Ctrl-C, which stops every process it started', async () => {
    assert.ok(first, 'the first run must pass first');
    const apiPort = Number(args[args.indexOf('--api-port') + 1]);
    const run = await runDemo([...args, '--schedule', '*/5 * * * * *'], env, {
      signalWhen: /Running on the schedule/,
      // Let at least one scheduled run happen and be reported first.
      signalAfter: /schedule run succeeded/,
    });
    assert.equal(run.code, 0, output(run));
    assert.match(run.stdout, /Stopping \(SIGINT received\)/);
    for (const app of ['api', 'poller', 'writer']) {
      assert.match(run.stdout, new RegExp(`^  ${app} +exited 0$`, 'm'), output(run));
    }
    const stillListening = await fetch(`http://127.0.0.1:${apiPort}/health/live`).then(
      () => true,
      () => false,
    );
    assert.equal(stillListening, false, 'the API still answers after the demo stopped');
  });
});

async function runDemo(
  argv: string[],
  env: NodeJS.ProcessEnv,
  interrupt?: { signalWhen: RegExp; signalAfter: RegExp },
): Promise<DemoRun> {
  const child = spawn(process.execPath, [DEMO, ...argv], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (
      interrupt &&
      !signalled &&
      interrupt.signalWhen.test(stdout) &&
      interrupt.signalAfter.test(stdout)
    ) {
      signalled = true;
      child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

function summaryOf(run: DemoRun): DemoSummary {
  const line = run.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"kind":"ml-connector-demo-summary"'));
  assert.ok(line, `no summary JSON line:\n${output(run)}`);
  return JSON.parse(line) as DemoSummary;
}

/** The admin key only masked, the simulators' credentials never. */
function assertNoSecrets(run: DemoRun, summary: DemoSummary): void {
  const key = readFileSync(summary.files.adminKey, 'utf8').trim();
  assert.ok(key.length >= 24);
  const printed = run.stdout + run.stderr;
  assert.equal(printed.includes(key), false, 'the admin key was printed');
  assert.ok(printed.includes(`****${key.slice(-4)}`), 'the masked admin key is missing');
  assert.equal(printed.includes(DEFAULT_SIM_TOKEN), false, 'the HubSpot token was printed');
  assert.equal(
    printed.includes(SIMULATOR_DEFAULTS.password),
    false,
    'the PeopleSoft password was printed',
  );
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function output(run: DemoRun): string {
  return `exit ${run.code}\n--- stdout\n${run.stdout.slice(-6000)}\n--- stderr\n${run.stderr.slice(-3000)}`;
}
