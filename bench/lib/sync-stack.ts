import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AuditModule, RunsRepository } from '@ml/audit';
import { ConnectionsModule, ConnectionsService } from '@ml/connections';
import { HubSpotSimulator } from '@ml/hubspot-simulator';
import {
  compileOnDatabase,
  connectionFixture,
  createTestEnvironment,
  freePort,
  startApp,
  type AppProcess,
  type TestEnvironment,
} from '@ml/testing';
import { waitReady } from './app-readiness';
import { PeopleSoftThread } from './peoplesoft-thread';
import { peakRssMb } from './proc-memory';

export const BENCH_HUBSPOT_TOKEN = 'pat-na1-0bec0bec-0bec-4bec-8bec-0bec0bec0bec';
const OPRID = 'ML_BENCH';
const PASSWORD = 'bench-password-not-secret';
/** Never due by itself during a benchmark: only the first run and requested runs happen. */
const RARE_CRON = '0 0 1 1 *';

export interface StackOptions {
  readonly label: string;
  readonly employees: number;
  readonly writers: number;
  /** The HubSpot simulator's limit per rolling 10 s. */
  readonly portalRequestsPer10s: number;
  /** What the connection tells the writers the limit is. */
  readonly connectionRequestsPer10s: number;
  readonly maxRows?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Remove the generated email collisions (see makeEmailsUnique) before the run. */
  readonly uniqueEmails?: boolean;
}

export interface PeakRss {
  readonly poller: number | null;
  readonly writers: ReadonlyArray<number | null>;
}

/**
 * One isolated run of the real product: its own database and vhost, the HubSpot simulator in
 * this process (the benches read its counters and seed it directly), the PeopleSoft simulator on
 * a thread of its own (its answers take hundreds of milliseconds to build and must not stall the
 * HubSpot one), the poller and N writers as separate processes built from dist/. Always destroy().
 */
export class SyncStack {
  readonly apps: AppProcess[] = [];
  peoplesoftUrl = '';
  hubspotUrl = '';
  private moduleRef: TestingModule | undefined;

  private constructor(
    readonly options: StackOptions,
    readonly env: TestEnvironment,
    readonly peoplesoft: PeopleSoftThread,
    readonly hubspot: HubSpotSimulator,
  ) {}

  static async start(options: StackOptions): Promise<SyncStack> {
    // The two employeeSimulators (@ml/testing) builds, the PeopleSoft one on a thread of its own
    // (which generates its dataset while the database is made).
    const peoplesoft = new PeopleSoftThread({
      employees: options.employees,
      vendors: 0,
      customers: 0,
      user: OPRID,
      password: PASSWORD,
    });
    const env = await createTestEnvironment(options.label).catch(async (error: unknown) => {
      await peoplesoft.stop();
      throw error;
    });
    const hubspot = new HubSpotSimulator({
      tokens: [BENCH_HUBSPOT_TOKEN],
      requestsPer10s: options.portalRequestsPer10s,
    });
    const stack = new SyncStack(options, env, peoplesoft, hubspot);
    try {
      await stack.boot();
      return stack;
    } catch (error) {
      await stack.destroy();
      throw error;
    }
  }

  get db(): DataSource {
    return this.module.get(DataSource);
  }

  get connections(): ConnectionsService {
    return this.module.get(ConnectionsService);
  }

  get runs(): RunsRepository {
    return this.module.get(RunsRepository);
  }

  /** Distinct people in PeopleSoft: one HubSpot contact (or one rejection) each. */
  expectedRecords(): Promise<number> {
    return this.peoplesoft.distinctEmployees();
  }

  /** Creates the connection, due at once: the poller starts its first full read at its next tick. */
  async createConnection(): Promise<{ id: string; createdAtMs: number }> {
    const created = await this.connections.create(
      connectionFixture(`bench-${this.options.label}`, {
        peoplesoftUrl: this.peoplesoftUrl,
        hubspotUrl: this.hubspotUrl,
        hubspotToken: BENCH_HUBSPOT_TOKEN,
        oprid: OPRID,
        password: PASSWORD,
        requestsPer10Seconds: this.options.connectionRequestsPer10s,
        cron: RARE_CRON,
        maxRows: this.options.maxRows ?? 5000,
      }),
    );
    const rows: Array<{ ms: number }> = await this.db.query(
      `SELECT (extract(epoch FROM created_at) * 1000)::float8 AS ms FROM connections WHERE id = $1`,
      [created.id],
    );
    return { id: created.id, createdAtMs: Number(rows[0]?.ms) };
  }

  peakRss(): PeakRss {
    const [poller, ...writers] = this.apps;
    return {
      poller: peakRssMb(poller?.child.pid),
      writers: writers.map((w) => peakRssMb(w.child.pid)),
    };
  }

  describeApps(): string {
    return this.apps.map((a) => `--- ${a.name}:\n${a.output().slice(-1500)}`).join('\n');
  }

  /** SIGTERM to every app; the exit codes, in start order (0 is a clean stop). */
  async stopApps(): Promise<Array<number | null>> {
    const codes = await Promise.all(this.apps.map((a) => a.stop(30_000)));
    this.apps.length = 0;
    return codes;
  }

  async destroy(): Promise<void> {
    await Promise.allSettled(this.apps.map((a) => a.kill()));
    await this.moduleRef?.close().catch(() => undefined);
    await Promise.allSettled([this.peoplesoft.stop(), this.hubspot.stop()]);
    await this.env.destroy();
  }

  private get module(): TestingModule {
    if (!this.moduleRef) throw new Error('the stack is not started');
    return this.moduleRef;
  }

  private async boot(): Promise<void> {
    if (this.options.uniqueEmails) await this.peoplesoft.makeEmailsUnique();
    [this.peoplesoftUrl, this.hubspotUrl] = await Promise.all([
      this.peoplesoft.start(),
      this.hubspot.start(),
    ]);
    this.moduleRef = await compileOnDatabase(this.env.config, {
      imports: [ConnectionsModule, AuditModule],
    });
    const names = ['poller', ...Array.from({ length: this.options.writers }, () => 'writer')];
    await this.startApps(names as Array<'poller' | 'writer'>);
  }

  /** Starts more writer processes (a stack made with `writers: 0` fills the queue first). */
  startWriters(count: number): Promise<void> {
    return this.startApps(Array.from({ length: count }, () => 'writer' as const));
  }

  private async startApps(names: ReadonlyArray<'poller' | 'writer'>): Promise<void> {
    const base: NodeJS.ProcessEnv = {
      ...this.env.env,
      LOG_LEVEL: 'warn',
      POLLER_TICK_MS: '250',
      HEALTH_HOST: '127.0.0.1',
      ...this.options.env,
    };
    const started: Array<{ app: AppProcess; port: number }> = [];
    for (const name of names) {
      const port = await freePort();
      const label = name === 'writer' ? `writer-${this.apps.length}` : name;
      const app = startApp(name, { ...base, HEALTH_PORT: String(port) }, label);
      this.apps.push(app);
      started.push({ app, port });
    }
    await Promise.all(started.map(({ app, port }) => waitReady(app, port)));
  }
}
