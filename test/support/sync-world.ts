import assert from 'node:assert/strict';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { ConnectionsModule, ConnectionsService } from '@ml/connections';
import { HubSpotSimulator } from '@ml/hubspot-simulator';
import { PeopleSoftSimulator } from '@ml/peoplesoft-simulator';
import { startApp, type AppName, type AppProcess } from './app-process';
import { connectionFixture } from './connection-fixture';
import { freePort } from './free-port';
import { employeeSimulators } from './employee-simulators';
import { compileOnDatabase } from './nest-testing';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

export interface SyncWorldOptions {
  /** Short name for the database, the vhost and the connection. */
  readonly label: string;
  readonly employees: number;
  readonly seed?: number;
  readonly hubspotToken: string;
  readonly oprid: string;
  readonly password: string;
  readonly cron: string;
  readonly maxRows?: number;
  /** Started in this order, each awaited until it says it is ready. */
  readonly apps: readonly AppName[];
  /** Extra environment for every app (e.g. ADMIN_API_KEYS). */
  readonly env?: NodeJS.ProcessEnv;
  /** Runs after the simulators start and before the connection exists (e.g. to set faults). */
  readonly beforeConnection?: (peoplesoft: PeopleSoftSimulator) => void;
}

export interface SyncRecordRow {
  readonly source_id: string;
  readonly status: string;
  readonly hubspot_id: string | null;
  readonly last_error: string | null;
}

/** Done with, one way or the other: in HubSpot, or refused with a reason before it was sent. */
export function isSettled(record: SyncRecordRow | undefined): boolean {
  return record !== undefined && (record.status === 'synced' || record.status === 'invalid');
}

/** What each app prints once it serves: the suites wait for it before the first test. */
const READY: Record<AppName, RegExp> = {
  api: /listening on/,
  poller: /poller .*started/,
  writer: /writer consuming/,
};

/**
 * The product as production runs it, for end-to-end suites: a database and vhost of their own,
 * both simulators in this process, one connection created as a user would, and the apps as
 * separate processes built with the test. The poller's and the writer's probes listen on
 * ports of their own (`opsUrl`). stop() fails the suite when an app did not exit 0 on SIGTERM.
 */
export class SyncWorld {
  private readonly started = new Map<AppName, AppProcess>();
  private readonly opsPorts = new Map<AppName, number>();
  private moduleRef: TestingModule | undefined;
  connectionId = '';
  apiUrl = '';

  private constructor(
    readonly options: SyncWorldOptions,
    readonly env: TestEnvironment,
    readonly peoplesoft: PeopleSoftSimulator,
    readonly hubspot: HubSpotSimulator,
  ) {}

  static async start(options: SyncWorldOptions): Promise<SyncWorld> {
    const env = await createTestEnvironment(options.label);
    const { peoplesoft, hubspot } = employeeSimulators({ ...options, requestsPer10s: 190 });
    const world = new SyncWorld(options, env, peoplesoft, hubspot);
    try {
      await world.boot();
      return world;
    } catch (error) {
      await world.stop().catch(() => undefined);
      throw error;
    }
  }

  get db(): DataSource {
    if (!this.moduleRef) throw new Error('the world is not started');
    return this.moduleRef.get(DataSource);
  }

  get apps(): AppProcess[] {
    return [...this.started.values()];
  }

  app(name: AppName): AppProcess {
    const app = this.started.get(name);
    if (!app) throw new Error(`${name} was not started`);
    return app;
  }

  /** Base URL of the poller's or the writer's health and metrics server. */
  opsUrl(name: 'poller' | 'writer'): string {
    const port = this.opsPorts.get(name);
    if (port === undefined) throw new Error(`${name} was not started`);
    return `http://127.0.0.1:${port}`;
  }

  /** The audit's view of every record of the connection, by PeopleSoft id. */
  async records(): Promise<Map<string, SyncRecordRow>> {
    const rows: SyncRecordRow[] = await this.db.query(
      `SELECT source_id, status, hubspot_id, last_error FROM sync_records WHERE connection_id = $1`,
      [this.connectionId],
    );
    return new Map(rows.map((r) => [r.source_id, r]));
  }

  async stop(): Promise<void> {
    const apps = this.apps;
    const codes = await Promise.all(apps.map((app) => app.stop()));
    await this.moduleRef?.close();
    await Promise.all([this.peoplesoft.stop(), this.hubspot.stop()]);
    await this.env.destroy();
    // A clean SIGTERM stop is part of the contract: Kubernetes sends it on every rollout.
    assert.deepEqual(
      codes,
      apps.map(() => 0),
      apps.map((a) => `${a.name}:\n${a.output().slice(-3000)}`).join('\n'),
    );
  }

  private async boot(): Promise<void> {
    const { options } = this;
    const [peoplesoftUrl, hubspotUrl] = await Promise.all([
      this.peoplesoft.start(),
      this.hubspot.start(),
    ]);
    this.moduleRef = await compileOnDatabase(this.env.config, { imports: [ConnectionsModule] });
    options.beforeConnection?.(this.peoplesoft);
    const connection = await this.moduleRef.get(ConnectionsService).create(
      connectionFixture(options.label, {
        peoplesoftUrl,
        hubspotUrl,
        hubspotToken: options.hubspotToken,
        oprid: options.oprid,
        password: options.password,
        cron: options.cron,
        ...(options.maxRows === undefined ? {} : { maxRows: options.maxRows }),
      }),
    );
    this.connectionId = connection.id;
    const common = {
      ...this.env.env,
      POLLER_TICK_MS: '250',
      WRITER_LINGER_MS: '100',
      LOG_LEVEL: 'info',
      ...options.env,
    };
    for (const name of options.apps) {
      const port = await freePort();
      const env =
        name === 'api'
          ? { ...common, API_PORT: String(port), API_HOST: '127.0.0.1' }
          : { ...common, HEALTH_PORT: String(port), HEALTH_HOST: '127.0.0.1' };
      if (name === 'api') this.apiUrl = `http://127.0.0.1:${port}`;
      else this.opsPorts.set(name, port);
      this.started.set(name, startApp(name, env));
    }
    await Promise.all(this.apps.map((app) => app.waitForOutput(READY[app.name as AppName])));
  }
}
