import { appendFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { ConnectionsModule, ConnectionsService } from '@ml/connections';
import { HubSpotSimulator, type FaultSettings as HubSpotFaults } from '@ml/hubspot-simulator';
import { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  freePort,
  queueDepths,
  startApp,
  waitFor,
  type AppName,
  type AppProcess,
  type TestEnvironment,
} from '@ml/testing';
import { primaryJobs, verify, type AuditRow, type Verdict } from './truth';

/** Records per scenario: 2,000 by default (CI), CHAOS_RECORDS=10000 for the issue's full size. */
export const CHAOS_RECORDS = positiveInteger(process.env.CHAOS_RECORDS, 2_000);

/**
 * HubSpot requests per rolling 10 s. Well under a real portal's 190 with batches of 25 (not 100),
 * so that a sync of 2,000 records lasts long enough for faults to land mid-batch.
 */
const DEFAULT_LIMIT = 100;
const OPRID = 'ML_SYNC';
const PASSWORD = 'chaos-secret-password';

export interface RigOptions {
  /** Short name, used for the database, the vhost and the report. */
  readonly label: string;
  readonly records?: number;
  /** HubSpot requests per rolling 10 s: the portal's limit in the simulator and the connection. */
  readonly limit?: number;
  readonly hubspotFaults?: Partial<HubSpotFaults>;
  readonly peoplesoftLatencyMs?: number;
  /** The connection's PeopleSoft request time-out. */
  readonly peoplesoftTimeoutMs?: number;
  /**
   * PeopleSoft query maxrows: small windows make a full read many requests long. It must stay
   * above the generator's mass-update rows sharing one LASTUPDDTTM (min(200, records / 10)),
   * or the poller rightly refuses the window ("raise maxrows").
   */
  readonly maxRows?: number;
  /** Extra environment for every app process. */
  readonly env?: NodeJS.ProcessEnv;
}

interface Running {
  readonly kind: AppName;
  readonly app: AppProcess;
  readonly healthUrl: string;
  /** SIGKILLed on purpose: its exit is part of the scenario, not a failure. */
  killed: boolean;
}

export interface Convergence {
  readonly verdict: Verdict;
  readonly converged: boolean;
  /** Seconds from the sync's start (first poller started) to convergence, or to giving up. */
  readonly seconds: number;
  readonly outbox: number;
  readonly queues: Record<string, { ready: number; unacked: number }>;
  readonly pending: number;
  /** Why the wait ended without convergence, if it did. */
  readonly stopReason?: string;
}

export interface ScenarioReport {
  readonly scenario: string;
  readonly line: string;
}

/**
 * One chaos scenario's world: a database and vhost of its own, both simulators in-process, one
 * connection, and the apps as real processes that can be started, SIGKILLed and restarted.
 * Everything it observes comes from the simulators, the broker or SQL, never from the apps' logs.
 */
export class ChaosRig {
  readonly records: number;
  readonly limit: number;
  private readonly running = new Map<string, Running>();
  private readonly timeline: string[] = [];
  private startedAt = 0;
  private mutations = 0;
  /** Employees hired during the scenario: the truth holds records + hired people. */
  hired = 0;
  private serial = 0;

  private constructor(
    readonly options: RigOptions,
    readonly env: TestEnvironment,
    readonly peoplesoft: PeopleSoftSimulator,
    readonly hubspot: HubSpotSimulator,
    readonly connectionId: string,
    private readonly observer: Pool,
    private readonly apiPort: number,
  ) {
    this.records = options.records ?? CHAOS_RECORDS;
    this.limit = options.limit ?? DEFAULT_LIMIT;
  }

  static async create(options: RigOptions): Promise<ChaosRig> {
    const records = options.records ?? CHAOS_RECORDS;
    const limit = options.limit ?? DEFAULT_LIMIT;
    const env = await createTestEnvironment(`chaos_${options.label}`);
    const token = `pat-na1-${randomUUID()}`;
    const peoplesoft = new PeopleSoftSimulator({
      employees: records,
      vendors: 0,
      customers: 0,
      user: OPRID,
      password: PASSWORD,
      latencyMs: options.peoplesoftLatencyMs ?? 0,
    });
    const hubspot = new HubSpotSimulator({
      tokens: [token],
      requestsPer10s: limit,
      faults: options.hubspotFaults,
    });
    const [peoplesoftUrl, hubspotUrl] = await Promise.all([peoplesoft.start(), hubspot.start()]);
    const moduleRef = await compileOnDatabase(env.config, { imports: [ConnectionsModule] });
    let connectionId: string;
    try {
      const fixture = connectionFixture(`chaos-${options.label}`, {
        peoplesoftUrl,
        hubspotUrl,
        hubspotToken: token,
        oprid: OPRID,
        password: PASSWORD,
        requestsPer10Seconds: limit,
        cron: '*/2 * * * * *',
        maxRows: Math.max(options.maxRows ?? 500, Math.min(200, Math.floor(records / 10)) + 50),
      });
      const created = await moduleRef.get(ConnectionsService).create({
        ...fixture,
        peoplesoft: { ...fixture.peoplesoft, timeoutMs: options.peoplesoftTimeoutMs ?? 5_000 },
      });
      connectionId = created.id;
    } finally {
      await moduleRef.close();
    }
    const observer = new Pool({
      connectionString: env.database.url,
      application_name: 'ml-chaos-observer',
      max: 2,
    });
    observer.on('error', () => undefined);
    return new ChaosRig(
      options,
      env,
      peoplesoft,
      hubspot,
      connectionId,
      observer,
      await freePort(),
    );
  }

  /** Environment of every app: short lease, short time-outs, batches small enough to interleave. */
  private appEnv(kind: AppName, healthPort: number): NodeJS.ProcessEnv {
    return {
      ...this.env.env,
      LOG_LEVEL: 'info',
      API_PORT: String(this.apiPort),
      API_HOST: '127.0.0.1',
      HEALTH_PORT: kind === 'api' ? '0' : String(healthPort),
      HEALTH_HOST: '127.0.0.1',
      POLLER_TICK_MS: '250',
      POLL_LEASE_SECONDS: '5',
      WRITER_LINGER_MS: '100',
      WRITER_BATCH_SIZE: '25',
      WRITER_CONCURRENCY: '4',
      HUBSPOT_TIMEOUT_MS: '2000',
      ...this.options.env,
    };
  }

  /** Starts an app process and waits until it serves; the first poller starts the clock. */
  async start(kind: AppName, label = `${kind}-${++this.serial}`): Promise<AppProcess> {
    const healthPort = kind === 'api' ? this.apiPort : await freePort();
    const app = startApp(kind, this.appEnv(kind, healthPort), label);
    this.running.set(label, {
      kind,
      app,
      healthUrl: `http://127.0.0.1:${healthPort}/health/ready`,
      killed: false,
    });
    if (kind === 'poller' && this.startedAt === 0) this.startedAt = Date.now();
    await app.waitForOutput(
      kind === 'writer'
        ? /writer consuming/
        : kind === 'poller'
          ? /poller .*started/
          : /listening on http/,
      60_000,
    );
    this.note(`${label} started (pid ${app.child.pid})`);
    return app;
  }

  /** SIGKILL: the crash a pod can suffer at any instant, mid-batch or mid-transaction. */
  async kill(label: string): Promise<void> {
    const entry = this.running.get(label);
    if (!entry) throw new Error(`no process ${label}`);
    entry.killed = true;
    await entry.app.kill();
    this.note(`${label} SIGKILLed`);
  }

  app(label: string): AppProcess {
    const entry = this.running.get(label);
    if (!entry) throw new Error(`no process ${label}`);
    return entry.app;
  }

  /** Adds a line to the scenario's timeline (seconds since the sync started). */
  note(event: string): void {
    const at = this.startedAt === 0 ? 0 : (Date.now() - this.startedAt) / 1000;
    this.timeline.push(`${at.toFixed(1)}s ${event}`);
  }

  get events(): readonly string[] {
    return this.timeline;
  }

  async query<T extends object>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result = await this.observer.query(sql, params);
    return result.rows as T[];
  }

  /**
   * Changes PeopleSoft while the sync runs, as HR keeps working during an outage: new names and
   * addresses for some employees, a few hires and terminations. The truth moves with it.
   */
  mutate(counts: { changes: number; hires: number; terminations: number }): void {
    // Only people whose address is theirs alone: changing the address of one of two people who
    // share it would free it for the other, whose refusal (correct when made) stays in the
    // audit until a replay; that is not what a chaos scenario is about.
    const all = primaryJobs(this.peoplesoft.employees());
    const uses = new Map<string, number>();
    for (const e of all) {
      const email = e.email.trim().toLowerCase();
      uses.set(email, (uses.get(email) ?? 0) + 1);
    }
    const people = all.filter(
      (e) => e.emplStatus === 'A' && uses.get(e.email.trim().toLowerCase()) === 1,
    );
    const step = Math.max(
      1,
      Math.floor(people.length / (counts.changes + counts.terminations + 1)),
    );
    let i = 0;
    for (let n = 0; n < counts.changes; n++, i += step) {
      const e = people[i % people.length];
      if (!e) continue;
      this.peoplesoft.changeEmployee(e.emplid, {
        firstName: `Changed${this.mutations}`,
        email: `chaos.changed.${this.mutations++}.${e.emplid.toLowerCase()}@example.com`,
      });
    }
    for (let n = 0; n < counts.terminations; n++, i += step) {
      const e = people[i % people.length];
      if (e) this.peoplesoft.terminate(e.emplid);
    }
    for (let n = 0; n < counts.hires; n++) {
      this.peoplesoft.hire({
        firstName: 'Hired',
        lastName: `Chaos${this.mutations}`,
        email: `chaos.hired.${this.mutations++}@example.com`,
      });
      this.hired += 1;
    }
    this.note(
      `PeopleSoft: ${counts.changes} changed, ${counts.hires} hired, ${counts.terminations} terminated`,
    );
  }

  /** Share of the expected contacts that HubSpot holds now (0..1). */
  progress(): number {
    return this.hubspot.objects('contacts').length / this.records;
  }

  /** Waits until HubSpot holds at least this share of the records: "mid-sync" made concrete. */
  async waitForProgress(share: number, timeoutMs = 180_000): Promise<void> {
    await waitFor(
      `HubSpot to hold ${Math.round(share * 100)} % of ${this.records} records`,
      () => this.progress() >= share,
      timeoutMs,
      25,
    );
    this.note(`HubSpot holds ${this.hubspot.objects('contacts').length} contacts`);
  }

  /** Waits until the poller has committed events that the relay has not yet published. */
  async waitForOutbox(minRows = 1, timeoutMs = 120_000): Promise<number> {
    const rows = await waitFor(
      `${minRows} outbox rows`,
      async () => {
        const n = await this.outboxCount();
        return n >= minRows ? n : undefined;
      },
      timeoutMs,
      20,
    );
    this.note(`outbox holds ${rows} rows`);
    return rows;
  }

  /**
   * Waits until the poller has emitted (committed to the outbox, with the watermark) this share
   * of the records: the moment to hit it mid-run, between two window transactions.
   */
  async waitForEmitted(share: number, timeoutMs = 30_000 + this.records * 15): Promise<number> {
    const emitted = await waitFor(
      `the poller to emit ${Math.round(share * 100)} % of ${this.records} records`,
      async () => {
        const n = await this.emittedCount();
        return n >= share * this.records ? n : undefined;
      },
      timeoutMs,
      20,
    );
    this.note(`poller emitted ${emitted} records`);
    return emitted;
  }

  async emittedCount(): Promise<number> {
    const [row] = await this.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM source_records WHERE connection_id = $1`,
      [this.connectionId],
    );
    return row?.n ?? 0;
  }

  /** The label of the running poller that holds the connection's poll lease now, if any. */
  async leaseHolder(): Promise<string | undefined> {
    const [row] = await this.query<{ holder: string }>(
      `SELECT holder FROM poll_leases WHERE connection_id = $1 AND expires_at > now()`,
      [this.connectionId],
    );
    const pid = Number(row?.holder.split(':')[1]);
    for (const [label, e] of this.running) {
      if (e.kind === 'poller' && !e.killed && e.app.child.pid === pid) return label;
    }
    return undefined;
  }

  async outboxCount(): Promise<number> {
    const [row] = await this.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox`);
    return row?.n ?? 0;
  }

  async audit(): Promise<Map<string, AuditRow>> {
    const rows = await this.query<AuditRow>(
      `SELECT r.source_id, r.status, r.hubspot_id, r.last_error,
              (SELECT count(*)::int FROM sync_attempts a
                WHERE a.record_id = r.id AND a.outcome IN ('failed', 'invalid')) AS failed_attempts
         FROM sync_records r WHERE r.connection_id = $1 AND r.entity = 'employee'`,
      [this.connectionId],
    );
    return new Map(rows.map((r) => [r.source_id, r]));
  }

  /**
   * Waits for quiescence and measures it: converged when HubSpot matches PeopleSoft's truth
   * (nothing lost, nothing wrong, no duplicate), the outbox and every queue of the vhost are
   * empty and no record is pending. Gives up early when the system has been idle for 20 s after
   * a successful poll without converging (a stuck state will not heal), or at the deadline.
   */
  async converge(timeoutMs = 120_000 + this.records * 30): Promise<Convergence> {
    const deadline = Date.now() + timeoutMs;
    let idleSince = Date.now();
    let lastActivity = '';
    let last: Convergence | undefined;
    for (;;) {
      try {
        last = await this.measure();
        const busy =
          last.outbox > 0 ||
          last.pending > 0 ||
          Object.values(last.queues).some((q) => q.ready + q.unacked > 0);
        const v = last.verdict;
        if (
          !busy &&
          v.lost.length === 0 &&
          v.wrong.length === 0 &&
          v.duplicates.length === 0 &&
          v.auditMismatches.length === 0
        ) {
          this.note('converged');
          return last;
        }
        const c = this.hubspot.counterSnapshot();
        const activity = `${busy}|${c.totalRequests}|${last.outbox}|${last.pending}`;
        if (activity !== lastActivity) {
          lastActivity = activity;
          idleSince = Date.now();
        } else if (
          !busy &&
          Date.now() - idleSince > 20_000 &&
          (await this.pollSucceededSince(idleSince))
        ) {
          return { ...last, stopReason: 'idle for 20 s after a successful poll, not converged' };
        }
      } catch (error) {
        // The observer may lose its connection in the database scenarios: try again.
        if (Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) {
        if (!last) throw new Error('no measurement before the deadline');
        return { ...last, stopReason: `not converged within ${timeoutMs / 1000} s` };
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  private async pollSucceededSince(sinceMs: number): Promise<boolean> {
    const [row] = await this.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sync_runs
        WHERE connection_id = $1 AND status = 'succeeded' AND started_at >= $2`,
      [this.connectionId, new Date(sinceMs)],
    );
    return (row?.n ?? 0) > 0;
  }

  private async measure(): Promise<Convergence> {
    const [audit, outbox, depths, pendingRows] = await Promise.all([
      this.audit(),
      this.outboxCount(),
      queueDepths(this.env.vhost.name),
      this.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM sync_records WHERE connection_id = $1 AND status = 'pending'`,
        [this.connectionId],
      ),
    ]);
    return {
      verdict: verify(this.peoplesoft, this.hubspot, audit),
      converged: true,
      seconds: (Date.now() - this.startedAt) / 1000,
      outbox,
      queues: Object.fromEntries(depths),
      pending: pendingRows[0]?.n ?? 0,
    };
  }

  /**
   * Every process not killed on purpose is alive and ready (/health/ready 200). Readiness is
   * waited for (bounded): right after a broker or database outage a probe may still say 503.
   */
  async healthProblems(): Promise<string[]> {
    const problems: string[] = [];
    for (const [label, entry] of this.running) {
      if (entry.killed) continue;
      if (entry.app.child.exitCode !== null || entry.app.child.signalCode !== null) {
        problems.push(
          `${label} exited (${entry.app.child.exitCode ?? entry.app.child.signalCode})`,
        );
        continue;
      }
      try {
        await waitFor(
          `${label} ready`,
          async () => (await fetch(entry.healthUrl)).status === 200,
          30_000,
          250,
        );
      } catch {
        const res = await fetch(entry.healthUrl).catch((e: Error) => e);
        problems.push(
          `${label} not ready: ${res instanceof Error ? res.message : `${res.status} ${await res.text()}`}`,
        );
      }
    }
    return problems;
  }

  /** Failed poll runs, with their errors: PeopleSoft trouble must be visible in the audit. */
  async failedRuns(): Promise<Array<{ error: string | null }>> {
    return this.query(
      `SELECT error FROM sync_runs WHERE connection_id = $1 AND status = 'failed' ORDER BY started_at`,
      [this.connectionId],
    );
  }

  /** Attempts the writers recorded as retried or failed (HubSpot trouble in the audit). */
  async attemptOutcomes(): Promise<Record<string, number>> {
    const rows = await this.query<{ outcome: string; n: number }>(
      `SELECT a.outcome, count(*)::int AS n FROM sync_attempts a
         JOIN sync_records r ON r.id = a.record_id WHERE r.connection_id = $1 GROUP BY a.outcome`,
      [this.connectionId],
    );
    return Object.fromEntries(rows.map((r) => [r.outcome, r.n]));
  }

  /** HubSpot requests the writers logged with a non-200 answer or none (time-out). */
  async loggedRequestFailures(): Promise<Record<string, number>> {
    const rows = await this.query<{ status: string; n: number }>(
      `SELECT coalesce(status::text, 'none') AS status, count(*)::int AS n FROM hubspot_requests
        WHERE connection_id = $1 AND (status IS NULL OR status <> 200) GROUP BY 1`,
      [this.connectionId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** The one-line report, printed to stdout and appended to CHAOS_REPORT_FILE when set. */
  report(scenario: string, c: Convergence): ScenarioReport {
    const v = c.verdict;
    const counters = this.hubspot.counterSnapshot();
    const line =
      `chaos ${scenario}: records ${v.expected} (synced ${v.synced}, rejected with reason ${v.rejected}), ` +
      `lost ${v.lost.length}, duplicates ${v.duplicates.length}, wrong ${v.wrong.length}, ` +
      `max requests in 10 s ${counters.maxRequestsInAnyRolling10s}/${this.limit}, ` +
      `${c.stopReason ? `NOT converged (${c.stopReason}) after` : 'converged in'} ${c.seconds.toFixed(1)} s`;
    console.log(line);
    console.log(`  timeline: ${this.timeline.join(' | ')}`);
    console.log(
      `  HubSpot: ${counters.totalRequests} requests, by status ${JSON.stringify(counters.requestsByStatus)}; ` +
        `outbox ${c.outbox}, queues ${JSON.stringify(c.queues)}, pending ${c.pending}`,
    );
    const file = process.env.CHAOS_REPORT_FILE;
    if (file) appendFileSync(file, `${line}\n`);
    return { scenario, line };
  }

  /** Lines matching `pattern` that the processes of one kind printed (kills included). */
  printed(kind: AppName, pattern: RegExp): string[] {
    return [...this.running.values()]
      .filter((e) => e.kind === kind)
      .flatMap((e) => e.app.output().split('\n'))
      .filter((line) => pattern.test(line));
  }

  /** Output of every process, for a failing assertion's message. */
  logs(chars = 3_000): string {
    return [...this.running]
      .map(
        ([label, e]) =>
          `--- ${label}${e.killed ? ' (killed)' : ''}:\n${e.app.output().slice(-chars)}`,
      )
      .join('\n');
  }

  /** SIGTERM to every live process: resolves with the exit codes of those not killed. */
  async stopAll(): Promise<Record<string, number | null>> {
    const codes: Record<string, number | null> = {};
    await Promise.all(
      [...this.running].map(async ([label, e]) => {
        const code = await e.app.stop();
        if (!e.killed) codes[label] = code;
      }),
    );
    return codes;
  }

  async destroy(): Promise<void> {
    await Promise.all([...this.running.values()].map((e) => e.app.kill()));
    await this.observer.end().catch(() => undefined);
    await Promise.all([this.peoplesoft.stop(), this.hubspot.stop()]);
    await this.env.destroy();
  }
}

function positiveInteger(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`CHAOS_RECORDS must be a positive integer`);
  return n;
}
