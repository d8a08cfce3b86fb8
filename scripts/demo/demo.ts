import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimCounters } from '@ml/hubspot-simulator';
import { AdminClient, type RunDetail } from './admin-client';
import { rabbitmqUrl } from './broker';
import { createOrReuseConnection, testConnection } from './connection';
import { errorText, fmt, heading, mask, say, seconds, step } from './console-ui';
import { AuditReader, demoDatabaseUrl } from './database';
import { prepareInfrastructure } from './preflight';
import { parseOptions, USAGE, UsageError, type DemoOptions } from './options';
import {
  freePort,
  killAppsNow,
  startApp,
  stopApps,
  waitUntilReady,
  type AppName,
  type ChildApp,
} from './processes';
import { machineSummary, printUrls } from './report';
import { watchSchedule } from './schedule-watch';
import {
  changePeopleSoft,
  restoreSession,
  type IncrementalSetup,
  type Restored,
} from './session-state';
import { DEMO_REQUESTS_PER_10S, startSimulators, type Simulators } from './simulators';
import { hubspotFigures, printSummary, topReasons, type SyncSummary } from './summary';
import { finalEvents, finishEarlierRuns, followRun, requestSync } from './sync-progress';

/** Demo-only encryption key for the stored secrets: fixed, so every session can read them. */
const DEMO_ENCRYPTION_KEY = `demo:${Buffer.alloc(32, 0x5a).toString('base64')}`;
const STOP_GRACE_MS = 20_000;

class Demo {
  readonly apps: ChildApp[] = [];
  private sims: Simulators | undefined;
  private audit: AuditReader | undefined;
  private crashed: Error | undefined;
  private stopping: Promise<boolean> | undefined;
  private watching = false;
  /** Stopped by a signal: errors of the steps cut short are expected then, not reported. */
  interrupted = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: DemoOptions) {}

  /** Why the steps in progress must stop: an app died, or the demo is shutting down. */
  private readonly cutShort = (): Error | undefined =>
    this.crashed ?? (this.stopping ? new Error('the demo is stopping') : undefined);

  async run(): Promise<number> {
    const o = this.options;
    const databaseUrl = demoDatabaseUrl(o.database);
    const brokerUrl = rabbitmqUrl();
    const workDir = join(tmpdir(), 'ml-connector-demo', o.database);
    mkdirSync(workDir, { recursive: true, mode: 0o700 });

    await prepareInfrastructure(o, databaseUrl, brokerUrl);

    heading('Simulators');
    this.sims = await startSimulators(o);
    const sims = this.sims;
    const employees = sims.peoplesoft.dataset.employees;
    step(
      `PeopleSoft ${sims.peoplesoftUrl}  ${fmt(employees.personCount)} employees ` +
        `(${fmt(employees.rowCount)} JOB rows), ${fmt(o.vendors)} vendors, ${fmt(o.customers)} customers, seed ${o.seed}`,
    );
    step(
      `HubSpot    ${sims.hubspotUrl}  portal ${sims.hubspot.portalId}, ${DEMO_REQUESTS_PER_10S} requests per 10 s`,
    );

    this.audit = new AuditReader(databaseUrl);
    const existingId = await this.audit.connectionIdByName(o.connectionName);
    let restored: Restored | undefined;
    if (existingId && (await this.audit.recordCount(existingId)) > 0) {
      heading(
        `Incremental session: reusing database ${o.database} and connection "${o.connectionName}"`,
      );
      restored = await restoreSession(this.audit, existingId, sims);
    }

    heading('Apps');
    const adminKey = randomBytes(24).toString('base64url');
    const keyFile = join(workDir, 'admin-key');
    writeFileSync(keyFile, `${adminKey}\n`, { mode: 0o600 });
    const env = await this.appEnv(databaseUrl, brokerUrl, adminKey);
    const apiUrl = `http://127.0.0.1:${o.apiPort}`;
    const [api, writer] = await Promise.all([
      this.startAndWait('api', env.api, `${apiUrl}/health/ready`, workDir),
      this.startAndWait('writer', env.writer, `${env.writerHealth}/health/ready`, workDir),
    ]);
    step(`api     pid ${api.child.pid}  ${apiUrl}  (log ${api.logFile})`);
    step(`writer  pid ${writer.child.pid}  metrics ${env.writerHealth}/metrics`);
    step(`Admin API key ${mask(adminKey)} (the whole key is in ${keyFile}, readable by you only)`);
    const admin = new AdminClient(apiUrl, adminKey);

    heading('Connection');
    const { connection, reused } = await createOrReuseConnection(
      admin,
      o.connectionName,
      sims,
      o.cron,
    );
    step(
      `${reused ? 'Reusing' : 'Created'} connection "${connection.name}" ${connection.id} (schedule "${o.cron}" UTC)`,
    );
    step(`POST /connections/${connection.id}/test`);
    const report = await testConnection(admin, connection.id);
    if (!report.ok) throw new Error('the connection test failed (see the checks above)');

    let incremental: IncrementalSetup | undefined;
    if (restored) {
      heading('PeopleSoft changes');
      // Changes an interrupted session left in the queue are written first, so they are not
      // mistaken for this run's, and the records changed below are picked among synced ones.
      await finishEarlierRuns(admin, connection.id, this.cutShort);
      incremental = { restored, changes: await changePeopleSoft(this.audit, connection.id, sims) };
    }

    heading(incremental ? 'Incremental sync' : 'Initial sync');
    const before = sims.hubspot.counterSnapshot();
    // The sync is queued before the poller starts, so its first poll is this run and not a
    // scheduled one that would take the changes above before the run we follow.
    let request = await requestSync(admin, connection.id);
    if (request.ours)
      step(`POST /connections/${connection.id}/sync -> run ${request.runId} queued`);
    const poller = await this.startAndWait(
      'poller',
      env.poller,
      `${env.pollerHealth}/health/ready`,
      workDir,
    );
    step(`poller  pid ${poller.child.pid} started; metrics ${env.pollerHealth}/metrics`);
    const shownRuns = new Set<string>();
    if (!request.ours) {
      step(
        `Run ${request.runId} from an earlier session is still pending: letting it finish first`,
      );
      shownRuns.add(
        (await followRun(admin, request.runId, o.stallSeconds * 1000, this.cutShort)).id,
      );
      request = await requestSync(admin, connection.id);
      step(`POST /connections/${connection.id}/sync -> run ${request.runId}`);
    }
    const run = await followRun(admin, request.runId, o.stallSeconds * 1000, this.cutShort);
    shownRuns.add(run.id);
    // From the poller's start of the run: the time the connector took, not the demo's setup.
    const runStart = Date.parse(run.startedAt ?? run.requestedAt);
    const summary = await this.summarize(admin, connection.id, run, before, Date.now() - runStart);
    printSummary(summary, DEMO_REQUESTS_PER_10S);
    printUrls(apiUrl, env, sims, workDir);
    const ok = run.status === 'succeeded';

    if (o.once) {
      say(
        JSON.stringify(
          machineSummary(summary, {
            options: o,
            connectionId: connection.id,
            incremental,
            apiUrl,
            keyFile,
            workDir,
          }),
        ),
      );
      return (await this.shutdown('--once: the first sync is done')) && ok ? 0 : 1;
    }
    heading(
      `Running on the schedule "${o.cron}" (UTC). Ctrl-C stops every process the demo started.`,
    );
    say(`  Change PeopleSoft and watch the next run carry it, e.g.:`);
    say(
      `    curl -s -X POST ${sims.peoplesoftUrl}/__sim/employees -H 'content-type: application/json' \\`,
    );
    say(`      -d '{"firstName":"Marie","lastName":"Curie","email":"marie.curie@example.com"}'`);
    this.watching = true;
    await Promise.race([
      watchSchedule(
        admin,
        connection.id,
        run.requestedAt,
        shownRuns,
        () => this.stopping !== undefined || !!this.crashed,
      ),
      new Promise<void>((resolve) => (this.wake = resolve)),
    ]);
    if (this.crashed) throw this.crashed;
    return (await (this.stopping ?? this.shutdown('stopping'))) ? 0 : 1;
  }

  /** First Ctrl-C: stop in order. Second: kill at once. */
  onSignal(signal: NodeJS.Signals): void {
    if (this.stopping) {
      say(`Second ${signal}: killing the apps now.`);
      killAppsNow(this.apps);
      process.exit(130);
    }
    this.interrupted = true;
    const stopping = this.shutdown(`${signal} received`);
    if (this.watching) {
      // run() is waiting on the schedule: it returns with the shutdown's result.
      this.wake?.();
      return;
    }
    void stopping.then(() => {
      say('Interrupted before the first sync finished.');
      process.exit(130);
    });
  }

  /** SIGTERM to every app, SIGKILL after the grace period, then the simulators; true when clean. */
  shutdown(reason: string): Promise<boolean> {
    this.stopping ??= (async () => {
      heading(`Stopping (${reason})`);
      let clean = true;
      if (this.apps.length > 0) {
        say(
          `  SIGTERM to ${this.apps.map((a) => a.name).join(', ')}; SIGKILL after ${STOP_GRACE_MS / 1000} s`,
        );
        for (const result of await stopApps(this.apps, STOP_GRACE_MS)) {
          clean &&= result.result === 0 && !result.killed;
          say(
            `  ${result.name.padEnd(7)} ${result.killed ? 'killed (SIGKILL)' : `exited ${result.result}`}`,
          );
        }
      }
      await this.audit?.close().catch(() => undefined);
      if (this.sims) {
        await this.sims.stop();
        say('  simulators stopped');
      }
      return clean;
    })();
    return this.stopping;
  }

  private async appEnv(databaseUrl: string, brokerUrl: string, adminKey: string) {
    const pollerPort = await freePort();
    const writerPort = await freePort();
    const base: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      RABBITMQ_URL: brokerUrl,
      QUEUE_PREFIX: this.options.queuePrefix,
      ML_ENCRYPTION_KEY: DEMO_ENCRYPTION_KEY,
      ML_PREVIOUS_ENCRYPTION_KEYS: '',
      ADMIN_API_KEYS: adminKey,
      API_PORT: String(this.options.apiPort),
      API_HOST: '127.0.0.1',
      HEALTH_HOST: '127.0.0.1',
      POLLER_TICK_MS: '1000',
      WRITER_LINGER_MS: '100',
      LOG_LEVEL: process.env.LOG_LEVEL || 'info',
    };
    return {
      api: base,
      poller: { ...base, HEALTH_PORT: String(pollerPort) },
      writer: { ...base, HEALTH_PORT: String(writerPort) },
      pollerHealth: `http://127.0.0.1:${pollerPort}`,
      writerHealth: `http://127.0.0.1:${writerPort}`,
    };
  }

  private async startAndWait(
    name: AppName,
    env: NodeJS.ProcessEnv,
    readyUrl: string,
    logDir: string,
  ): Promise<ChildApp> {
    const stop = this.cutShort();
    if (stop) throw stop;
    const app = startApp(name, env, logDir);
    this.apps.push(app);
    void app.exited.then((result) => {
      if (this.stopping) return;
      this.crashed ??= new Error(
        `the ${name} exited unexpectedly (${result}); its last lines (${app.logFile}):\n${app.tail()}`,
      );
      this.wake?.();
    });
    await waitUntilReady(app, readyUrl);
    return app;
  }

  private async summarize(
    admin: AdminClient,
    connectionId: string,
    run: RunDetail,
    before: SimCounters,
    wallMs: number,
  ): Promise<SyncSummary> {
    const sims = this.sims as Simulators;
    const untouched = await (this.audit as AuditReader).untouchedSynced(connectionId, run.id);
    return {
      run,
      unchanged: run.outcomes.unchanged + untouched,
      records: finalEvents(run) + run.outcomes.invalid,
      wallMs,
      reasons: await topReasons(admin, connectionId, run.id),
      hubspot: hubspotFigures(before, sims.hubspot.counterSnapshot(), sims.hubspot.state(false)),
    };
  }
}

async function main(): Promise<void> {
  let options: DemoOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    say(USAGE);
    return;
  }
  say('ml-connector demo: PeopleSoft -> HubSpot, both simulated');
  const demo = new Demo(options);
  process.on('SIGINT', () => demo.onSignal('SIGINT'));
  process.on('SIGTERM', () => demo.onSignal('SIGTERM'));
  process.on('exit', () => killAppsNow(demo.apps));
  const started = Date.now();
  let code: number;
  try {
    code = await demo.run();
  } catch (error) {
    if (demo.interrupted) return; // the signal handler exits once everything has stopped
    say();
    say(`demo failed: ${errorText(error)}`);
    await demo.shutdown('after the failure');
    code = 1;
  }
  say(`Done in ${seconds(Date.now() - started)} (exit code ${code}).`);
  process.exit(code);
}

void main();
